package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var lastEvent *events.SQSEvent

func handler(ctx context.Context, event events.SQSEvent) error {
	if lastEvent != nil && len(lastEvent.Records) > 0 {
		log.Printf("previous batch started with %s", lastEvent.Records[0].MessageId)
	}
	lastEvent = &event
	for _, record := range event.Records {
		log.Printf("processing %s", record.MessageId)
	}
	return nil
}

func main() {
	lambda.Start(handler)
}
