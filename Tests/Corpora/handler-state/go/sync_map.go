package main

import (
	"context"
	"log"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var delivered sync.Map

func handler(ctx context.Context, event events.SNSEvent) error {
	for _, record := range event.Records {
		message := record.SNS
		if _, dup := delivered.Load(message.MessageID); dup {
			log.Printf("duplicate %s", message.MessageID)
			continue
		}
		delivered.Store(message.MessageID, message.Message)
	}
	return nil
}

func main() {
	lambda.Start(handler)
}
