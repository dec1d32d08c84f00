package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

var sm *secretsmanager.Client

func handler(ctx context.Context, payload map[string]string) (string, error) {
	out, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(os.Getenv("SIGNING_SECRET_ID"))})
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, []byte(aws.ToString(out.SecretString)))
	mac.Write([]byte(payload["body"]))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	sm = secretsmanager.NewFromConfig(cfg)
	lambda.Start(handler)
}
