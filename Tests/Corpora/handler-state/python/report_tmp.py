import csv
import logging
import os

import boto3

logger = logging.getLogger(__name__)
s3 = boto3.client("s3")
BUCKET = os.environ["REPORT_BUCKET"]
REPORT_PATH = "/tmp/customer-report.csv"


def handler(event, context):
    rows = event["customers"]
    logger.info("writing %d rows", len(rows))
    with open(REPORT_PATH, "w", newline="") as report:
        writer = csv.writer(report)
        writer.writerow(["id", "email", "phone"])
        for row in rows:
            report.write(",".join([row["id"], row["email"], row["phone"]]) + "\n")
    s3.upload_file(REPORT_PATH, BUCKET, f"reports/{context.aws_request_id}.csv")
    return {"statusCode": 200}
