package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	_ "github.com/lib/pq"
)

var dbPassword string

func password(ctx context.Context) (string, error) {
	if dbPassword != "" {
		return dbPassword, nil
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return "", err
	}
	out, err := ssm.NewFromConfig(cfg).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(os.Getenv("DB_PASSWORD_PARAM")), WithDecryption: aws.Bool(true)})
	if err != nil {
		return "", err
	}
	dbPassword = aws.ToString(out.Parameter.Value)
	return dbPassword, nil
}

func handler(ctx context.Context, event map[string]string) (string, error) {
	pw, err := password(ctx)
	if err != nil {
		return "", err
	}
	db, err := sql.Open("postgres", fmt.Sprintf("host=%s user=app password=%s dbname=orders", os.Getenv("DB_HOST"), pw))
	if err != nil {
		return "", err
	}
	defer db.Close()
	var status string
	err = db.QueryRowContext(ctx, "SELECT status FROM orders WHERE id = $1", event["orderId"]).Scan(&status)
	return status, err
}

func main() {
	lambda.Start(handler)
}
