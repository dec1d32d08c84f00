package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

var (
	apiKey  = os.Getenv("PAYMENTS_API_KEY")
	baseURL = os.Getenv("PAYMENTS_URL")
	client  = &http.Client{Timeout: 5 * time.Second}
)

type Charge struct {
	Amount   int    `json:"amount"`
	Currency string `json:"currency"`
}

func handler(ctx context.Context, charge Charge) (int, error) {
	body, _ := json.Marshal(charge)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/charges", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("x-api-key", apiKey)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func main() {
	lambda.Start(handler)
}
