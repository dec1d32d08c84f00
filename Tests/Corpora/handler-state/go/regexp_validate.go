package main

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"

	"github.com/aws/aws-lambda-go/lambda"
)

var (
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-z]{2,}$`)
	allowed      = map[string]bool{"email": true, "name": true}
)

type Contact map[string]string

func handler(ctx context.Context, input json.RawMessage) (Contact, error) {
	var contact Contact
	if err := json.Unmarshal(input, &contact); err != nil {
		return nil, err
	}
	cleaned := Contact{}
	for key, value := range contact {
		if allowed[key] {
			cleaned[key] = value
		}
	}
	if !emailPattern.MatchString(cleaned["email"]) {
		return nil, errors.New("invalid email")
	}
	return cleaned, nil
}

func main() {
	lambda.Start(handler)
}
