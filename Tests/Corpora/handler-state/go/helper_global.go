package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

var recentIPs []string

func remember(ip string) {
	recentIPs = append(recentIPs, ip)
	if len(recentIPs) > 1000 {
		recentIPs = recentIPs[500:]
	}
}

func handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	remember(req.RequestContext.Identity.SourceIP)
	log.Printf("request from %d known addresses", len(recentIPs))
	return events.APIGatewayProxyResponse{StatusCode: 204}, nil
}

func main() {
	lambda.Start(handler)
}
