package main

import (
	"context"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var sessions = map[string]string{}

func handleRequest(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	auth := req.Headers["authorization"]
	if !strings.HasPrefix(auth, "Bearer ") {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusUnauthorized}, nil
	}
	userID := req.RequestContext.Authorizer.JWT.Claims["sub"]
	sessions[userID] = strings.TrimPrefix(auth, "Bearer ")
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK, Body: `{"ok":true}`}, nil
}

func main() {
	lambda.Start(handleRequest)
}
