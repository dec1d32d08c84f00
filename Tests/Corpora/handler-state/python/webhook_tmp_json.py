import hashlib
import hmac
import json
import os
import tempfile

import boto3

s3 = boto3.client("s3")
ARCHIVE_BUCKET = os.environ["ARCHIVE_BUCKET"]


def verify(body, signature, key):
    digest = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(digest, signature)


def handler(event, context):
    body = event["body"]
    if not verify(body, event["headers"]["x-signature"], os.environ["WEBHOOK_KEY_PARAM"]):
        return {"statusCode": 401}
    payload = json.loads(body)
    archive_path = os.path.join(tempfile.gettempdir(), f"{payload['id']}.json")
    with open(archive_path, "w") as archive:
        json.dump(payload, archive)
    s3.upload_file(archive_path, ARCHIVE_BUCKET, f"webhooks/{payload['id']}.json")
    return {"statusCode": 204}
