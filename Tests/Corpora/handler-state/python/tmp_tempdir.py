import os
import subprocess
import tempfile

import boto3

s3 = boto3.client("s3")
OUTPUT_BUCKET = os.environ["OUTPUT_BUCKET"]


def handler(event, context):
    bucket = event["detail"]["bucket"]["name"]
    key = event["detail"]["object"]["key"]
    with tempfile.TemporaryDirectory() as workdir:
        source = os.path.join(workdir, "input.docx")
        s3.download_file(bucket, key, source)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", workdir, source], check=True)
        s3.upload_file(os.path.join(workdir, "input.pdf"), OUTPUT_BUCKET, key.replace(".docx", ".pdf"))
    return {"converted": key}
