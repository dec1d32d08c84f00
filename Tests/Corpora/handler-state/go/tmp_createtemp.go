package main

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func convert(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	document, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	scratch, err := os.CreateTemp("", "upload-*.docx")
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	if _, err := scratch.Write(document); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	scratch.Close()
	out, err := exec.CommandContext(ctx, "pandoc", scratch.Name(), "-t", "plain").Output()
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	os.Remove(scratch.Name())
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(out)}, nil
}

func main() {
	lambda.Start(convert)
}
