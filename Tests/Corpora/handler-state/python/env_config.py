import json
import os
import urllib.request

TABLE_NAME = os.environ["TABLE_NAME"]
STAGE = os.environ.get("STAGE", "dev")
API_KEY = os.environ["PAYMENTS_API_KEY"]
TIMEOUT = int(os.getenv("HTTP_TIMEOUT", "5"))
BASE_URL = f"https://payments.{STAGE}.example.com"


def handler(event, context):
    charge = json.loads(event["body"])
    request = urllib.request.Request(
        f"{BASE_URL}/charges",
        data=json.dumps({"amount": charge["amount"], "currency": charge["currency"]}).encode(),
        headers={"x-api-key": API_KEY, "content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        result = json.loads(response.read())
    return {"statusCode": 200, "body": json.dumps({"id": result["id"]})}
