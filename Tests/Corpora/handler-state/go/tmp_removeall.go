package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/aws/aws-lambda-go/lambda"
)

type Job struct {
	Files map[string]string `json:"files"`
}

func handler(ctx context.Context, job Job) (int, error) {
	dir, err := os.MkdirTemp("", "job-*")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	for name, content := range job.Files {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), []byte(content), 0o600); err != nil {
			return 0, err
		}
	}
	entries, err := os.ReadDir(dir)
	return len(entries), err
}

func main() {
	lambda.Start(handler)
}
