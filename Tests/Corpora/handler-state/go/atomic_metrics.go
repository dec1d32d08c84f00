package main

import (
	"context"
	"log"
	"sync/atomic"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var invocationCount int64

func handler(ctx context.Context, event events.EventBridgeEvent) error {
	n := atomic.AddInt64(&invocationCount, 1)
	log.Printf("invocation %d: %s from %s", n, event.DetailType, event.Source)
	return nil
}

func main() {
	lambda.Start(handler)
}
