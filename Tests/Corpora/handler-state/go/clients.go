package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var (
	ddb   *dynamodb.Client
	table = os.Getenv("ORDERS_TABLE")
)

func init() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	ddb = dynamodb.NewFromConfig(cfg)
}

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	var order map[string]interface{}
	if err := json.Unmarshal([]byte(req.Body), &order); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	item, err := attributevalue.MarshalMap(order)
	if err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 400}, nil
	}
	if _, err := ddb.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 500}, err
	}
	return events.APIGatewayProxyResponse{StatusCode: 201}, nil
}

func main() {
	lambda.Start(handler)
}
