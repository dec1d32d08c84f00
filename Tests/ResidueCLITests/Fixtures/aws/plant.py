"""Plants FAKE secrets in Lambda functions on a local moto_server, for the `residue aws` tests.

Usage: plant.py ENDPOINT REGION. Every credential here is FAKE. The code package of `orders` is
uploaded where GetFunction's Code.Location points (moto's awslambda-REGION-tasks bucket); the
package of `billing` is not, so fetching it fails and only its configuration can be judged.
"""
import io
import sys
import zipfile

import boto3

endpoint, region = sys.argv[1], sys.argv[2]
session = boto3.session.Session(aws_access_key_id="AKIAFAKEFAKEFAKEFAKE", aws_secret_access_key="fake-secret", region_name=region)
iam = session.client("iam", endpoint_url=endpoint)
lam = session.client("lambda", endpoint_url=endpoint)
s3 = session.client("s3", endpoint_url=endpoint)


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text if isinstance(text, bytes) else text.encode())
    return buffer.getvalue()


role = iam.create_role(RoleName="residue-test", AssumeRolePolicyDocument="{}")["Role"]["Arn"]

inner = zipped({"application.properties": "# mail\nsendgrid.key=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\n"})
orders_code = zipped({
    "app.py": '"""Orders."""\n\nGITHUB_TOKEN = "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"\n\ndef handler(event, context):\n    return {}\n',
    ".env": "# local\nAWS_ACCESS_KEY_ID=AKIAOC7M362Q72OZCPZV\n",
    "lib/settings.jar": inner,
    "static/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
})

lam.create_function(
    FunctionName="orders", Runtime="python3.12", Role=role, Handler="app.handler",
    Code={"ZipFile": orders_code},
    Description="Orders API; alerts to https://hooks.slack.com/services/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",
    Environment={"Variables": {"STRIPE_API_KEY": "sk_live_fq483XZZLT2trKieN4QrCIu1", "LOG_LEVEL": "info"}},
    Tags={"owner": "jane.doe@acme-payments.io", "ci-token": "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", "team": "payments"},
)
lam.create_function(
    FunctionName="billing", Runtime="nodejs20.x", Role=role, Handler="index.handler",
    Code={"ZipFile": zipped({"index.js": "exports.handler = async () => ({});\n"})},
    Environment={"Variables": {"DATABASE_URL": "postgres://orders:oaybhHitbwJuQ5gK@orders-db.internal:5432/orders"}},
)

# Put the orders package where its Code.Location points.
location = lam.get_function(FunctionName="orders")["Code"]["Location"]
host, key = location.split("://", 1)[1].split("/", 1)
bucket = host.split(".s3.", 1)[0]
create = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
s3.create_bucket(Bucket=bucket, **create)
s3.put_object(Bucket=bucket, Key=key, Body=orders_code)
print(location)
