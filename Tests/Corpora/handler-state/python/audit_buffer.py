import datetime
import json
import os

import boto3

firehose = boto3.client("firehose")
STREAM = os.environ["AUDIT_STREAM"]

AUDIT_EVENTS = []


def record_audit(entry):
    entry["at"] = datetime.datetime.utcnow().isoformat()
    AUDIT_EVENTS.append(entry)
    if len(AUDIT_EVENTS) >= 50:
        flush()


def flush():
    firehose.put_record_batch(
        DeliveryStreamName=STREAM,
        Records=[{"Data": json.dumps(e).encode()} for e in AUDIT_EVENTS],
    )


def handler(event, context):
    for record in event["Records"]:
        change = json.loads(record["body"])
        record_audit({"actor": change["actor"], "action": change["action"], "target": change["target"]})
    return {"batchItemFailures": []}
