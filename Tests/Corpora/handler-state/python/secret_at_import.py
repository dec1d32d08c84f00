import json
import logging
import os

import boto3
import requests

logger = logging.getLogger()

_secrets = boto3.client("secretsmanager")
PARTNER_API_TOKEN = json.loads(
    _secrets.get_secret_value(SecretId=os.environ["PARTNER_SECRET_ID"])["SecretString"]
)["token"]
PARTNER_URL = os.environ["PARTNER_URL"]


def handler(event, context):
    order = json.loads(event["body"])
    response = requests.post(
        f"{PARTNER_URL}/orders",
        json={"sku": order["sku"], "quantity": order["quantity"]},
        headers={"Authorization": f"Bearer {PARTNER_API_TOKEN}"},
        timeout=5,
    )
    if response.status_code >= 400:
        logger.error("partner rejected order: %s", response.text)
        return {"statusCode": 502}
    return {"statusCode": 202}
