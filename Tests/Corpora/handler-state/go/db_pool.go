package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	_ "github.com/lib/pq"
)

var db *sql.DB

func init() {
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=%s sslmode=require",
		os.Getenv("DB_HOST"), os.Getenv("DB_USER"), os.Getenv("DB_PASSWORD"), os.Getenv("DB_NAME"))
	var err error
	db, err = sql.Open("postgres", dsn)
	if err != nil {
		panic(err)
	}
	db.SetMaxOpenConns(1)
}

func handler(ctx context.Context, event map[string]string) (string, error) {
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", event["sku"]).Scan(&name)
	return name, err
}

func main() {
	lambda.Start(handler)
}
