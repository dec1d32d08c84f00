package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var (
	sqsClient *sqs.Client
	clientMu  sync.Once
)

func getClient(ctx context.Context) *sqs.Client {
	clientMu.Do(func() {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			panic(err)
		}
		sqsClient = sqs.NewFromConfig(cfg)
	})
	return sqsClient
}

func handler(ctx context.Context, msg map[string]string) error {
	_, err := getClient(ctx).SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(msg["queue"]), MessageBody: aws.String(msg["body"])})
	return err
}

func main() {
	lambda.Start(handler)
}
