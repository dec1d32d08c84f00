import base64
import json
import tempfile

import boto3

textract = boto3.client("textract")


def handler(event, context):
    document = base64.b64decode(event["body"])
    with tempfile.NamedTemporaryFile(suffix=".pdf") as scratch:
        scratch.write(document)
        scratch.flush()
        with open(scratch.name, "rb") as handle:
            result = textract.detect_document_text(Document={"Bytes": handle.read()})
    lines = [block["Text"] for block in result["Blocks"] if block["BlockType"] == "LINE"]
    return {"statusCode": 200, "body": json.dumps({"lines": lines})}
