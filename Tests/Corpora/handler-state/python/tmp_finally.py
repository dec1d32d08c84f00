import json
import logging
import os
import uuid

import boto3

logger = logging.getLogger()
s3 = boto3.client("s3")
EXPORT_BUCKET = os.environ["EXPORT_BUCKET"]


def handler(event, context):
    export_path = f"/tmp/export-{uuid.uuid4()}.json"
    try:
        with open(export_path, "w") as export_file:
            json.dump(event["records"], export_file)
        s3.upload_file(export_path, EXPORT_BUCKET, f"exports/{context.aws_request_id}.json")
    except Exception:
        logger.exception("export failed")
        raise
    finally:
        if os.path.exists(export_path):
            os.remove(export_path)
    return {"statusCode": 200}
