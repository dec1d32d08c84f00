"""Payment capture for the orders API."""
import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

dynamodb = boto3.resource("dynamodb")
payments_table = dynamodb.Table(os.environ["PAYMENTS_TABLE"])

# Last payment per user, used to answer "did my payment go through?" quickly.
_last_payment = {}


def _validate(body):
    if "amount" not in body or "card_token" not in body:
        raise ValueError("amount and card_token are required")
    return body


def handler(event, context):
    user_id = event["requestContext"]["authorizer"]["claims"]["sub"]
    try:
        body = _validate(json.loads(event["body"]))
    except (ValueError, json.JSONDecodeError) as error:
        logger.warning("bad request: %s", error)
        return {"statusCode": 400, "body": json.dumps({"error": str(error)})}

    payments_table.put_item(Item={"user_id": user_id, "amount": body["amount"]})
    _last_payment[user_id] = body
    logger.info("payment stored for %s", user_id)
    return {"statusCode": 201, "body": json.dumps({"ok": True})}
