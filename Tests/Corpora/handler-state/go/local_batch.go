package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handler(ctx context.Context, event events.SQSEvent) (events.SQSEventResponse, error) {
	var failures []events.SQSBatchItemFailure
	parsed := make([]map[string]any, 0, len(event.Records))
	for _, record := range event.Records {
		var body map[string]any
		if err := json.Unmarshal([]byte(record.Body), &body); err != nil {
			failures = append(failures, events.SQSBatchItemFailure{ItemIdentifier: record.MessageId})
			continue
		}
		parsed = append(parsed, body)
	}
	log.Printf("parsed %d messages", len(parsed))
	return events.SQSEventResponse{BatchItemFailures: failures}, nil
}

func main() {
	lambda.Start(handler)
}
