import json
import time

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

metrics = Metrics(namespace="Checkout")

cold_start = True
invocations = 0
started_at = time.time()


@metrics.log_metrics
def handler(event, context):
    global cold_start, invocations
    invocations += 1
    if cold_start:
        metrics.add_metric(name="ColdStart", unit=MetricUnit.Count, value=1)
        cold_start = False
    basket = json.loads(event["body"])
    total = sum(line["price"] * line["qty"] for line in basket["lines"])
    return {"statusCode": 200, "body": json.dumps({"total": total, "warm_for": time.time() - started_at})}
