package main

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

var s3Client *s3.Client

func handler(ctx context.Context, event events.S3Event) error {
	workDir, err := os.MkdirTemp("", "thumbs")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)
	for _, record := range event.Records {
		obj, err := s3Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(record.S3.Bucket.Name), Key: aws.String(record.S3.Object.Key)})
		if err != nil {
			return err
		}
		local := filepath.Join(workDir, filepath.Base(record.S3.Object.Key))
		file, err := os.Create(local)
		if err != nil {
			return err
		}
		_, err = io.Copy(file, obj.Body)
		file.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	s3Client = s3.NewFromConfig(cfg)
	lambda.Start(handler)
}
