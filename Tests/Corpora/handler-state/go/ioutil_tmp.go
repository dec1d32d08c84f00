package main

import (
	"context"
	"encoding/base64"
	"io/ioutil"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	name := req.QueryStringParameters["name"]
	body, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	if err := ioutil.WriteFile("/tmp/"+name, body, 0644); err != nil {
		log.Printf("write failed: %v", err)
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	return events.APIGatewayProxyResponse{StatusCode: 201}, nil
}

func main() {
	lambda.Start(handler)
}
