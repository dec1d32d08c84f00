package main

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"
)

var (
	rates     map[string]float64
	ratesOnce sync.Once
)

func loadRates() {
	resp, err := http.Get("https://rates.example.com/latest.json")
	if err != nil {
		return
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(&rates)
}

type Conversion struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

func handler(ctx context.Context, in Conversion) (float64, error) {
	ratesOnce.Do(loadRates)
	return in.Amount * rates[in.Currency], nil
}

func main() {
	lambda.Start(handler)
}
