#!/usr/bin/env python3
"""Writes Residue's labelled quality corpus: a small serverless monorepo and its truth file.

    make_serverless_corpus.py OUT_DIR

writes OUT_DIR/repo/ (the tree to scan) and OUT_DIR/truth.tsv (what a perfect scanner reports).
The same output every time: bodies come from random.Random(SEED), the files from the templates
below. Standard library only.

Most files hold nothing to find. Planted values are FAKE but shaped like the real thing (GitHub
and npm tokens carry a valid CRC32, JWTs decode, private keys were generated for this corpus and
are used nowhere); around them are the traps every scanner trips on: placeholders, documentation
keys, references, hashes, UUIDs, test values, look-alikes with bad checksums, lock files.

Templates mark labelled lines at their end, and the marker is removed before writing:
    <line>  ⟪s:FAMILY⟫        a secret the scanner must report on this line (FAMILY: the rule pack)
    <line>  ⟪p:FAMILY⟫        sensitive data (PII) the scanner must report on this line
    <line>  ⟪t:KIND⟫          a trap: any finding on this line is a false positive of this kind
A file given with `trap=KIND` is a trap as a whole (lock files, bundles): any finding in it counts
against KIND. Findings on unlabelled lines count as false positives of kind `unlabelled`.

truth.tsv: `label<TAB>path<TAB>line<TAB>family-or-kind`, label `secret`, `pii` or `trap`; line `*`
for a whole file.
"""

import base64
import json
import os
import random
import re
import string
import sys
import zlib

SEED = 20261130
rng = random.Random(SEED)

ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"
BASE32 = string.ascii_uppercase + "234567"


def pick(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(n, width):
    digits = ""
    while n:
        n, r = divmod(n, 62)
        digits = (string.digits + string.ascii_uppercase + string.ascii_lowercase)[r] + digits
    return digits.rjust(width, "0")


def crc_token(prefix, body_length=30):
    """GitHub / npm style: prefix + body + base62(CRC32(body)) in six characters."""
    body = pick(ALNUM, body_length)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload, alg="HS256"):
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{header}.{body}.{pick(B64URL, 43)}"


def b64(text):
    return base64.b64encode(text.encode()).decode()


# --------------------------------------------------------------------------------------------------
# Planted values (fake) and look-alikes

V = {}
V["AWS_KEY_1"] = "AKIA" + pick(BASE32, 16)
V["AWS_KEY_2"] = "AKIA" + pick(BASE32, 16)
V["AWS_SECRET_1"] = pick(B64, 40)
V["AWS_SECRET_2"] = pick(B64, 40)
V["GH_PAT"] = crc_token("ghp_")
V["GH_PAT_2"] = crc_token("ghp_")
V["GH_PAT_BADCRC"] = V["GH_PAT"][:-6] + "000000"
V["GH_FINE"] = "github_pat_11" + pick(string.ascii_uppercase + string.digits, 20) + "_" + pick(ALNUM, 59)
V["GH_OAUTH"] = crc_token("gho_")
V["NPM"] = crc_token("npm_")
V["NPM_BADCRC"] = "npm_" + pick(ALNUM, 36)
V["GLPAT"] = "glpat-" + pick(ALNUM + "_-", 20)
V["SLACK_BOT"] = f"xoxb-{pick(string.digits, 11)}-{pick(string.digits, 13)}-{pick(ALNUM, 24)}"
V["SLACK_HOOK"] = f"https://hooks.slack.com/services/T0{pick(string.ascii_uppercase + string.digits, 8)}/B0{pick(string.ascii_uppercase + string.digits, 9)}/{pick(ALNUM, 24)}"
V["STRIPE_LIVE"] = "sk_live_51" + pick(ALNUM, 97)
V["STRIPE_RK"] = "rk_live_51" + pick(ALNUM, 97)
V["STRIPE_WHSEC"] = "whsec_" + pick(ALNUM, 32)
V["STRIPE_PK"] = "pk_live_51" + pick(ALNUM, 97)
V["GOOGLE_KEY"] = "AIza" + pick(ALNUM + "_-", 35)
V["GOOGLE_KEY_2"] = "AIza" + pick(ALNUM + "_-", 35)
V["GOCSPX"] = "GOCSPX-" + pick(ALNUM + "_-", 28)
V["SENDGRID"] = f"SG.{pick(B64URL, 22)}.{pick(B64URL, 43)}"
V["MAILGUN"] = "key-" + pick(HEX, 32)
V["TWILIO_TOKEN"] = pick(HEX, 32)
V["TWILIO_SID"] = "AC" + pick(HEX, 32)
V["DD_API"] = pick(HEX, 32)
V["DD_APP"] = pick(HEX, 40)
V["OPENAI"] = "sk-proj-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
V["ANTHROPIC"] = "sk-ant-api03-" + pick(B64URL, 93) + "AA"
V["HF"] = "hf_" + pick(string.ascii_letters, 34)
V["AZURE_STORAGE"] = pick(B64, 86) + "=="
V["JWT_SVC"] = jwt({"sub": "svc-reporting", "iss": "https://auth.orders.internal", "iat": 1718000000, "exp": 1893456000, "scope": "reports:read"})
V["JWT_BAD"] = "eyJ" + pick(B64URL, 30) + ".eyJ" + pick(B64URL, 60) + "." + pick(B64URL, 43)
V["PG_PASS"] = "vR7%23qLz2" + pick(ALNUM, 8)  # a `#` in a URL password is percent-encoded
V["MONGO_PASS"] = pick(ALNUM, 20)
V["REDIS_PASS"] = pick(ALNUM, 32)
V["AMQP_PASS"] = pick(ALNUM, 16)
V["MYSQL_PASS"] = "Xq9" + pick(ALNUM, 11)
V["SSH_PASS"] = "Dq4!" + pick(ALNUM, 10)
V["REDIS_CLI_PASS"] = pick(ALNUM, 24)
V["PGPASSWORD"] = "pg_" + pick(ALNUM, 18)
V["DJANGO_KEY"] = "django-insecure-" + pick(string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50).replace("(", "#").replace(")", "%")
V["FLASK_SECRET"] = pick(HEX, 64)
V["CLIENT_SECRET"] = pick(ALNUM + "~._-", 40)
V["WEBHOOK_SECRET"] = pick(ALNUM, 32)
V["API_KEY_GENERIC"] = pick(ALNUM, 32)
V["API_KEY_GENERIC_2"] = pick(HEX, 48)
V["ACCESS_TOKEN"] = pick(ALNUM, 40)
V["DB_PASSWORD_1"] = "Tr4v3l-" + pick(ALNUM, 9) + "!"
V["DB_PASSWORD_2"] = pick(ALNUM, 18)
V["DB_PASSWORD_3"] = "Kp8$" + pick(ALNUM, 12)
V["SMTP_PASSWORD"] = pick(ALNUM + "!#%", 16)
V["KEYSTORE_PASS"] = pick(ALNUM, 14) + "9"
V["LDAP_PASS"] = "Ld@p-" + pick(ALNUM, 10)
V["ADMIN_PASS"] = pick(ALNUM, 12) + "#7"
V["INI_PASS"] = pick(ALNUM, 15)
V["XML_PASS"] = pick(ALNUM, 13) + "!"
V["TF_PASS"] = pick(ALNUM, 20)
V["COMPOSE_PASS"] = pick(ALNUM, 22)
V["NOTEBOOK_TOKEN"] = pick(ALNUM, 40)
V["ENCRYPTION_KEY"] = base64.b64encode(bytes(rng.randrange(256) for _ in range(32))).decode()
V["SIGNING_SECRET"] = pick(HEX, 32)
V["UUID_1"] = "3f2b8c1e-9a4d-4c6b-8e2f-7d1a5b9c0e4f"
V["UUID_2"] = "b7e4c2a9-1f3d-4e8b-a6c5-9d2e0f1b3a7c"
V["GIT_SHA"] = pick(HEX, 40)
V["SHA256_HEX"] = pick(HEX, 64)
V["BCRYPT"] = "$2b$12$" + pick(ALNUM + "./", 53)

# Values that live only inside base64 (the scanner has to decode them to see them).
V["K8S_DB_URL_B64"] = b64(f"postgresql://reporting:{pick(ALNUM, 20)}@reports-db.prod.svc.cluster.local:5432/reports")
V["K8S_STRIPE_B64"] = b64("sk_live_51" + pick(ALNUM, 97))
V["K8S_USER_B64"] = b64("reporting")
V["K8S_PORT_B64"] = b64("5432")
V["ENV_BLOB_B64"] = b64(f"GITHUB_TOKEN={crc_token('ghp_')}\nLOG_LEVEL=info\n")
V["CERT_B64"] = base64.b64encode(bytes(rng.randrange(256) for _ in range(600))).decode()
V["PNG_B64"] = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(400))).decode()

# Private keys generated for this corpus only (never used anywhere).
RSA_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDahpIp6JOK3FKkgvE3uoMWtSs+45bp+T90gg6xjpAtjjQXZtas
JjT64JuYkTju5LE/Gh3gn5p4LK6M2bCGUdzsUVGR+L8XaGbmjZAxmhE/sMKaHznT
8+cjQ285Fy3XXDFeblf4yo4Ps+r7XJdaFElNYSkPHcojU2LQaW9377opLQIDAQAB
AoGBAMyidh9unzPK7E0IHdEdBILwNsYWpA0IjkaRQCc/pH40i01azS66PKSuTqbJ
X3I+kEjSMSZW73UYCoD1ndu6r1CWHieZPKOUclCmhtPKWxKgdfWQKoX/jbAUsG3q
t9b778N7GCh8+30ZndJF2z7kIF2yh0K5xE8p6igy1zjDqRP1AkEA8khpREcq8Pid
Y5gzPx40FGpvBXlxoOaOrB94KLlqdL5KkeUrPt7GwMR+L2MRxWGLTJJGy7R+PhFV
MGIOtwwKbwJBAObl1C7zatVFHCfdR2c42l2eCuWxUycXfbOHUmTrAoPEjgpkqe0H
B2vuoYCGWcWpoGfR9MukSeaZCleI7SdFBCMCQQDqs1a1+7MPZ+cfWYsbM6kDte8C
gJigY3gGKR3/ZU5I9SXLmxJ/ftNOXYpXYUMPz+RfMrw+DQTWH3hEvFjA3XslAkEA
p58nh6Is54DRbNtGT9hFJntqW898lz+FgMR3e03kuHYDy+XCOpHEwIUvd5eRKl73
VQdl2ER/ZcmqaVu9FqoS0wJAC+koHyVgUN1O+FH18gaWdDoC/E9IX223qWIcsPX0
RsZIrx52XxK/Sd9T0W5/JeiSb6ln8fgG2v/KPCw9ss3ksQ==
-----END RSA PRIVATE KEY-----"""

OPENSSH_KEY = """-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACCu/1CL3JTtmLchOyfQFQN2Cj+xfEJTprOmwLaT8uEkQwAAAJB5KzUleSs1
JQAAAAtzc2gtZWQyNTUxOQAAACCu/1CL3JTtmLchOyfQFQN2Cj+xfEJTprOmwLaT8uEkQw
AAAEBt0+X/x8/z7Q9ds2853C6kH4jlgSe36Rh3Yfy8dsoRe67/UIvclO2YtyE7J9AVA3YK
P7F8QlOms6bAtpPy4SRDAAAACWRlcGxveUBjaQECAwQ=
-----END OPENSSH PRIVATE KEY-----"""

EC_KEY = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKJrwCeD/wTgK4EJlME3IwXKEV93+ikQH6RcIwV47P46oAoGCCqGSM49
AwEHoUQDQgAEtdnhAU/GhJZnjumhxkfgrCfS6C6ho2aJgyyhMoDBNkX3rJ8s3bXA
oFX9I2UXkL2rfjLxzCyjORHLspq/8b3+Pg==
-----END EC PRIVATE KEY-----"""

PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtdnhAU/GhJZnjumhxkfgrCfS6C6h
o2aJgyyhMoDBNkX3rJ8s3bXAoFX9I2UXkL2rfjLxzCyjORHLspq/8b3+Pg==
-----END PUBLIC KEY-----"""

# --------------------------------------------------------------------------------------------------
# Files

FILES = []  # (path, text, whole_file_trap_kind or None)


def add(path, text, trap=None):
    FILES.append((path, text, trap))


add("README.md", """# orders-platform

Serverless back end for the orders, payments, notifications and reporting services.

## Local setup

1. Copy `services/orders/.env.example` to `.env` and fill in your own values.
2. Configure the AWS CLI with a profile for the sandbox account:

```sh
aws configure --profile orders-sandbox
# AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE  ⟪t:docs-example⟫
# AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY  ⟪t:docs-example⟫
```

3. Point the services at a local database:

```sh
export DATABASE_URL=postgres://postgres:postgres@localhost:5432/orders  ⟪t:docs-example⟫
export REDIS_URL=redis://localhost:6379/0
```

The API expects a bearer token: `curl -H "Authorization: Bearer $API_TOKEN" https://api.orders.internal/v1/health`  ⟪t:reference⟫

Secrets are never committed: CI reads them from AWS Secrets Manager (`prod/orders/*`).
""")

add("package.json", json.dumps({
    "name": "orders-platform", "private": True, "workspaces": ["services/*", "web"],
    "scripts": {"deploy": "serverless deploy --stage $STAGE", "test": "jest", "lint": "eslint ."},
    "devDependencies": {"serverless": "^3.38.0", "jest": "^29.7.0", "eslint": "^8.57.0", "typescript": "^5.4.5"},
}, indent=2) + "\n")


def package_lock():
    packages = {"": {"name": "orders-platform", "workspaces": ["services/*", "web"]}}
    names = ["aws-sdk", "axios", "lodash", "uuid", "jsonwebtoken", "stripe", "@sendgrid/mail", "pg", "ioredis",
             "express", "serverless-http", "dotenv", "jest", "typescript", "eslint", "chalk", "debug", "ms", "semver",
             "yargs", "commander", "glob", "minimatch", "rimraf", "source-map", "tslib", "@types/node", "zod", "date-fns"]
    for index in range(240):
        name = names[index % len(names)] + ("" if index < len(names) else f"-{index}")
        packages[f"node_modules/{name}"] = {
            "version": f"{rng.randrange(1, 9)}.{rng.randrange(30)}.{rng.randrange(30)}",
            "resolved": f"https://registry.npmjs.org/{name}/-/{name.split('/')[-1]}-1.0.0.tgz",
            "integrity": "sha512-" + base64.b64encode(bytes(rng.randrange(256) for _ in range(64))).decode(),
            "dev": index % 3 == 0,
        }
    return json.dumps({"name": "orders-platform", "lockfileVersion": 3, "requires": True, "packages": packages}, indent=2) + "\n"


add("package-lock.json", package_lock(), trap="lock-file")


def yarn_lock():
    out = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]
    for index in range(120):
        name = f"pkg-{pick(string.ascii_lowercase, 6)}"
        out += [f'"{name}@^1.{index}.0":', f'  version "1.{index}.3"',
                f'  resolved "https://registry.yarnpkg.com/{name}/-/{name}-1.{index}.3.tgz#{pick(HEX, 40)}"',
                "  integrity sha512-" + base64.b64encode(bytes(rng.randrange(256) for _ in range(64))).decode(), ""]
    return "\n".join(out) + "\n"


add("web/yarn.lock", yarn_lock(), trap="lock-file")


def poetry_lock():
    out = []
    for index in range(60):
        name = rng.choice(["boto3", "botocore", "requests", "urllib3", "pydantic", "sqlalchemy", "psycopg2-binary", "redis", "jmespath", "six"]) + (f"-ext{index}" if index >= 10 else "")
        out += ["[[package]]", f'name = "{name}"', f'version = "1.{index}.0"', 'description = ""', "optional = false",
                'python-versions = ">=3.8"', "files = ["]
        for _ in range(2):
            out.append(f'    {{file = "{name}-1.{index}.0-py3-none-any.whl", hash = "sha256:{pick(HEX, 64)}"}},')
        out += ["]", ""]
    out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"', f'content-hash = "{pick(HEX, 64)}"']
    return "\n".join(out) + "\n"


add("services/reports/poetry.lock", poetry_lock(), trap="lock-file")

add("services/notifications/go.sum", "\n".join(
    f"github.com/{pick(string.ascii_lowercase, 7)}/{pick(string.ascii_lowercase, 5)} v1.{i}.0 h1:{base64.b64encode(bytes(rng.randrange(256) for _ in range(32))).decode()}"
    for i in range(80)) + "\n", trap="lock-file")

add("infra/terraform/.terraform.lock.hcl", """# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.54.1"
  constraints = "~> 5.0"
  hashes = [
""" + "\n".join(f'    "{p}:{h}",' for p, h in [("h1", base64.b64encode(bytes(rng.randrange(256) for _ in range(32))).decode())] + [("zh", pick(HEX, 64)) for _ in range(12)]) + """
  ]
}
""", trap="lock-file")

# ---------------------------------------------------------------- orders service (Python)

add("services/orders/serverless.yml", """service: orders

frameworkVersion: "3"

provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  stage: ${opt:stage, 'dev'}
  environment:
    TABLE_NAME: ${self:service}-${sls:stage}-orders
    DB_PASSWORD: ${ssm:/orders/${sls:stage}/db-password}  ⟪s:serverless-config⟫
    STRIPE_SECRET_KEY: ${env:STRIPE_SECRET_KEY}  ⟪t:reference⟫
    SLACK_SIGNING_SECRET: ${file(./secrets.${sls:stage}.json):slackSigningSecret}  ⟪t:reference⟫
    API_KEY: !Ref OrdersApiKey  ⟪t:reference⟫
    SENTRY_DSN: https://public@sentry.example.com/1
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [secretsmanager:GetSecretValue]
          Resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-AbCdEf  ⟪t:arn⟫

functions:
  createOrder:
    handler: handler.create_order
    events:
      - httpApi: { path: /orders, method: post }
  legacyImport:
    handler: legacy.import_orders
    environment:
      LEGACY_API_TOKEN: @@ACCESS_TOKEN@@  ⟪s:generic⟫
""")

add("services/orders/handler.py", """import json
import logging
import os

import boto3
import requests

logger = logging.getLogger(__name__)
dynamodb = boto3.resource("dynamodb")
TABLE = dynamodb.Table(os.environ["TABLE_NAME"])
DB_PASSWORD = os.environ.get("DB_PASSWORD")  ⟪t:reference⟫
STRIPE_KEY = os.getenv("STRIPE_SECRET_KEY", "")  ⟪t:reference⟫

# TODO: move to Secrets Manager before launch
SLACK_WEBHOOK = "@@SLACK_HOOK@@"  ⟪s:slack⟫
GITHUB_TOKEN = "@@GH_PAT@@"  ⟪s:github⟫


def create_order(event, context):
    body = json.loads(event["body"])
    order_id = body.get("id") or context.aws_request_id
    TABLE.put_item(Item={"pk": f"ORDER#{order_id}", "status": "NEW", **body})
    notify(f"order {order_id} created")
    return {"statusCode": 201, "body": json.dumps({"id": order_id})}


def notify(text):
    try:
        requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=3)
    except requests.RequestException:
        logger.exception("slack notification failed")
""")

add("services/orders/legacy.py", """\"\"\"Imports orders from the legacy ERP (read-only).\"\"\"
import os

import psycopg2

ERP_DSN = "host=erp-db.internal dbname=erp user=orders_ro password=@@DB_PASSWORD_1@@"  ⟪s:generic⟫
PAGE_SIZE = 500
password_hint = "ask #platform for the ERP read-only login"  ⟪t:label⟫


def import_orders(event, context):
    password = os.environ["ERP_PASSWORD"]  ⟪t:reference⟫
    conn = psycopg2.connect(host="erp-db.internal", user="orders_ro", password=password)  ⟪t:reference⟫
    with conn.cursor() as cursor:
        cursor.execute("SELECT id, total FROM orders WHERE exported = false LIMIT %s", (PAGE_SIZE,))
        return [dict(id=row[0], total=row[1]) for row in cursor.fetchall()]
""")

add("services/orders/.env", """# local development only -- do not commit (it was committed anyway)
STAGE=dev
AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=@@AWS_KEY_1@@  ⟪s:aws⟫
AWS_SECRET_ACCESS_KEY=@@AWS_SECRET_1@@  ⟪s:aws⟫
DATABASE_URL=postgresql://orders_app:@@PG_PASS@@@orders-db.cluster-c9akciq32ldn.eu-west-1.rds.amazonaws.com:5432/orders  ⟪s:connection-strings⟫
REDIS_URL=rediss://default:@@REDIS_PASS@@@orders-cache.abc123.ng.0001.euw1.cache.amazonaws.com:6379  ⟪s:connection-strings⟫
STRIPE_SECRET_KEY=@@STRIPE_LIVE@@  ⟪s:stripe⟫
STRIPE_WEBHOOK_SECRET=@@STRIPE_WHSEC@@  ⟪s:stripe⟫
SENDGRID_API_KEY=@@SENDGRID@@  ⟪s:sendgrid⟫
JWT_SECRET=@@SIGNING_SECRET@@  ⟪s:generic⟫
LOG_LEVEL=debug
FEATURE_FLAGS=bulk-import,new-checkout
""")

add("services/orders/.env.example", """STAGE=dev
AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=  ⟪t:placeholder⟫
AWS_SECRET_ACCESS_KEY=your-secret-access-key  ⟪t:placeholder⟫
DATABASE_URL=postgresql://orders_app:<password>@localhost:5432/orders  ⟪t:placeholder⟫
REDIS_URL=redis://localhost:6379
STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx  ⟪t:placeholder⟫
STRIPE_WEBHOOK_SECRET=whsec_...  ⟪t:placeholder⟫
SENDGRID_API_KEY=SG.your-key-here  ⟪t:placeholder⟫
JWT_SECRET=change-me-to-a-long-random-string  ⟪t:placeholder⟫
DB_PASSWORD=changeme  ⟪t:placeholder⟫
API_TOKEN=<your-api-token>  ⟪t:placeholder⟫
""")

add("services/orders/requirements.txt", """boto3==1.34.120 \\
    --hash=sha256:@@SHA256_HEX@@  ⟪t:hash⟫
requests==2.32.3 \\
    --hash=sha256:""" + pick(HEX, 64) + """
psycopg2-binary==2.9.9
""")

add("services/orders/tests/test_handler.py", """import json
from unittest import mock

import pytest

import handler

TEST_PASSWORD = "test-password"  ⟪t:test-value⟫
FAKE_TOKEN = "fake-token-for-unit-tests"  ⟪t:test-value⟫


@pytest.fixture
def event():
    return {"body": json.dumps({"id": "o-1", "total": 42})}


@mock.patch.dict("os.environ", {"DB_PASSWORD": "dummy", "API_KEY": "test-api-key"})  ⟪t:test-value⟫
def test_create_order(event):
    with mock.patch.object(handler, "TABLE") as table, mock.patch.object(handler, "notify"):
        response = handler.create_order(event, mock.Mock(aws_request_id="req-1"))
    assert response["statusCode"] == 201
    table.put_item.assert_called_once()


def test_login_rejects_wrong_password(client):
    response = client.post("/login", json={"username": "alice", "password": "wrong-password"})  ⟪t:test-value⟫
    assert response.status_code == 401
""")

add("services/orders/settings.py", """import os

DEBUG = os.environ.get("DEBUG") == "1"
SECRET_KEY = "@@DJANGO_KEY@@"  ⟪s:generic⟫
ALLOWED_HOSTS = ["orders.internal", "localhost"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        "USER": "orders_app",
        "PASSWORD": "@@DB_PASSWORD_2@@",  ⟪s:generic⟫
        "HOST": "orders-db.internal",
        "PORT": "5432",
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orders",
        "USER": "orders_ro",
        "PASSWORD": os.environ["REPLICA_PASSWORD"],  ⟪t:reference⟫
        "HOST": "orders-replica.internal",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},  ⟪t:label⟫
]
PASSWORD_RESET_TIMEOUT = 259200  ⟪t:label⟫
LOGGING_CONFIG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
EMAIL_HOST_PASSWORD = "%(smtp_password)s"  ⟪t:reference⟫
""")

# ---------------------------------------------------------------- payments (TypeScript)

add("services/payments/src/index.ts", """import Stripe from "stripe";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { config } from "./config";

// Publishable key is safe to ship to the browser.
export const STRIPE_PUBLISHABLE_KEY = "@@STRIPE_PK@@";  ⟪t:public⟫

const stripe = new Stripe("@@STRIPE_LIVE@@", { apiVersion: "2024-06-20" });  ⟪s:stripe⟫

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const signature = event.headers["stripe-signature"] ?? "";
  const payload = stripe.webhooks.constructEvent(event.body ?? "", signature, config.webhookSecret);
  if (payload.type === "payment_intent.succeeded") {
    await markPaid(payload.data.object.id);
  }
  return { statusCode: 200, body: "ok" };
};

async function markPaid(paymentIntentId: string): Promise<void> {
  console.log(`payment ${paymentIntentId} succeeded`);
}
""")

add("services/payments/src/config.ts", """export const config = {
  stripeKey: process.env.STRIPE_SECRET_KEY!,  ⟪t:reference⟫
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "",  ⟪t:reference⟫
  apiKey: process.env["PAYMENTS_API_KEY"],  ⟪t:reference⟫
  clientSecret: requireEnv("OAUTH_CLIENT_SECRET"),  ⟪t:reference⟫
  region: process.env.AWS_REGION ?? "eu-west-1",
  timeoutMs: 8000,
};

export const legacyGateway = {
  merchantId: "ACME-ORDERS-01",
  apiKey: "@@API_KEY_GENERIC@@",  ⟪s:generic⟫
  clientSecret: "@@CLIENT_SECRET@@",  ⟪s:generic⟫
  endpoint: "https://gateway.paylegacy.net/v2",
};

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
}
""")

add("services/payments/src/types.ts", """export interface PaymentRequest {
  orderId: string;
  amount: number;
  currency: "EUR" | "USD";
  apiKey?: string;
  password?: string;
}

export type TokenKind = "access_token" | "refresh_token";  ⟪t:label⟫

export const PASSWORD_MIN_LENGTH = 12;
export const TOKEN_HEADER = "x-api-token";  ⟪t:label⟫
""")

add("services/payments/test/payments.test.ts", """import { handler } from "../src/index";

const testSecret = "whsec_test_secret";  ⟪t:test-value⟫
const stripeTestKey = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx";  ⟪t:placeholder⟫

describe("payments handler", () => {
  it("rejects a bad signature", async () => {
    const result = await handler({ headers: { "stripe-signature": "t=1,v1=abc" }, body: "{}" } as any, {} as any, () => {});
    expect(result).toBeDefined();
  });
});
""")

add("services/payments/.npmrc", """registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=@@NPM@@  ⟪s:npm⟫
//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}  ⟪t:reference⟫
@acme:registry=https://npm.pkg.github.com
""")

add("services/payments/package.json", json.dumps({
    "name": "@acme/payments", "version": "1.4.0", "main": "dist/index.js",
    "scripts": {"build": "tsc -p .", "test": "jest"},
    "dependencies": {"stripe": "^15.8.0"}, "devDependencies": {"@types/aws-lambda": "^8.10.138"},
}, indent=2) + "\n")

# ---------------------------------------------------------------- notifications (Go)

add("services/notifications/main.go", """package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/sendgrid/sendgrid-go"
	"github.com/sendgrid/sendgrid-go/helpers/mail"
)

const fallbackSendgridKey = "@@SENDGRID@@"  ⟪s:sendgrid⟫

var (
	apiKey      = os.Getenv("SENDGRID_API_KEY")  ⟪t:reference⟫
	twilioToken = os.Getenv("TWILIO_AUTH_TOKEN")  ⟪t:reference⟫
)

type Notification struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

func handle(ctx context.Context, n Notification) error {
	key := apiKey
	if key == "" {
		key = fallbackSendgridKey
	}
	client := sendgrid.NewSendClient(key)
	message := mail.NewSingleEmail(mail.NewEmail("Orders", "orders@acme-corp.net"), n.Subject, mail.NewEmail("", n.To), n.Body, "")
	response, err := client.SendWithContext(ctx, message)
	if err != nil {
		return fmt.Errorf("sendgrid: %w", err)
	}
	fmt.Println("sent", response.StatusCode)
	return nil
}

func main() {
	lambda.Start(handle)
}
""")

add("services/notifications/sms.go", """package main

import "github.com/twilio/twilio-go"

// Twilio credentials for the SMS fallback.
const (
	twilioAccountSID = "@@TWILIO_SID@@"
	TWILIO_AUTH_TOKEN = "@@TWILIO_TOKEN@@"  ⟪s:twilio⟫
)

func smsClient() *twilio.RestClient {
	return twilio.NewRestClientWithParams(twilio.ClientParams{Username: twilioAccountSID, Password: TWILIO_AUTH_TOKEN})  ⟪t:reference⟫
}
""")

add("services/notifications/config_test.go", """package main

import "testing"

func TestMaskToken(t *testing.T) {
	token := "tok_1234567890abcdef"  ⟪t:test-value⟫
	if got := mask(token); got != "tok_************" {
		t.Fatalf("mask(%q) = %q", token, got)
	}
}
""")

# ---------------------------------------------------------------- reports (Java)

add("services/reports/src/main/java/net/acmecorp/reports/ReportHandler.java", """package net.acmecorp.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

public class ReportHandler implements RequestHandler<Map<String, Object>, String> {
    private static final String JDBC_URL =
        "jdbc:mysql://reports-db.internal:3306/reports?user=reports&password=@@MYSQL_PASS@@&useSSL=true";  ⟪s:connection-strings⟫
    private static final String DB_PASSWORD_ENV = "REPORTS_DB_PASSWORD";  ⟪t:label⟫
    private static final String DATADOG_API_KEY = "@@DD_API@@";  ⟪s:datadog⟫

    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        String password = System.getenv(DB_PASSWORD_ENV);  ⟪t:reference⟫
        try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
            return "rows: " + connection.getMetaData().getDatabaseProductName();
        } catch (Exception e) {
            throw new IllegalStateException("report failed", e);
        }
    }
}
""")

add("services/reports/src/main/resources/application.properties", """spring.application.name=reports
spring.datasource.url=jdbc:postgresql://reports-db.internal:5432/reports
spring.datasource.username=reports
spring.datasource.password=@@DB_PASSWORD_3@@  ⟪s:generic⟫
spring.datasource.hikari.maximum-pool-size=5
management.endpoints.web.exposure.include=health,info
mail.smtp.password=${SMTP_PASSWORD}  ⟪t:reference⟫
server.ssl.key-store-password=@@KEYSTORE_PASS@@  ⟪s:generic⟫
server.ssl.key-store=classpath:keystore.p12
ldap.manager.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)  ⟪t:encrypted⟫
""")

add("services/reports/src/main/resources/application-local.properties", """spring.datasource.url=jdbc:postgresql://localhost:5432/reports
spring.datasource.username=postgres
spring.datasource.password=postgres  ⟪t:dev-default⟫
logging.level.root=DEBUG
""")

add("services/reports/pom.xml", """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>net.acmecorp</groupId>
  <artifactId>reports</artifactId>
  <version>1.0.0</version>
  <properties>
    <java.version>21</java.version>
    <aws.lambda.version>1.2.3</aws.lambda.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId>
      <artifactId>aws-lambda-java-core</artifactId>
      <version>${aws.lambda.version}</version>
    </dependency>
  </dependencies>
</project>
""")

add("services/reports/settings.xml", """<settings>
  <servers>
    <server>
      <id>acme-releases</id>
      <username>deploy</username>
      <password>@@XML_PASS@@</password>  ⟪s:generic⟫
    </server>
    <server>
      <id>acme-snapshots</id>
      <username>deploy</username>
      <password>${env.MAVEN_PASSWORD}</password>  ⟪t:reference⟫
    </server>
  </servers>
</settings>
""")

add("services/reports/report_job.py", """import os

import pandas as pd
from sqlalchemy import create_engine

ENGINE = create_engine(os.environ["REPORTS_DATABASE_URL"])
MONGO_URI = "mongodb+srv://reports:@@MONGO_PASS@@@reports.x7kq2.mongodb.net/analytics?retryWrites=true&w=majority"  ⟪s:connection-strings⟫
SAMPLE_URI = "mongodb://user:pass@localhost:27017/test"  ⟪t:docs-example⟫


def weekly_totals():
    frame = pd.read_sql("SELECT date_trunc('week', created_at) AS week, sum(total) FROM orders GROUP BY 1", ENGINE)
    return frame.to_dict(orient="records")
""")

# ---------------------------------------------------------------- auth service (Node)

add("services/auth/app.js", """'use strict';
const jwt = require('jsonwebtoken');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

const client = new SecretsManagerClient({});
const SERVICE_TOKEN = '@@JWT_SVC@@';  ⟪s:jwt⟫
const ISSUER = 'https://auth.orders.internal';

async function signingKey() {
  const out = await client.send(new GetSecretValueCommand({ SecretId: 'prod/auth/signing-key' }));
  return out.SecretString;
}

exports.handler = async (event) => {
  const token = (event.headers.authorization || '').replace(/^Bearer /, '');  ⟪t:reference⟫
  const key = await signingKey();
  const claims = jwt.verify(token, key, { issuer: ISSUER });
  return { statusCode: 200, body: JSON.stringify({ sub: claims.sub }) };
};

exports.internalHeaders = () => ({ Authorization: `Bearer ${SERVICE_TOKEN}` });  ⟪t:reference⟫
""")

add("services/auth/oauth.js", """module.exports = {
  google: {
    clientId: '418029-k2v9q7m3r8t1.apps.googleusercontent.com',
    clientSecret: '@@GOCSPX@@',  ⟪s:google⟫
    callbackURL: '/auth/google/callback',
  },
  github: {
    clientID: 'Iv1.8a61f9b3a7aba766',
    clientSecret: process.env.GITHUB_CLIENT_SECRET,  ⟪t:reference⟫
  },
  session: {
    secret: '@@WEBHOOK_SECRET@@',  ⟪s:generic⟫
    cookie: { secure: true, maxAge: 3600000 },
  },
};
""")

add("services/auth/fixtures/tokens.json", json.dumps({
    "expired": "@@JWT_BAD@@",
    "malformed": "not-a-jwt",
    "user": {"id": "@@UUID_1@@", "email": "alice@acme-corp.net"},
}, indent=2).replace('"expired": "@@JWT_BAD@@",', '"expired": "@@JWT_BAD@@",  ⟪t:lookalike⟫').replace('"id": "@@UUID_1@@",', '"id": "@@UUID_1@@",  ⟪t:uuid⟫') + "\n")

# ---------------------------------------------------------------- AI summarizer (Python)

add("services/summarizer/handler.py", """import os

from anthropic import Anthropic
from openai import OpenAI

openai_client = OpenAI(api_key="@@OPENAI@@")  ⟪s:ai⟫
anthropic_client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])  ⟪t:reference⟫
HF_TOKEN = "@@HF@@"  ⟪s:ai⟫
MODEL = "claude-3-5-sonnet-20240620"
MAX_TOKENS = 1024  ⟪t:label⟫


def summarize(text: str) -> str:
    message = anthropic_client.messages.create(model=MODEL, max_tokens=MAX_TOKENS, messages=[{"role": "user", "content": text}])
    return message.content[0].text
""")

add("services/summarizer/.env.production", """ANTHROPIC_API_KEY=@@ANTHROPIC@@  ⟪s:ai⟫
HF_HOME=/tmp/hf
TOKENIZERS_PARALLELISM=false
""")

# ---------------------------------------------------------------- infrastructure

add("infra/terraform/main.tf", """terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  username            = "orders_admin"
  password            = random_password.db.result  ⟪t:reference⟫
  skip_final_snapshot = false
}

resource "aws_db_instance" "legacy" {
  identifier = "erp-replica"
  engine     = "mysql"
  username   = "admin"
  password   = "@@TF_PASS@@"  ⟪s:generic⟫
}

resource "aws_lambda_function" "orders" {
  function_name    = "orders-create"
  filename         = "build/orders.zip"
  source_code_hash = filebase64sha256("build/orders.zip")
  runtime          = "python3.12"
  handler          = "handler.create_order"
  environment {
    variables = {
      DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn  ⟪t:reference⟫
      DD_API_KEY             = var.datadog_api_key  ⟪t:reference⟫
    }
  }
}

resource "aws_lambda_layer_version" "deps" {
  layer_name       = "orders-deps"
  source_code_hash = "@@ENCRYPTION_KEY@@"  ⟪t:hash⟫
}
""")

add("infra/terraform/terraform.tfvars", """region          = "eu-west-1"
environment     = "prod"
datadog_api_key = "@@DD_API@@"  ⟪s:datadog⟫
datadog_app_key = "@@DD_APP@@"  ⟪s:datadog⟫
alert_email     = "oncall@acme-corp.net"
""")

add("infra/terraform/variables.tf", """variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "db_password" {
  description = "Master password for the orders database"  ⟪t:label⟫
  type        = string
  sensitive   = true
  default     = ""
}
""")

add("template.yaml", """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: orders platform (SAM)

Parameters:
  DbPassword:
    Type: String
    NoEcho: true

Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 10

Resources:
  AuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: services/auth/
      Handler: app.handler
      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword  ⟪t:reference⟫
          SIGNING_KEY: '{{resolve:secretsmanager:prod/auth/signing-key:SecretString:key}}'  ⟪s:serverless-config⟫
          API_SECRET: !Sub '{{resolve:ssm-secure:/auth/${AWS::StackName}/api-secret}}'  ⟪s:serverless-config⟫
          ANALYTICS_WRITE_KEY: @@API_KEY_GENERIC_2@@  ⟪s:generic⟫
  OrdersDatabase:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: orders_admin
      MasterUserPassword: !GetAtt DbSecret.Password  ⟪t:reference⟫
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "orders_admin"}'
        GenerateStringKey: password  ⟪t:label⟫
        PasswordLength: 32  ⟪t:label⟫
""")

add("docker-compose.yml", """services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: orders
      POSTGRES_PASSWORD: postgres  ⟪t:dev-default⟫
    ports: ["5432:5432"]
  rabbitmq:
    image: rabbitmq:3-management
    environment:
      RABBITMQ_DEFAULT_USER: orders
      RABBITMQ_DEFAULT_PASS: @@COMPOSE_PASS@@  ⟪s:generic⟫
  worker:
    build: ./services/orders
    environment:
      AMQP_URL: amqp://orders:@@AMQP_PASS@@@rabbitmq:5672/  ⟪s:connection-strings⟫
      DATABASE_URL: postgres://orders:${POSTGRES_PASSWORD}@postgres:5432/orders  ⟪t:reference⟫
    depends_on: [postgres, rabbitmq]
""")

add("k8s/reports-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: reports-db
  namespace: reports
type: Opaque
data:
  username: @@K8S_USER_B64@@
  port: @@K8S_PORT_B64@@
  url: @@K8S_DB_URL_B64@@  ⟪s:connection-strings⟫
  stripe-key: @@K8S_STRIPE_B64@@  ⟪s:stripe⟫
""")

add("k8s/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: reports
  namespace: reports
spec:
  replicas: 2
  selector:
    matchLabels: { app: reports }
  template:
    metadata:
      labels: { app: reports }
      annotations:
        checksum/config: @@SHA256_HEX@@  ⟪t:hash⟫
    spec:
      containers:
        - name: reports
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports@sha256:@@SHA256_HEX@@  ⟪t:hash⟫
          env:
            - name: DB_PASSWORD  ⟪t:reference⟫
              valueFrom:
                secretKeyRef: { name: reports-db, key: password }  ⟪t:reference⟫
            - name: API_TOKEN
              value: "{{ .Values.apiToken }}"  ⟪t:reference⟫
""")

add("k8s/sealed-secret.yaml", """apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: payments
spec:
  encryptedData:
    password: AgB""" + pick(B64, 300) + """  ⟪t:encrypted⟫
""")

add("k8s/tls.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: api-tls
type: kubernetes.io/tls
data:
  tls.crt: @@CERT_B64@@  ⟪t:base64-blob⟫
""")

add("ci/env.b64", "@@ENV_BLOB_B64@@  ⟪s:github⟫\n")

add(".github/workflows/deploy.yml", """name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: { id-token: write, contents: read }
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11  ⟪t:git-sha⟫
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy  ⟪t:arn⟫
          aws-region: eu-west-1
      - run: npx serverless deploy --stage prod
        env:
          SERVERLESS_ACCESS_KEY: ${{ secrets.SERVERLESS_ACCESS_KEY }}  ⟪t:reference⟫
          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}  ⟪t:reference⟫
""")

add(".gitlab-ci.yml", """stages: [test, deploy]

variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
  GITLAB_TOKEN: @@GLPAT@@  ⟪s:gitlab⟫

test:
  stage: test
  image: python:3.12
  script:
    - pip install -r services/orders/requirements.txt
    - pytest services/orders/tests

deploy:
  stage: deploy
  script:
    - echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc  ⟪t:reference⟫
    - npx serverless deploy --stage prod
""")

# ---------------------------------------------------------------- scripts and ops

add("scripts/db-backup.sh", """#!/usr/bin/env bash
set -euo pipefail

STAMP=$(date +%Y%m%d)
mysqldump -h erp-db.internal -u backup -p@@MYSQL_PASS@@ erp > "erp-$STAMP.sql"  ⟪s:generic⟫
PGPASSWORD=@@PGPASSWORD@@ pg_dump -h orders-db.internal -U orders_app orders > "orders-$STAMP.sql"  ⟪s:generic⟫
redis-cli -h cache.internal -a @@REDIS_CLI_PASS@@ --rdb "cache-$STAMP.rdb"  ⟪s:generic⟫
sshpass -p '@@SSH_PASS@@' scp ./*.sql backup@archive.internal:/srv/backups/  ⟪s:generic⟫
mysql -u root -p"$MYSQL_ROOT_PASSWORD" -e 'FLUSH LOGS'  ⟪t:reference⟫
psql "postgresql://orders_app:${PGPASSWORD}@orders-db.internal/orders" -c 'VACUUM'  ⟪t:reference⟫
aws s3 cp ./ s3://acme-backups/$STAMP/ --recursive --exclude '*' --include '*.sql'
""")

add("scripts/rotate-keys.py", """#!/usr/bin/env python3
\"\"\"Rotates the IAM access key of the deploy user.\"\"\"
import boto3

iam = boto3.client("iam")
old_key_id = "AKIAIOSFODNN7EXAMPLE"  ⟪t:docs-example⟫
aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  ⟪t:docs-example⟫


def rotate(user_name: str) -> dict:
    new_key = iam.create_access_key(UserName=user_name)["AccessKey"]
    iam.update_access_key(UserName=user_name, AccessKeyId=old_key_id, Status="Inactive")
    return {"id": new_key["AccessKeyId"], "secret": new_key["SecretAccessKey"]}  ⟪t:reference⟫
""")

add("scripts/seed.sql", """INSERT INTO users (id, email, password_hash) VALUES
  ('@@UUID_1@@', 'alice@acme-corp.net', '@@BCRYPT@@'),  ⟪t:hash⟫
  ('@@UUID_2@@', 'bob@acme-corp.net', '$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy');  ⟪t:hash⟫
INSERT INTO api_clients (name, api_key_sha256) VALUES ('reporting', '@@SHA256_HEX@@');  ⟪t:hash⟫
""")

add("scripts/legacy_sync.sh", """#!/bin/sh
# One-off sync from the old FTP drop. Credentials belong to the vendor's sandbox.
export AWS_ACCESS_KEY_ID=@@AWS_KEY_2@@  ⟪s:aws⟫
export AWS_SECRET_ACCESS_KEY=@@AWS_SECRET_2@@  ⟪s:aws⟫
curl -s -H "Authorization: token @@GH_OAUTH@@" https://api.github.com/repos/acme/legacy/releases/latest  ⟪s:github⟫
curl -s -u "sync:$SYNC_PASSWORD" ftp://ftp.vendor.net/drop/ -o drop.zip  ⟪t:reference⟫
""")

add("config/app.ini", """[server]
host = 0.0.0.0
port = 8080

[database]
host = erp-db.internal
user = erp_sync
password = @@INI_PASS@@  ⟪s:generic⟫
password_file = /run/secrets/erp_password  ⟪t:path⟫

[ldap]
bind_dn = cn=svc-orders,ou=services,dc=acme,dc=net
bind_password = @@LDAP_PASS@@  ⟪s:generic⟫
""")

add("config/web.config", """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Orders" connectionString="Server=tcp:orders-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=@@DB_PASSWORD_1@@;Encrypt=True;" providerName="System.Data.SqlClient" />  ⟪s:connection-strings⟫
  </connectionStrings>
  <appSettings>
    <add key="SmtpPassword" value="@@SMTP_PASSWORD@@" />  ⟪s:generic⟫
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=ordersexports;AccountKey=@@AZURE_STORAGE@@;EndpointSuffix=core.windows.net" />  ⟪s:azure⟫
    <add key="PasswordMinLength" value="12" />
    <add key="ApiKeyHeader" value="X-Api-Key" />  ⟪t:label⟫
  </appSettings>
</configuration>
""")

add("config/mail.yaml", """smtp:
  host: smtp.mailgun.org
  port: 587
  username: postmaster@mg.acme-corp.net
  api_key: @@MAILGUN@@  ⟪s:mailgun⟫
  password_env: SMTP_PASSWORD  ⟪t:reference⟫
alerts:
  slack:
    bot_token: @@SLACK_BOT@@  ⟪s:slack⟫
    channel: "#orders-alerts"
""")

add("config/feature-flags.json", json.dumps({
    "flags": {"new-checkout": {"enabled": True, "rollout": 25}, "bulk-import": {"enabled": False}},
    "client": {"sdkKey": "@@UUID_2@@", "pollIntervalSeconds": 30},
}, indent=2).replace('"sdkKey": "@@UUID_2@@",', '"sdkKey": "@@UUID_2@@",  ⟪t:uuid⟫') + "\n")

add("config/deploy-settings.json", json.dumps({
    "environments": {
        "prod": {
            "region": "eu-west-1",
            "notifications": {"pagerduty": {"routingKeyRef": "ssm:/oncall/pagerduty"}},
            "integrations": {"analytics": {"writeKey": "@@API_KEY_GENERIC@@"}},
        }
    },
    "artifact": {"sha256": "@@SHA256_HEX@@", "commit": "@@GIT_SHA@@"},
}, indent=2).replace('"writeKey": "@@API_KEY_GENERIC@@"', '"writeKey": "@@API_KEY_GENERIC@@"  ⟪s:generic⟫')
    .replace('"sha256": "@@SHA256_HEX@@",', '"sha256": "@@SHA256_HEX@@",  ⟪t:hash⟫')
    .replace('"commit": "@@GIT_SHA@@"', '"commit": "@@GIT_SHA@@"  ⟪t:git-sha⟫') + "\n")

add("config/i18n/en.json", json.dumps({
    "login": {"password": "Password", "passwordPlaceholder": "Enter your password", "forgotPassword": "Forgot your password?",
              "passwordTooShort": "Password must be at least 12 characters", "token_expired": "Your session has expired"},
    "settings": {"apiKeyLabel": "API key", "regenerateApiKey": "Regenerate API key", "secretQuestion": "What was the name of your first pet?"},
}, indent=2, ensure_ascii=False) + "\n")

add("mobile/google-services.json", json.dumps({
    "project_info": {"project_number": "418029544117", "project_id": "orders-mobile-7f3a"},
    "client": [{"client_info": {"mobilesdk_app_id": "1:418029544117:android:9f2c1a7b3e5d"},
                "api_key": [{"current_key": "@@GOOGLE_KEY@@"}]}],
}, indent=2).replace('"current_key": "@@GOOGLE_KEY@@"', '"current_key": "@@GOOGLE_KEY@@"  ⟪s:google⟫') + "\n")

add("deploy/keys/deploy_key", OPENSSH_KEY.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----  ⟪s:private-keys⟫", 1) + "\n")
add("deploy/keys/deploy_key.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK7/UIvclO2YtyE7J9AVA3YKP7F8QlOms6bAtpPy4SRD deploy@ci  ⟪t:public⟫\n")
add("certs/api.key", EC_KEY.replace("-----BEGIN EC PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----  ⟪s:private-keys⟫", 1) + "\n")
add("certs/api.pub.pem", PUBLIC_KEY + "\n")
add("services/reports/src/test/resources/legacy-sftp.pem", RSA_KEY.replace("-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----  ⟪s:private-keys⟫", 1) + "\n")

add("docs/integrations.md", """# Integrations

## GitHub

Create a fine-grained token with `contents:read` and store it as `GITHUB_TOKEN` in the repository
secrets. It looks like `github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz`.  ⟪t:docs-example⟫

## Stripe

Use the test-mode key from the dashboard while developing:

```js
const stripe = require('stripe')('sk_test_...');  ⟪t:placeholder⟫
```

## Slack

Incoming webhooks look like `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.  ⟪t:docs-example⟫

## JWT

A decoded token: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`  ⟪t:docs-example⟫

The old CI token (`@@GH_PAT_BADCRC@@`) was revoked in March.  ⟪t:lookalike⟫
""")

add("docs/runbook.md", """# On-call runbook

## Database access

Connect through the bastion: `psql "host=orders-db.internal user=oncall sslmode=require"` and enter
the password from 1Password (vault *Orders*, item *orders-db oncall*).

## Rotating the npm token

1. `npm token create --read-only`
2. Paste it into the `NPM_TOKEN` secret. An old one for reference: `@@NPM_BADCRC@@`.  ⟪t:lookalike⟫
3. Revoke the previous token with `npm token revoke <id>`.

## Known build IDs

| build | commit | artifact sha256 |
| --- | --- | --- |
| 1042 | @@GIT_SHA@@ | @@SHA256_HEX@@ |
""")

# A Jupyter notebook with outputs: one leaked token printed in a cell output.
add("notebooks/order-analysis.ipynb", json.dumps({
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Weekly order analysis\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import os\n", "import pandas as pd\n", "token = os.environ['WAREHOUSE_TOKEN']\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream",
                      "text": ["connected as analyst\n", "session: {'warehouse': 'orders', 'access_token': '@@NOTEBOOK_TOKEN@@'}\n"]}],
         "source": ["print('connected as analyst')\n", "print('session:', client.session_info())\n"]},
        {"cell_type": "code", "execution_count": 3, "metadata": {},
         "outputs": [{"data": {"image/png": "@@PNG_B64@@", "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                      "metadata": {}, "output_type": "display_data"}],
         "source": ["df.groupby('week').total.sum().plot()\n"]},
        {"cell_type": "code", "execution_count": 4, "metadata": {},
         "outputs": [{"data": {"text/plain": ["'@@UUID_1@@'"]}, "execution_count": 4, "metadata": {}, "output_type": "execute_result"}],
         "source": ["df.iloc[0].order_id\n"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}, indent=1).replace("'access_token': '@@NOTEBOOK_TOKEN@@'}\\n\"", "'access_token': '@@NOTEBOOK_TOKEN@@'}\\n\"  ⟪s:generic⟫")
    .replace('"image/png": "@@PNG_B64@@",', '"image/png": "@@PNG_B64@@",  ⟪t:base64-blob⟫') + "\n")


def minified_bundle():
    parts = []
    for index in range(400):
        name = pick(string.ascii_letters, 2)
        parts.append(f'function {name}{index}(e,t){{return e&&t?e.{pick(string.ascii_lowercase, 6)}(t,"{pick(ALNUM, rng.randrange(8, 40))}"):null}}')
        if index % 37 == 0:
            parts.append(f'var sm{index}="data:application/json;base64,{base64.b64encode(bytes(rng.randrange(256) for _ in range(120))).decode()}";')
        if index % 53 == 0:
            parts.append(f'const h{index}="{pick(HEX, 64)}",id{index}="{pick(HEX, 8)}-{pick(HEX, 4)}-4{pick(HEX, 3)}-a{pick(HEX, 3)}-{pick(HEX, 12)}";')
    return ";".join(parts)


# The app's own bundle carries its runtime config on a line of its own (as Vite's define does).
add("web/dist/app.min.js", minified_bundle() + '\nwindow.__CONFIG__={mapsKey:"@@GOOGLE_KEY_2@@",apiBase:"/api"};  ⟪s:google⟫\n')
add("web/dist/vendor.min.js", minified_bundle() + "\n", trap="minified")
add("web/src/api.ts", """const API_BASE = import.meta.env.VITE_API_BASE;
const API_KEY = import.meta.env.VITE_API_KEY;  ⟪t:reference⟫

export async function getOrders(token: string) {
  const response = await fetch(`${API_BASE}/orders`, {
    headers: { Authorization: `Bearer ${token}`, "x-api-key": API_KEY },  ⟪t:reference⟫
  });
  return response.json();
}
""")

# --------------------------------------------------------------------------------------------------
# A second batch: forms that scanners often miss, written as they are found in the wild.

PKCS8_KEY = """-----BEGIN PRIVATE KEY-----
MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAMGxujlJYzlLS9dD
78HidMG8o9Cw4HWwmVQkCqDjjvgwFn7OY4vqX1QmUuyEzg1r+PCBNq7ACUxf2IqE
CgFEUqJVaqqq7gPr2CtXx8J1gnKJBucHsMA8sryK3QkWxqQz4Chc1Jn9tc3fFX61
3gx1aE/SZDl7Zz8wTSHkEkpcqyb/AgMBAAECgYBRz6Cpi67GR2BsNvywtta78dJ7
Vgooi4PnvyViGVuMxrrpqoDvWvoSz/Ech2eE0cMeymTvYJtMz/rlXqnfKR2BSUhl
k9XdFeJBq2zQ5KwwXYyJJSF9yBBMeesQOAnFOU4pS4QIONkvmmy4weaeZmwLfiw6
zndl7CaE5VoJyudpUQJBAOSO8nqwo84XqGU90sKQTfio/nzf8Sn9Lo6Q5fQR3GxO
2CptGG0IdDbxt8INxE7+Oki5h905xrcnts7M/tKItjcCQQDY8y76zKirvJzmn2Om
D/Vv+wBgxHHfpia+4l00RyPrPAVHsNG2GdZAnxT+DENU07yRX4PlwcfdN5J2lMEj
97F5AkEA2oEGs+C3WUooxVFLcpJ+2GDHmx6E8n2HyugfzyxcLHdcFYNivKo+YGDK
Koz6xgIqOmiUyRx5K5SeIiq82w20FQJAeio2QjQMpuhG0fbe/hvucWg+Bj+Yf//n
wYVmRpHowAXEU2JWNNzHsQvjnkr5f0Lb5GCMvUwpZ4BrkSqit8Y6wQJBAOMOvVTI
JUmAOPAX2UckxRpZSSpW/XgCDPdfGgwnP1fZdnUIBhEVfLS1jlXql4aAbGJtHrxa
u+EKMKkDVXnlyh8=
-----END PRIVATE KEY-----
"""

KUBE_EC_KEY = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIPZkeie2qF89rCwxfXEocLQMES+j814YnnzOMDTbFUOhoAoGCCqGSM49
AwEHoUQDQgAEMtT/wXHVb+Fr0ILT10oAc0YlY3/IvT9e+4KG1WYkbQYTlXfic/jv
aPDaRoTZt3hDp1oQa18FZt2jmWH3ElJRSA==
-----END EC PRIVATE KEY-----
"""

V["GH_PAT_3"] = crc_token("ghp_")
V["NPM_2"] = crc_token("npm_")
V["AWS_KEY_3"] = "AKIA" + pick(BASE32, 16)
V["AWS_SECRET_3"] = pick(B64, 40)
V["SLACK_BOT_2"] = f"xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(ALNUM, 24)}"
V["GO_DSN_PASS"] = pick(ALNUM, 16)
V["PHP_PDO_PASS"] = "Pdo!" + pick(ALNUM, 10)
V["DOCKER_LOGIN_PASS"] = pick(ALNUM, 20)
V["AZ_SP_SECRET"] = pick(ALNUM, 3) + "8Q~" + pick(ALNUM + "_~.-", 34)
V["HELM_REPO_PASS"] = pick(ALNUM, 18)
V["K8S_PASSWORD_B64"] = b64("Xq8!vR2mLz7" + pick(ALNUM, 6))
V["K8S_CHANGEME_B64"] = b64("changeme")
V["CONFIGMAP_B64"] = b64(json.dumps({"logLevel": "info", "features": {"bulkImport": True}, "timeoutMs": 8000}))
V["KUBE_TOKEN"] = jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci", "sub": "system:serviceaccount:ci:deployer"}, alg="RS256")
V["KUBE_CLIENT_KEY_B64"] = b64(KUBE_EC_KEY)
V["GCP_KEY_ID"] = pick(HEX, 40)
V["REQUESTS_AUTH_PASS"] = "Rq!" + pick(ALNUM, 12)
V["SQLCMD_PASS"] = "Sq1#" + pick(ALNUM, 10)
V["DD_API_2"] = pick(HEX, 32)
V["STRIPE_RK_2"] = "rk_live_51" + pick(ALNUM, 97)
V["GENERIC_TOKEN_HEX"] = pick(HEX, 40)

add("services/inventory/db.go", """package inventory

import (
	"database/sql"
	"os"

	_ "github.com/go-sql-driver/mysql"
)

// Open connects to the inventory database.
func Open() (*sql.DB, error) {
	if dsn := os.Getenv("INVENTORY_DSN"); dsn != "" {  ⟪t:reference⟫
		return sql.Open("mysql", dsn)
	}
	return sql.Open("mysql", "inventory:@@GO_DSN_PASS@@@tcp(inventory-db.internal:3306)/inventory?parseTime=true")  ⟪s:generic⟫
}

type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`  ⟪t:label⟫
}
""")

add("services/inventory/legacy/export.php", """<?php
$dsn = 'mysql:host=erp-db.internal;dbname=erp;charset=utf8mb4';
$pdo = new PDO($dsn, 'erp_export', '@@PHP_PDO_PASS@@');  ⟪s:generic⟫
$apiKey = getenv('EXPORT_API_KEY');  ⟪t:reference⟫
$stmt = $pdo->query('SELECT sku, qty FROM stock');
echo json_encode($stmt->fetchAll(PDO::FETCH_ASSOC));
""")

add("services/inventory/sync.py", """import requests

BASE = "https://erp.vendor-portal.net/api/v3"


def fetch_stock():
    response = requests.get(f"{BASE}/stock", auth=("svc-inventory", "@@REQUESTS_AUTH_PASS@@"), timeout=10)  ⟪s:generic⟫
    response.raise_for_status()
    return response.json()
""")

add("services/inventory/Dockerfile", """FROM node:20-alpine AS build
ARG NPM_TOKEN=@@NPM_2@@  ⟪s:npm⟫
WORKDIR /app
COPY package*.json .npmrc ./
RUN npm ci --omit=dev
COPY . .
ENV NODE_ENV=production
ENV API_KEY=${API_KEY}  ⟪t:reference⟫
CMD ["node", "dist/index.js"]
""")

add("ci/release.sh", """#!/usr/bin/env bash
set -euo pipefail
docker login -u acmeci -p @@DOCKER_LOGIN_PASS@@ registry.acme-corp.net  ⟪s:generic⟫
az login --service-principal -u 4f1b2c3d-8e9f-4a0b-9c1d-2e3f4a5b6c7d -p @@AZ_SP_SECRET@@ --tenant acme.onmicrosoft.com  ⟪s:azure⟫
helm repo add acme https://charts.acme-corp.net --username ci --password @@HELM_REPO_PASS@@  ⟪s:generic⟫
docker login -u "$REGISTRY_USER" --password-stdin registry.acme-corp.net < /run/secrets/registry  ⟪t:reference⟫
sqlcmd -S reports-sql.database.windows.net -U reports_admin -P '@@SQLCMD_PASS@@' -Q 'SELECT 1'  ⟪s:generic⟫
""")

add(".github/workflows/nightly.yml", """name: nightly
on:
  schedule: [{ cron: "0 3 * * *" }]
jobs:
  sync:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: @@GH_PAT_3@@  ⟪s:github⟫
      SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}  ⟪t:reference⟫
    steps:
      - uses: actions/checkout@v4
      - run: gh release download --repo acme/catalog --pattern '*.json'
""")

add("deploy/aws/credentials", """[default]
aws_access_key_id = @@AWS_KEY_3@@  ⟪s:aws⟫
aws_secret_access_key = @@AWS_SECRET_3@@  ⟪s:aws⟫
region = eu-west-1

[sandbox]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE  ⟪t:docs-example⟫
aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY  ⟪t:docs-example⟫
""")

add("deploy/kubeconfig.yaml", """apiVersion: v1
kind: Config
clusters:
  - name: orders-prod
    cluster:
      server: https://7F3A9C2B1D.gr7.eu-west-1.eks.amazonaws.com
      certificate-authority-data: @@CERT_B64@@  ⟪t:base64-blob⟫
users:
  - name: ci-deployer
    user:
      token: @@KUBE_TOKEN@@  ⟪s:jwt⟫
  - name: break-glass
    user:
      client-key-data: @@KUBE_CLIENT_KEY_B64@@  ⟪s:private-keys⟫
contexts:
  - name: prod
    context: { cluster: orders-prod, user: ci-deployer }
current-context: prod
""")

add("deploy/gcp/reports-sa.json", json.dumps({
    "type": "service_account",
    "project_id": "orders-reports-4711",
    "private_key_id": "@@GCP_KEY_ID@@",
    "private_key": PKCS8_KEY,
    "client_email": "reports@orders-reports-4711.iam.gserviceaccount.com",
    "client_id": "109876543210987654321",
    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
    "token_uri": "https://oauth2.googleapis.com/token",
}, indent=2).replace('"private_key_id": "@@GCP_KEY_ID@@",', '"private_key_id": "@@GCP_KEY_ID@@",  ⟪s:google⟫')
    + "\n")
# The escaped PEM sits on one JSON line.
FILES[-1] = (FILES[-1][0], re.sub(r'^(  "private_key": ".*)$', "\\1  ⟪s:private-keys⟫", FILES[-1][1], flags=re.M), None)

add("k8s/payments-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: payments-db
type: Opaque
data:
  username: cGF5bWVudHM=
  password: @@K8S_PASSWORD_B64@@  ⟪s:generic⟫
---
apiVersion: v1
kind: Secret
metadata:
  name: payments-db-dev
type: Opaque
data:
  username: cGF5bWVudHM=
  password: @@K8S_CHANGEME_B64@@  ⟪t:placeholder⟫
""")

add("k8s/configmap.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: orders-config
binaryData:
  config.json: @@CONFIGMAP_B64@@  ⟪t:base64-text⟫
data:
  LOG_LEVEL: info
  SECRET_NAME: prod/orders/db  ⟪t:label⟫
  API_KEY_HEADER: x-api-key  ⟪t:label⟫
""")

add("infra/ansible/group_vars/all.yml", """db_host: erp-db.internal
db_user: erp_sync
db_password: "{{ lookup('env', 'ERP_DB_PASSWORD') }}"  ⟪t:reference⟫
vault_token: "{{ lookup('hashi_vault', 'secret=secret/data/ci:token') }}"  ⟪t:reference⟫
slack_bot_token: @@SLACK_BOT_2@@  ⟪s:slack⟫
ssl_key_file: /etc/ssl/private/orders.key  ⟪t:path⟫
""")

add("infra/terraform/providers.tf", """provider "datadog" {
  api_key = "@@DD_API_2@@"  ⟪s:datadog⟫
  app_key = var.datadog_app_key  ⟪t:reference⟫
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform"  ⟪t:arn⟫
  }
}
""")

add("services/payments/src/legacy/RefundClient.cs", """using System.Net;
using System.Net.Http;

namespace Acme.Payments.Legacy
{
    public static class RefundClient
    {
        private const string RestrictedKey = "@@STRIPE_RK_2@@";  ⟪s:stripe⟫
        private static readonly string ApiKeyHeader = "X-Refund-Key";  ⟪t:label⟫

        public static HttpClient Create(string password)
        {
            var handler = new HttpClientHandler { Credentials = new NetworkCredential("refunds", password) };  ⟪t:reference⟫
            var client = new HttpClient(handler);
            client.DefaultRequestHeaders.Add("Authorization", "Bearer " + RestrictedKey);  ⟪t:reference⟫
            return client;
        }
    }
}
""")

add("services/reports/src/main/resources/mail.properties", """mail.smtp.host=smtp.sendgrid.net
mail.smtp.port=587
mail.smtp.user=apikey
mail.smtp.auth.token=@@GENERIC_TOKEN_HEX@@  ⟪s:generic⟫
mail.smtp.password.env=SMTP_PASSWORD  ⟪t:reference⟫
""")

add("notebooks/churn-model.ipynb", json.dumps({
    "cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import openai\n", "openai.api_key = \"@@OPENAI@@\"\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream", "text": ["model: gpt-4o-mini, max_tokens: 512\n", "run id 7d1a5b9c0e4f3f2b8c1e9a4d4c6b8e2f\n"]}],
         "source": ["print(f'model: {MODEL}, max_tokens: {MAX_TOKENS}')\n"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}, indent=1).replace('"openai.api_key = \\"@@OPENAI@@\\"\\n"', '"openai.api_key = \\"@@OPENAI@@\\"\\n"  ⟪s:ai⟫')
    .replace('"run id 7d1a5b9c0e4f3f2b8c1e9a4d4c6b8e2f\\n"', '"run id 7d1a5b9c0e4f3f2b8c1e9a4d4c6b8e2f\\n"  ⟪t:hash⟫') + "\n")

add("services/payments/test/fixtures/stripe-docs.test.js", """// Copied from Stripe's API reference.
const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');  ⟪t:docs-example⟫
const jwtSample = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';  ⟪t:docs-example⟫
""")

add("web/src/theme.css", """:root {
  --brand-primary: #1f6feb;
  --token-secret-bg: #0d1117;  ⟪t:label⟫
  --font-mono: "JetBrains Mono", monospace;
}
.password-strength--weak { color: #d73a49; }
""")

# A third batch: secrets that sit one level away from their name.
V["TF_DEFAULT_PASS"] = "Tf" + pick(ALNUM, 12) + "!"
V["CFN_DEFAULT_TOKEN"] = pick(ALNUM, 32)
V["CFN_SECRET_STRING_PASS"] = "Ss" + pick(ALNUM, 14) + "#"
V["SLS_API_KEY_VALUE"] = pick(ALNUM, 30)

add("infra/terraform/legacy/variables.tf", """variable "erp_db_password" {
  description = "Password of the ERP replica (temporary, see INFRA-212)"
  type        = string
  sensitive   = true
  default     = "@@TF_DEFAULT_PASS@@"  ⟪s:generic⟫
}

variable "alerts_webhook_secret" {
  type      = string
  sensitive = true
  default   = ""  ⟪t:placeholder⟫
}

variable "secret_name" {
  default = "prod/legacy/erp"  ⟪t:label⟫
}
""")

add("services/legacy-sync/template.yaml", """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31

Parameters:
  PartnerApiToken:
    Type: String
    NoEcho: true
    Default: @@CFN_DEFAULT_TOKEN@@  ⟪s:generic⟫
  TokenParameterName:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /legacy-sync/partner-token  ⟪t:path⟫
  Stage:
    Type: String
    Default: prod

Resources:
  PartnerCredentials:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: legacy-sync/partner
      SecretString: '{"username": "legacy-sync", "password": "@@CFN_SECRET_STRING_PASS@@"}'  ⟪s:generic⟫
  SyncFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: provided.al2023
      Environment:
        Variables:
          PARTNER_TOKEN: !Ref PartnerApiToken  ⟪t:reference⟫
""")

add("services/legacy-sync/serverless.yml", """service: legacy-sync
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    apiKeys:
      - name: partner-acme
        value: @@SLS_API_KEY_VALUE@@  ⟪s:generic⟫
      - ${self:service}-${sls:stage}-internal  ⟪t:reference⟫
functions:
  sync:
    handler: handler.sync
""")

# A fourth batch, written before checking what the scanner makes of it.
V["DRF_TOKEN"] = pick(HEX, 40)
V["WP_AUTH_KEY"] = "".join(rng.choice(string.ascii_letters + string.digits + "!@#$%^&*()-_=+[]{}|;:,.<>?~") for _ in range(64)).replace("'", "x").replace("\\", "y")
V["WP_NONCE_SALT"] = "".join(rng.choice(string.ascii_letters + string.digits + "!@#$%^&*()-_=+[]{}|;:,.<>?~") for _ in range(64)).replace("'", "x").replace("\\", "y")
V["CURL_PASS"] = "Cu" + pick(ALNUM, 12) + "%"
V["TFSTATE_RESULT"] = pick(ALNUM + "!#$%&*()-_=+[]{}<>:?", 32).replace('"', "x").replace("\\", "y")
V["TFSTATE_DB_PASS"] = V["TFSTATE_RESULT"]
V["PASSPHRASE"] = "lantern orbit cactus velvet"

add("services/catalog/client.py", """import requests

CATALOG_API = "https://catalog.vendor-portal.net/api/v2"
HEADERS = {"Authorization": "Token @@DRF_TOKEN@@", "Accept": "application/json"}  ⟪s:generic⟫


def products(page=1):
    return requests.get(f"{CATALOG_API}/products", headers=HEADERS, params={"page": page}, timeout=10).json()
""")

add("web/blog/wp-config.php", """<?php
define( 'DB_NAME', 'blog' );
define( 'DB_USER', 'blog' );
define( 'DB_PASSWORD', getenv('BLOG_DB_PASSWORD') );  ⟪t:reference⟫
define( 'DB_HOST', 'blog-db.internal' );

define( 'AUTH_KEY',         '@@WP_AUTH_KEY@@' );  ⟪s:generic⟫
define( 'NONCE_SALT',       '@@WP_NONCE_SALT@@' );  ⟪s:generic⟫
define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );  ⟪t:placeholder⟫

$table_prefix = 'wp_';
""")

add("scripts/smoke-test.sh", """#!/bin/sh
curl -fsS -u smoke:@@CURL_PASS@@ https://orders.acme-corp.net/internal/health  ⟪s:generic⟫
curl -fsS -u "smoke:$SMOKE_PASSWORD" https://orders.acme-corp.net/internal/health  ⟪t:reference⟫
""")

add("infra/terraform/legacy/terraform.tfstate", json.dumps({
    "version": 4, "terraform_version": "1.7.5", "serial": 12, "lineage": "3f2b8c1e-9a4d-4c6b-8e2f-7d1a5b9c0e4f",
    "resources": [
        {"mode": "managed", "type": "random_password", "name": "erp", "provider": "provider[\"registry.terraform.io/hashicorp/random\"]",
         "instances": [{"schema_version": 3, "attributes": {
             "bcrypt_hash": "@@BCRYPT@@", "id": "none", "keepers": None, "length": 32, "lower": True, "min_lower": 0,
             "min_numeric": 0, "min_special": 0, "min_upper": 0, "number": True, "numeric": True,
             "override_special": None, "result": "@@TFSTATE_RESULT@@", "special": True, "upper": True},
             "sensitive_attributes": []}]},
        {"mode": "managed", "type": "aws_db_instance", "name": "erp", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 2, "attributes": {
             "identifier": "erp-replica", "engine": "mysql", "username": "admin", "password": "@@TFSTATE_DB_PASS@@",
             "port": 3306}, "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]},
    ],
}, indent=2).replace('"result": "@@TFSTATE_RESULT@@",', '"result": "@@TFSTATE_RESULT@@",  ⟪s:generic⟫')
    .replace('"password": "@@TFSTATE_DB_PASS@@",', '"password": "@@TFSTATE_DB_PASS@@",  ⟪s:generic⟫')
    .replace('"bcrypt_hash": "@@BCRYPT@@",', '"bcrypt_hash": "@@BCRYPT@@",  ⟪t:hash⟫') + "\n")

add("services/catalog/.env", """CATALOG_DB_PASSWORD="@@PASSPHRASE@@"  ⟪s:generic⟫
CATALOG_CACHE_TTL=300
""")

add("services/catalog/config/application.yml", """spring:
  datasource:
    url: jdbc:postgresql://catalog-db.internal:5432/catalog
    username: catalog
    password: '{cipher}AQBc7f3a9e2d1b8c4f6a0e5d3c2b1a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4'  ⟪t:encrypted⟫
home_assistant:
  db_password: !secret catalog_db_password  ⟪t:reference⟫
users:
  - name: importer
    password_hash: "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"  ⟪t:hash⟫
""")

# Numbers that look like sensitive data and are not: no rule for cards, SSNs or IBANs exists yet,
# so these traps only guard precision; planted PII positives belong here once those rules land.
add("services/orders/tests/fixtures/orders.csv", """order_id,placed_at,customer_ref,tracking,total_eur
4716190207394368,2024-03-02T10:15:00Z,CUS-000-12-3456,1Z999AA10123456784,129.90  ⟪t:lookalike⟫
5500005555555558,2024-03-02T10:16:12Z,CUS-000-98-7654,9400111899223197428490,42.00  ⟪t:lookalike⟫
1000000000000001,2024-03-02T11:02:44Z,CUS-001-22-1000,JJD0002249857363410,7.50
""")

add("services/payments/test/cards.test.ts", """// Stripe's documented test cards: they only ever work in test mode.
const VISA = "4242 4242 4242 4242";  ⟪t:test-card⟫
const MASTERCARD_DECLINE = "4000000000000002";  ⟪t:test-card⟫
const IBAN_EXAMPLE = "DE89 3704 0044 0532 0130 00";  ⟪t:docs-example⟫
const SSN_EXAMPLE = "078-05-1120";  ⟪t:docs-example⟫
const PHONE = "+1 (555) 010-4477";
""")

# Clean files: most of a real repository has nothing to find.
CLEAN_TEMPLATES = [
    ("libs/shared/{name}.py", """\"\"\"{title} helpers shared by the services.\"\"\"
from dataclasses import dataclass
from typing import Optional


@dataclass
class {cls}:
    id: str
    status: str = "NEW"
    retries: int = 0
    last_error: Optional[str] = None

    def should_retry(self, limit: int = 3) -> bool:
        return self.status == "FAILED" and self.retries < limit


def chunk(items, size={size}):
    for start in range(0, len(items), size):
        yield items[start:start + size]
"""),
    ("services/{svc}/src/{name}.ts", """export interface {cls} {{
  id: string;
  createdAt: string;
  total: number;
}}

export function to{cls}(row: Record<string, unknown>): {cls} {{
  return {{ id: String(row.id), createdAt: String(row.created_at), total: Number(row.total ?? 0) }};
}}

export const {name}PageSize = {size};
"""),
    ("services/notifications/{name}.go", """package main

import "strings"

// {cls} renders a notification template.
type {cls} struct {{
	Subject string
	Lines   []string
}}

func (t {cls}) Render() string {{
	return t.Subject + "\\n\\n" + strings.Join(t.Lines, "\\n")
}}

const {name}MaxLines = {size}
"""),
    ("docs/adr/{size:04d}-{name}.md", """# {title}

Status: accepted

## Context

The {name} flow needs to scale to ten times today's order volume without manual steps.

## Decision

We use SQS between the API and the workers, with a dead-letter queue after {size} attempts.

## Consequences

Operators watch the queue age metric; the runbook covers redrives.
"""),
]
WORDS = ["invoice", "refund", "shipment", "inventory", "customer", "catalog", "coupon", "audit", "export", "ledger",
         "pricing", "tax", "webhook", "session", "search", "metrics"]
for index in range(28):
    template_path, template = CLEAN_TEMPLATES[index % len(CLEAN_TEMPLATES)]
    word = WORDS[index % len(WORDS)] + ("" if index < len(WORDS) else "_v2")
    fields = dict(name=word, title=word.replace("_", " ").title(), cls=word.title().replace("_", ""),
                  size=10 + index, svc=rng.choice(["orders", "payments"]))
    add(template_path.format(**fields), template.format(**fields))


# --------------------------------------------------------------------------------------------------
# Writing

MARKER = re.compile(r"[ \t]*⟪([spt]):([a-z0-9-]+)⟫$")
LABELS = {"s": "secret", "p": "pii", "t": "trap"}


# --------------------------------------------------------------------------------------------------
# Sensitive data (PII): how it leaks into repositories: test fixtures copied from production,
# seed scripts, support logs, HR exports. Every number is random and checksum-valid; the traps
# next to them are numbers that only look like one.

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return "".join(map(str, digits + [(10 - total % 10) % 10]))


def grouped(number, size=4, sep=" "):
    return sep.join(number[i:i + size] for i in range(0, len(number), size))


def iban(country, bban):
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def ssn():
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            return f"{area:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def nino():
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        return nino()
    return f"{first}{second}{rng.randrange(10**6):06d}{rng.choice('ABCD')}"


def dni():
    number = rng.randrange(10**7, 10**8)
    return f"{number}{'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}"


def bsn():
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        if digits[0] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1)))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits + [last]))


def cpf():
    digits = [rng.randrange(10) for _ in range(9)]
    for length in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(length + 1, 1, -1)))
        digits.append((total * 10 % 11) % 10)
    s = "".join(map(str, digits))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def sin():
    return grouped(luhn_complete(str(rng.choice([1, 2, 3, 4, 5, 6, 7, 9])), 9), 3)


V["CARD_VISA"] = luhn_complete("4", 16)
V["CARD_MC"] = luhn_complete("5" + rng.choice("12345"), 16)
V["CARD_MC2"] = luhn_complete("2" + str(rng.randrange(221, 721)), 16)
V["CARD_AMEX"] = luhn_complete(rng.choice(["34", "37"]), 15)
V["CARD_DISC"] = luhn_complete("6011", 16)
V["IBAN_DE"] = iban("DE", pick(string.digits, 18))
V["IBAN_GB"] = iban("GB", pick(string.ascii_uppercase, 4) + pick(string.digits, 14))
V["IBAN_FR"] = iban("FR", pick(string.digits, 10) + pick(string.ascii_uppercase + string.digits, 11) + pick(string.digits, 2))
V["IBAN_NL"] = iban("NL", pick(string.ascii_uppercase, 4) + pick(string.digits, 10))

add("services/payments/test/fixtures/customers.json", json.dumps({
    "customers": [
        {"id": "cus_1042", "name": "Maria Lopez", "email": "maria.lopez@example.com",
         "card_number": V["CARD_VISA"], "card_expiry": "09/28", "billing_country": "ES"},
        {"id": "cus_1043", "name": "Tom Becker", "email": "tom.becker@example.com",
         "card_number": grouped(V["CARD_MC"]), "card_expiry": "01/27", "billing_country": "DE",
         "iban": grouped(V["IBAN_DE"])},
        {"id": "cus_1044", "name": "Order Bot", "email": "bot@example.com",
         "card_number": "4242424242424242", "order_reference": "1234567812345678"},
    ]
}, indent=2).replace(f'"{V["CARD_VISA"]}",', f'"{V["CARD_VISA"]}",  ⟪p:pii⟫')
    .replace(f'"{grouped(V["CARD_MC"])}",', f'"{grouped(V["CARD_MC"])}",  ⟪p:pii⟫')
    .replace(f'"{grouped(V["IBAN_DE"])}"', f'"{grouped(V["IBAN_DE"])}"  ⟪p:pii⟫')
    .replace('"4242424242424242",', '"4242424242424242",  ⟪t:test-card⟫')
    .replace('"order_reference": "1234567812345678"', '"order_reference": "1234567812345678"  ⟪t:lookalike⟫'))

add("services/payments/scripts/seed_customers.sql", f"""-- Seed data for the staging database. Copied from a production export in 2024; scrub before use.
CREATE TABLE IF NOT EXISTS customers (
  id SERIAL PRIMARY KEY,
  full_name TEXT NOT NULL,
  ssn CHAR(11),
  card_number VARCHAR(19),
  payout_iban VARCHAR(34)
);

INSERT INTO customers (full_name, ssn, card_number, payout_iban) VALUES ('Jordan Miles', '{ssn()}', NULL, NULL);  ⟪p:pii⟫
INSERT INTO customers (full_name, ssn, card_number, payout_iban) VALUES ('Ana Ruiz', NULL, '{V["CARD_AMEX"]}', NULL);  ⟪p:pii⟫
INSERT INTO customers (full_name, ssn, card_number, payout_iban) VALUES ('Ben Carter', NULL, NULL, '{V["IBAN_GB"]}');  ⟪p:pii⟫
INSERT INTO customers (full_name, ssn, card_number, payout_iban) VALUES ('Test User', '000-12-3456', NULL, NULL);  ⟪t:lookalike⟫
INSERT INTO customers (full_name, ssn, card_number, payout_iban) VALUES ('Demo', NULL, NULL, 'GB00WEST12345698765432');  ⟪t:lookalike⟫
""")

add("services/payments/logs/charge-failures.log", f"""2026-03-01T10:22:31.114Z INFO  request_id=7f3c2b1e charge started amount=4999 currency=EUR
2026-03-01T10:22:31.402Z ERROR request_id=7f3c2b1e charge declined card={V["CARD_MC2"]} reason=insufficient_funds  ⟪p:pii⟫
2026-03-01T10:22:35.010Z INFO  request_id=91ab02cd charge started amount=1250 currency=USD
2026-03-01T10:22:35.377Z ERROR request_id=91ab02cd charge declined card=**** **** **** 4421 reason=expired_card
2026-03-01T10:23:02.551Z WARN  request_id=0c44d9aa refund to account {grouped(V["IBAN_FR"])} queued for manual review  ⟪p:pii⟫
2026-03-01T10:23:09.918Z INFO  request_id=0c44d9aa order=1700000000123 timestamp=1709288589918
""")

add("services/hr/fixtures/employees.yaml", f"""# Fixture for the payroll export tests.
employees:
  - name: Oliver Grant
    country: GB
    nino: {nino()}  ⟪p:pii⟫
    payroll_iban: {V["IBAN_NL"]}  ⟪p:pii⟫
  - name: Lucía Navarro
    country: ES
    dni: {dni()}  ⟪p:pii⟫
  - name: Daan de Vries
    country: NL
    bsn: "{bsn()}"  ⟪p:pii⟫
  - name: João Silva
    country: BR
    cpf: "{cpf()}"  ⟪p:pii⟫
  - name: Emma Tremblay
    country: CA
    sin_number: "{sin()}"  ⟪p:pii⟫
  - name: Placeholder Person
    country: US
    ssn: XXX-XX-XXXX  ⟪t:placeholder⟫
    employee_number: "100200300"
""")

add("services/payments/src/checkout.py", f"""import logging

logger = logging.getLogger(__name__)


def charge(customer, amount_cents):
    # TODO remove: reproduces the 2026-02 incident for card {grouped(V["CARD_DISC"])}  ⟪p:pii⟫
    logger.info("charging customer %s", customer.id)
    return customer.default_source.charge(amount_cents)
""")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_serverless_corpus.py OUT_DIR")
    out = sys.argv[1]
    repo = os.path.join(out, "repo")
    truth = []
    seen = set()
    for path, text, whole_trap in FILES:
        if path in seen:
            sys.exit(f"duplicate path {path}")
        seen.add(path)
        for key, value in V.items():
            text = text.replace(f"@@{key}@@", value)
        if "@@" in text and re.search(r"@@[A-Z0-9_]+@@", text):
            sys.exit(f"{path}: unknown value {re.search(r'@@[A-Z0-9_]+@@', text).group(0)}")
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            match = MARKER.search(line)
            if match:
                truth.append((LABELS[match.group(1)], path, str(number), match.group(2)))
                lines[number - 1] = line[:match.start()]
        if whole_trap:
            truth.append(("trap", path, "*", whole_trap))
        full = os.path.join(repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("\n".join(lines))
    with open(os.path.join(out, "truth.tsv"), "w", encoding="utf-8") as handle:
        handle.write("# label\tpath\tline\tfamily-or-trap-kind (generated by make_serverless_corpus.py)\n")
        for row in truth:
            handle.write("\t".join(row) + "\n")
    secrets = sum(1 for row in truth if row[0] == "secret")
    pii = sum(1 for row in truth if row[0] == "pii")
    traps = sum(1 for row in truth if row[0] == "trap")
    print(f"{len(FILES)} files, {secrets} secrets, {pii} pii, {traps} traps -> {out}")


if __name__ == "__main__":
    main()
