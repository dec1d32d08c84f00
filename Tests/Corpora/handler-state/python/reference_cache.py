import json
import time

import requests

RATES_URL = "https://api.exchangerate.example.com/latest?base=EUR"
_rates = None
_rates_loaded_at = 0.0


def get_rates():
    global _rates, _rates_loaded_at
    if _rates is None or time.time() - _rates_loaded_at > 3600:
        _rates = requests.get(RATES_URL, timeout=5).json()["rates"]
        _rates_loaded_at = time.time()
    return _rates


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    currency = params.get("currency", "USD")
    amount = float(params.get("amount", "0"))
    rate = get_rates().get(currency)
    if rate is None:
        return {"statusCode": 400}
    return {"statusCode": 200, "body": json.dumps({"converted": round(amount * rate, 2)})}
