package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type Order struct {
	ID     string  `json:"id"`
	Email  string  `json:"email"`
	Amount float64 `json:"amount"`
}

// lastOrder lets the status endpoint answer without a database read.
var lastOrder Order

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	var order Order
	if err := json.Unmarshal([]byte(req.Body), &order); err != nil {
		log.Printf("bad request: %v", err)
		return events.APIGatewayProxyResponse{StatusCode: http.StatusBadRequest}, nil
	}
	lastOrder = order
	log.Printf("order %s accepted", order.ID)
	return events.APIGatewayProxyResponse{StatusCode: http.StatusCreated}, nil
}

func main() {
	lambda.Start(handler)
}
