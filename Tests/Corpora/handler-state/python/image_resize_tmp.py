import logging
import os
import urllib.parse

import boto3
from PIL import Image

logger = logging.getLogger()
s3 = boto3.client("s3")
THUMB_BUCKET = os.environ["THUMBNAIL_BUCKET"]


def resize(source, target):
    with Image.open(source) as image:
        image.thumbnail((256, 256))
        image.save(target)


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        download_path = f"/tmp/{os.path.basename(key)}"
        upload_path = f"/tmp/thumb-{os.path.basename(key)}"
        s3.download_file(bucket, key, download_path)
        resize(download_path, upload_path)
        s3.upload_file(upload_path, THUMB_BUCKET, key)
        os.remove(download_path)
        os.remove(upload_path)
        logger.info("thumbnail written for %s", key)
