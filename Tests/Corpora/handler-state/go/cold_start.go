package main

import (
	"context"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var (
	coldStart   = true
	invocations int
	startedAt   = time.Now()
)

func handler(ctx context.Context, event events.CloudWatchEvent) error {
	invocations++
	if coldStart {
		log.Printf("cold start after %s", time.Since(startedAt))
		coldStart = false
	}
	log.Printf("invocation %d for %s", invocations, event.DetailType)
	return nil
}

func main() {
	lambda.Start(handler)
}
