import csv
import tempfile

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    with tempfile.NamedTemporaryFile(mode="w", suffix=".csv", delete=True) as fh:
        writer = csv.writer(fh)
        for row in event["rows"]:
            writer.writerow([row["id"], row["email"]])
        fh.write("\n")
        fh.flush()
        s3.upload_file(fh.name, event["bucket"], event["key"])
    return {"ok": True}
