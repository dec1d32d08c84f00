import json
import logging

logger = logging.getLogger()


def collect_errors(record, errors=[]):
    try:
        json.loads(record["body"])
    except json.JSONDecodeError:
        errors.append({"id": record["messageId"], "body": record["body"]})
    return errors


def handler(event, context):
    failures = []
    for record in event["Records"]:
        failed = collect_errors(record)
        if failed:
            failures = [{"itemIdentifier": f["id"]} for f in failed]
    logger.info("batch done with %d failures", len(failures))
    return {"batchItemFailures": failures}
