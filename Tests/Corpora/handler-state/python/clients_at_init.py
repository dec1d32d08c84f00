import json
import logging
import os

import boto3
from botocore.config import Config

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

_config = Config(retries={"max_attempts": 3, "mode": "standard"})
s3 = boto3.client("s3", config=_config)
sqs = boto3.client("sqs", config=_config)
orders = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
QUEUE_URL = os.environ["FULFILMENT_QUEUE_URL"]


def handler(event, context):
    order = json.loads(event["body"])
    order_id = order["orderId"]
    orders.put_item(Item=order)
    sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({"orderId": order_id}))
    logger.info("order %s queued", order_id)
    return {"statusCode": 202, "body": json.dumps({"orderId": order_id})}
