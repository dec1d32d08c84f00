import json
import logging

logger = logging.getLogger()


def parse(record):
    return json.loads(record["body"])


def handler(event, context):
    results = []
    failures = []
    for record in event["Records"]:
        try:
            results.append(parse(record))
        except json.JSONDecodeError:
            logger.warning("bad message %s", record["messageId"])
            failures.append({"itemIdentifier": record["messageId"]})
    summary = {"parsed": len(results)}
    logger.info(json.dumps(summary))
    return {"batchItemFailures": failures}
