package main

import (
	"context"
	"log"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(ctx context.Context, event events.KinesisEvent) error {
		total := 0
		for _, record := range event.Records {
			text := strings.TrimSpace(string(record.Kinesis.Data))
			total += len(text)
		}
		log.Printf("processed %d records, %d bytes", len(event.Records), total)
		return nil
	})
}
