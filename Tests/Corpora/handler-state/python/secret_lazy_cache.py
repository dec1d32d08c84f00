import json
import os

import boto3
import pymysql

secrets = boto3.client("secretsmanager")
SECRET_ARN = os.environ["DB_SECRET_ARN"]

_db_credentials = None


def get_credentials():
    global _db_credentials
    if _db_credentials is None:
        response = secrets.get_secret_value(SecretId=SECRET_ARN)
        _db_credentials = json.loads(response["SecretString"])
    return _db_credentials


def handler(event, context):
    credentials = get_credentials()
    connection = pymysql.connect(host=credentials["host"], user=credentials["username"],
                                 password=credentials["password"], database="orders")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM orders WHERE id = %s", (event["pathParameters"]["id"],))
            row = cursor.fetchone()
    finally:
        connection.close()
    return {"statusCode": 200 if row else 404}
