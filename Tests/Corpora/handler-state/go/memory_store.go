package main

import (
	"context"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type Item struct {
	ID    string
	Owner string
	Notes string
}

type memoryStore struct {
	mu    sync.Mutex
	items map[string]Item
}

var store = &memoryStore{items: map[string]Item{}}

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	item := Item{ID: req.PathParameters["id"], Owner: req.RequestContext.Identity.User, Notes: req.Body}
	store.mu.Lock()
	store.items[item.ID] = item
	store.mu.Unlock()
	return events.APIGatewayProxyResponse{StatusCode: 204}, nil
}

func main() {
	lambda.Start(handler)
}
