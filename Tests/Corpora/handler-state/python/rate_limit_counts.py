import time
from collections import defaultdict

REQUEST_COUNTS = defaultdict(int)
WINDOW_STARTED = time.time()
LIMIT = 100


def handler(event, context):
    global WINDOW_STARTED
    if time.time() - WINDOW_STARTED > 60:
        REQUEST_COUNTS.clear()
        WINDOW_STARTED = time.time()
    source_ip = event["requestContext"]["identity"]["sourceIp"]
    REQUEST_COUNTS[source_ip] += 1
    if REQUEST_COUNTS[source_ip] > LIMIT:
        return {"statusCode": 429}
    return {"statusCode": 200}
