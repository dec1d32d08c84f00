package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type Handler struct {
	db       *dynamodb.Client
	lastUser string
}

func (h *Handler) Handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	user, ok := req.RequestContext.Authorizer["principalId"].(string)
	if !ok {
		return events.APIGatewayProxyResponse{StatusCode: http.StatusUnauthorized}, nil
	}
	h.lastUser = user
	return events.APIGatewayProxyResponse{StatusCode: http.StatusOK, Body: `{"user":"` + user + `"}`}, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	h := &Handler{db: dynamodb.NewFromConfig(cfg)}
	lambda.Start(h.Handle)
}
