import json
import os

import pymysql

connection = None


def get_connection():
    global connection
    if connection is None or not connection.open:
        connection = pymysql.connect(
            host=os.environ["DB_HOST"],
            user=os.environ["DB_USER"],
            password=os.environ["DB_PASSWORD"],
            database=os.environ["DB_NAME"],
            connect_timeout=5,
        )
    return connection


def handler(event, context):
    sku = event["pathParameters"]["sku"]
    with get_connection().cursor() as cursor:
        cursor.execute("SELECT name, price FROM products WHERE sku = %s", (sku,))
        row = cursor.fetchone()
    if row is None:
        return {"statusCode": 404}
    return {"statusCode": 200, "body": json.dumps({"name": row[0], "price": float(row[1])})}
