package main

import (
	"context"
	"os"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	scratch, err := os.CreateTemp("", "render-*.md")
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	defer os.Remove(scratch.Name())
	if _, err := scratch.WriteString(req.Body); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	scratch.Close()
	out, err := exec.CommandContext(ctx, "pandoc", scratch.Name(), "-t", "html").Output()
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(out)}, nil
}

func main() {
	lambda.Start(handler)
}
