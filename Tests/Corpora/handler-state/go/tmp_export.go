package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type ExportRequest struct {
	ExportID  string `json:"exportId"`
	Customers string `json:"customers"`
}

var client *s3.Client

func handler(ctx context.Context, req ExportRequest) (string, error) {
	path := filepath.Join(os.TempDir(), req.ExportID+".json")
	if err := os.WriteFile(path, []byte(req.Customers), 0o600); err != nil {
		return "", fmt.Errorf("write export: %w", err)
	}
	file, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer file.Close()
	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(os.Getenv("BUCKET")), Key: aws.String(req.ExportID), Body: file})
	return req.ExportID, err
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		panic(err)
	}
	client = s3.NewFromConfig(cfg)
	lambda.Start(handler)
}
