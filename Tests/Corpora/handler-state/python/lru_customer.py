import json
import os
from functools import lru_cache

import boto3

table = boto3.resource("dynamodb").Table(os.environ["CUSTOMERS_TABLE"])


@lru_cache(maxsize=512)
def load_customer_profile(customer_id):
    item = table.get_item(Key={"pk": f"CUSTOMER#{customer_id}"}).get("Item")
    return item or {}


def handler(event, context):
    customer_id = event["pathParameters"]["customerId"]
    profile = load_customer_profile(customer_id)
    if not profile:
        return {"statusCode": 404}
    return {"statusCode": 200, "body": json.dumps(profile, default=str)}
