package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Profile map[string]types.AttributeValue

var (
	ddb          *dynamodb.Client
	profileCache = map[string]Profile{}
)

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	userID := req.PathParameters["userId"]
	profile, ok := profileCache[userID]
	if !ok {
		out, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(os.Getenv("TABLE")),
			Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: userID}}})
		if err != nil {
			return events.APIGatewayProxyResponse{StatusCode: 500}, err
		}
		profile = out.Item
		profileCache[userID] = profile
	}
	body, _ := json.Marshal(len(profile))
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: string(body)}, nil
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	ddb = dynamodb.NewFromConfig(cfg)
	lambda.Start(handler)
}
