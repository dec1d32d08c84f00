#!/usr/bin/env python3
"""Writes the labelled serverless-configuration corpus and its truth file.

Templates are written the way teams write them (SAM, CloudFormation JSON, Serverless Framework,
CDK output, Terraform plan JSON); planted values are FAKE and random. A line ending in
`  #@ <rule-id>` in this script marks a planted finding; the marker is stripped from the output
and recorded in truth.tsv (path, line, rule id), so line numbers are never counted by hand.
Every other field is a negative. Run from anywhere: python3 generate.py
"""
import base64, json, os, random, string, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261130)

def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))

ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

def b62(n, width=6):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")

def github(prefix="ghp"):
    body = rand(ALNUM, 30)
    return f"{prefix}_{body}{b62(zlib.crc32(body.encode()))}"

def stripe(): return "sk_live_" + rand(ALNUM, 40)
def sendgrid(): return "SG." + rand(ALNUM + "_-", 22) + "." + rand(ALNUM + "_-", 43)
def slack_bot(): return f"xoxb-{rand(string.digits, 12)}-{rand(string.digits, 13)}-{rand(ALNUM, 24)}"
def slack_hook(): return f"https://hooks.slack.com/services/T{rand(string.ascii_uppercase + string.digits, 9)}/B{rand(string.ascii_uppercase + string.digits, 9)}/{rand(ALNUM, 24)}"
def hex32(): return rand("0123456789abcdef", 32)
def aws_secret(): return rand(ALNUM + "+/", 40)
def aws_key_id(): return "AKIA" + rand("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
def password(): return rand(string.ascii_letters, 4) + rand(string.digits, 2) + rng.choice("!%^*") + rand(ALNUM, 7)
def jwt():
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return enc({"alg": "HS256", "typ": "JWT"}) + "." + enc({"sub": rand(string.digits, 8), "role": "service", "iat": 1764460800}) + "." + rand(ALNUM + "_-", 43)

def luhn_card(prefix, length):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

def iban_de():
    bban = rand(string.digits, 18)
    numeric = int(bban + "131400")  # D=13 E=14, "00" check digits
    check = 98 - numeric % 97
    return f"DE{check:02d}{bban}"

truth = []

def emit(path, text):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "  #@ " in line:
            line, rule = line.split("  #@ ")
            truth.append((path, number, rule.strip()))
        out.append(line.rstrip())
    with open(full, "w") as handle:
        handle.write("\n".join(out))

# 1. SAM: globals, parameters with defaults and NoEcho, mappings, dynamic references.
emit("sam-orders/template.yaml", f"""AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: >
  Orders service - API, workers and nightly reports

Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, staging, prod]
    Default: dev
  DbPassword:
    Type: String
    NoEcho: true
    Description: Master password for the orders database
  GitHubToken:
    Type: String
    NoEcho: true
  PartnerApiKey:
    Type: String
    Default: {rand(ALNUM, 32)}  #@ lambda-env-secret
  AlarmEmail:
    Type: String
    Default: oncall@acme-corp.com

Mappings:
  StageConfig:
    dev:
      LogLevel: DEBUG
      AlertsWebhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
    prod:
      LogLevel: INFO
      AlertsWebhook: {slack_hook()}  #@ lambda-env-secret

Conditions:
  IsProd: !Equals [!Ref Stage, prod]

Globals:
  Function:
    Runtime: python3.12
    Timeout: 15
    MemorySize: 512
    Tracing: Active
    Environment:
      Variables:
        POWERTOOLS_SERVICE_NAME: orders
        POWERTOOLS_METRICS_NAMESPACE: Acme/Orders
        LOG_LEVEL: !FindInMap [StageConfig, !Ref Stage, LogLevel]
        STAGE: !Ref Stage
        STRIPE_SECRET_KEY: {stripe()}  #@ lambda-env-secret
    Tags:
      Service: orders
      CostCenter: "4410"
      Owner: maria.gonzalez@acme-corp.com  #@ lambda-personal-email
      Team: payments-team@acme-corp.com

Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH

  OrdersDbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: !Sub "orders/${{Stage}}/db"
      GenerateSecretString:
        SecretStringTemplate: '{{"username": "orders"}}'
        GenerateStringKey: password

  CreateOrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "orders-create-${{Stage}}"
      Description: Creates an order from the API Gateway request
      CodeUri: src/create_order/
      Handler: app.handler
      Environment:
        Variables:
          TABLE_NAME: !Ref OrdersTable
          DB_SECRET_ARN: !Ref OrdersDbSecret
          DB_SECRET_NAME: orders/prod/db
          DB_PASSWORD: '{{{{resolve:secretsmanager:orders/prod/db:SecretString:password}}}}'  #@ lambda-env-resolved-secret
          DB_HOST: orders-db.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com
          DB_USER: orders_app
          SENDGRID_API_KEY: {sendgrid()}  #@ lambda-env-secret
          SENDGRID_TEMPLATE_ID: d-{hex32()}
          IDEMPOTENCY_TABLE: orders-idempotency
      Events:
        Api:
          Type: Api
          Properties:
            Path: /orders
            Method: post

  RefundFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "orders-refund-${{Stage}}"
      Description: "Refunds an order. Manual test card {luhn_card('4', 16)}"  #@ lambda-text-pii
      CodeUri: src/refund/
      Handler: app.handler
      Environment:
        Variables:
          TABLE_NAME: !Ref OrdersTable
          PAYMENT_PROVIDER_URL: https://api.payments.example.com/v2
          PARTNER_API_KEY: !Ref PartnerApiKey
          GITHUB_TOKEN: !Ref GitHubToken
          DB_PASSWORD: !Ref DbPassword
          MAX_RETRIES: "3"
      Tags:
        Settlement: "{iban_de()}"  #@ lambda-tag-pii
        DataClassification: confidential

  ReportFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: orders-nightly-report
      Description: Nightly CSV report; questions to peter.schmidt@acme-corp.com  #@ lambda-personal-email
      CodeUri: src/report/
      Handler: app.handler
      Timeout: 300
      Environment:
        Variables:
          REPORT_BUCKET: acme-orders-reports
          ALERTS_WEBHOOK: !FindInMap [StageConfig, !Ref Stage, AlertsWebhook]
          REPORT_SSM_KEY: '{{{{resolve:ssm:/orders/report/config}}}}'
          SMTP_PASSWORD: '{{{{resolve:ssm-secure:/orders/smtp/password:3}}}}'  #@ lambda-env-resolved-secret
          ARCHIVE_ROLE_ARN: arn:aws:iam::123456789012:role/orders-archive
          NOTIFY_EMAIL: !Ref AlarmEmail
      Tags:
        Contact: reports-team@acme-corp.com

  WebhookFunction:
    Type: AWS::Serverless::Function
    Properties:
      Description: !Sub "Receives partner webhooks for ${{Stage}}"
      CodeUri: src/webhook/
      Handler: app.handler
      Runtime: python3.11
      Environment:
        Variables:
          SIGNING_SECRET: !If [IsProd, '{{{{resolve:secretsmanager:orders/webhook:SecretString:signing}}}}', local-dev-only]  #@ lambda-env-resolved-secret
          SLACK_BOT_TOKEN: {slack_bot()}  #@ lambda-env-secret
          CALLBACK_URL: !Sub "https://${{AWS::Region}}.hooks.acme-corp.com/callback"
          EXPECTED_SHA256: {rand("0123456789abcdef", 64)}
          REQUEST_TIMEOUT_MS: "2500"

Outputs:
  ApiUrl:
    Value: !Sub "https://${{ServerlessRestApi}}.execute-api.${{AWS::Region}}.amazonaws.com/Prod/"
""")

# 2. CloudFormation JSON: Tags as Key/Value lists, Fn::Join and Fn::Sub in long form.
db_password = password()
stack = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "Legacy billing functions",
    "Parameters": {
        "Env": {"Type": "String", "Default": "prod"},
        "VpcSubnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
    },
    "Resources": {
        "BillingRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
        "InvoiceFunction": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "FunctionName": {"Fn::Join": ["-", ["billing-invoice", {"Ref": "Env"}]]},
                "Description": "Generates invoices",
                "Handler": "com.acme.billing.InvoiceHandler::handleRequest",
                "Runtime": "java21",
                "Role": {"Fn::GetAtt": ["BillingRole", "Arn"]},
                "Code": {"S3Bucket": "acme-artifacts", "S3Key": "billing/invoice.jar"},
                "Environment": {"Variables": {
                    "AWS_ACCESS_KEY": "@@AKID@@",
                    "AWS_SECRET_ACCESS_KEY": "@@AWSSECRET@@",
                    "INVOICE_BUCKET": "acme-invoices",
                    "DATABASE_URL": {"Fn::Join": ["", ["postgresql://billing:", "@@DBPASS@@", "@billing-db.internal:5432/billing"]]},
                    "KMS_KEY_ARN": "arn:aws:kms:eu-west-1:123456789012:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
                    "REGION": {"Ref": "AWS::Region"},
                }},
                "Tags": [
                    {"Key": "Owner", "Value": "billing-platform@acme-corp.com"},
                    {"Key": "Environment", "Value": {"Ref": "Env"}},
                    {"Key": "DeployedBy", "Value": "tomasz.nowak@acme-corp.com"},
                ],
            },
        },
        "DunningFunction": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Description": {"Fn::Sub": "Sends dunning emails (${Env})"},
                "Handler": "com.acme.billing.DunningHandler::handleRequest",
                "Runtime": "java21",
                "Code": {"S3Bucket": "acme-artifacts", "S3Key": "billing/dunning.jar"},
                "Environment": {"Variables": {
                    "MAILGUN_DOMAIN": "mg.acme-corp.com",
                    "MAILGUN_API_KEY": "@@MAILGUN@@",
                    "FROM_ADDRESS": "billing@acme-corp.com",
                    "SECRET_ID": {"Fn::Sub": "arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:billing/mailgun"},
                    "JWT_ISSUER": "https://auth.acme-corp.com/",
                }},
                "Tags": [{"Key": "Project", "Value": "billing"}, {"Key": "Ticket", "Value": "BILL-2291"}],
            },
        },
    },
}
text = json.dumps(stack, indent=2)
text = text.replace('"@@AKID@@"', f'"{aws_key_id()}"  #@ lambda-env-secret')
text = text.replace('"@@AWSSECRET@@"', f'"{aws_secret()}"  #@ lambda-env-secret')
text = text.replace('"@@DBPASS@@"', f'"{db_password}"  #@ lambda-env-secret')
text = text.replace('"@@MAILGUN@@"', f'"key-{hex32()}"  #@ lambda-env-secret')
text = text.replace('"tomasz.nowak@acme-corp.com"', '"tomasz.nowak@acme-corp.com"  #@ lambda-personal-email')
# json.dumps puts a comma right after a value: the marker goes after the comma.
text = text.replace("  #@ lambda-env-secret,", ",  #@ lambda-env-secret").replace("  #@ lambda-personal-email,", ",  #@ lambda-personal-email")
emit("legacy-billing/stack.json", text)

# 3. Serverless Framework: provider-level environment and tags, ${ssm:}, ${env:, 'fallback'}, ${self:custom.x}.
emit("payments/serverless.yml", f"""service: payments
frameworkVersion: '3'

plugins:
  - serverless-python-requirements
  - serverless-iam-roles-per-function

custom:
  stage: ${{opt:stage, 'dev'}}
  tableName: payments-${{self:custom.stage}}
  alertsWebhook: {slack_hook()}  #@ lambda-env-secret
  pythonRequirements:
    dockerizePip: non-linux

provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  stage: ${{self:custom.stage}}
  environment:
    TABLE_NAME: ${{self:custom.tableName}}
    STAGE: ${{self:custom.stage}}
    STRIPE_API_KEY: ${{ssm:/payments/${{self:custom.stage}}/stripe/secret-key}}  #@ lambda-env-resolved-secret
    SENTRY_ENVIRONMENT: ${{self:custom.stage}}
    POWERTOOLS_SERVICE_NAME: payments
  tags:
    team: payments
    owner: payments-oncall@acme-corp.com
  stackTags:
    cost-center: "4410"
    created-by: li.wei@acme-corp.com  #@ lambda-personal-email

functions:
  charge:
    handler: src/handlers/charge.handler
    name: payments-charge-${{self:custom.stage}}
    description: Charges a customer's saved card
    timeout: 10
    environment:
      TWILIO_AUTH_TOKEN: {hex32()}  #@ lambda-env-secret
      TWILIO_ACCOUNT_SID: AC{hex32()}
      FRAUD_API_KEY: ${{env:FRAUD_API_KEY, '{rand(ALNUM, 28)}'}}  #@ lambda-env-secret
      FRAUD_API_URL: https://fraud.example.net/v1/score
    events:
      - http:
          path: charge
          method: post

  refund:
    handler: src/handlers/refund.handler
    description: Refunds a charge
    environment:
      DB_HOST: ${{ssm:/payments/db/host}}
      DB_USER: payments
      DB_PASSWORD: ${{ssm:/payments/db/password}}  #@ lambda-env-resolved-secret
      DB_NAME: payments
      ALERTS_WEBHOOK: ${{self:custom.alertsWebhook}}
    tags:
      customer-card: "{luhn_card('5' + rng.choice('12345'), 16)}"  #@ lambda-tag-pii

  reconcile:
    handler: src/handlers/reconcile.handler
    description: Nightly reconciliation with the acquirer
    environment:
      ACQUIRER_SFTP_HOST: sftp.acquirer.example.com
      ACQUIRER_SFTP_USER: acme
      ACQUIRER_SFTP_PASSWORD: {password()}  #@ lambda-env-secret
      GITHUB_TOKEN: {github()}  #@ lambda-env-secret
      CONFIG_FILE: ${{file(./config/${{self:custom.stage}}.json):reconcile}}
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1"
    events:
      - schedule: cron(0 2 * * ? *)
""")

# 4. CDK output: asset metadata gives the code location.
cdk = {
    "Resources": {
        "NotifierServiceRole1A2B3C4D": {"Type": "AWS::IAM::Role", "Properties": {}},
        "NotifierFunction5E6F7A8B": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "0a1b2c3d.zip"},
                "Role": {"Fn::GetAtt": ["NotifierServiceRole1A2B3C4D", "Arn"]},
                "Environment": {"Variables": {
                    "TOPIC_ARN": {"Ref": "NotifierTopic9C0D1E2F"},
                    "INTERNAL_JWT": "@@JWT@@",
                    "FEATURE_FLAGS": "checkout-v2,fast-refunds",
                    "NODE_OPTIONS": "--enable-source-maps",
                }},
                "Handler": "index.handler",
                "Runtime": "nodejs20.x",
                "Description": "Sends order notifications",
                "Tags": [{"Key": "aws-cdk:app", "Value": "Payments"}],
            },
            "Metadata": {"aws:cdk:path": "PaymentsStack/Notifier/Resource", "aws:asset:path": "asset.0a1b2c3d4e5f", "aws:asset:property": "Code"},
        },
        "NotifierTopic9C0D1E2F": {"Type": "AWS::SNS::Topic"},
    },
    "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"}},
}
text = json.dumps(cdk, indent=1).replace('"@@JWT@@",', f'"{jwt()}",  #@ lambda-env-secret')
emit("cdk.out/PaymentsStack.template.json", text)

# 5. terraform show -json: every value resolved, sensitive ones included.
plan = {
    "format_version": "1.2",
    "terraform_version": "1.9.5",
    "planned_values": {"root_module": {"resources": [
        {"address": "aws_lambda_function.ingest", "mode": "managed", "type": "aws_lambda_function", "name": "ingest",
         "values": {"function_name": "events-ingest", "description": "Ingests partner events", "handler": "main",
                    "runtime": "provided.al2023", "filename": "build/ingest.zip",
                    "environment": [{"variables": {"QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/events",
                                                    "PARTNER_PASSWORD": "@@PW@@",
                                                    "LOG_FORMAT": "json"}}],
                    "tags": {"Owner": "data-platform", "Repo": "acme/events"}}},
        {"address": "aws_dynamodb_table.events", "mode": "managed", "type": "aws_dynamodb_table", "name": "events",
         "values": {"name": "events"}},
    ], "child_modules": [{"address": "module.exporter", "resources": [
        {"address": "module.exporter.aws_lambda_function.this", "mode": "managed", "type": "aws_lambda_function", "name": "this",
         "values": {"function_name": "events-exporter", "description": "Exports events to the warehouse", "handler": "main",
                    "runtime": "provided.al2023",
                    "environment": [{"variables": {"WAREHOUSE_TOKEN": "@@DAPI@@", "WAREHOUSE_HOST": "dbc-1a2b3c4d-5e6f.cloud.databricks.com"}}],
                    "tags": {}}},
    ]}]}},
}
text = json.dumps(plan, indent=2)
text = text.replace('"@@PW@@",', f'"{password()}",  #@ lambda-env-secret')
text = text.replace('"@@DAPI@@",', f'"{rand(ALNUM, 40)}",  #@ lambda-env-secret')
emit("events/plan.json", text)

# 6. Terraform: variables with defaults and tfvars, locals, merge(), Secrets Manager and SSM reads,
# provider default_tags, archive_file code locations.
emit("infra/lambda/providers.tf", """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      ManagedBy = "terraform"
      Owner     = "sofia.rossi@acme-corp.com"  #@ lambda-personal-email
      Repo      = "acme/infra"
    }
  }
}
""")
emit("infra/lambda/variables.tf", f"""variable "region" {{
  type    = string
  default = "eu-west-1"
}}

variable "environment" {{
  type    = string
  default = "dev"
}}

variable "datadog_api_key" {{
  type      = string
  sensitive = true
}}

variable "partner_webhook_secret" {{
  type    = string
  default = "{rand(ALNUM, 32)}"  #@ lambda-env-secret
}}

variable "log_level" {{
  type    = string
  default = "INFO"
}}
""")
emit("infra/lambda/terraform.tfvars", f"""environment     = "prod"
datadog_api_key = "{hex32()}"  #@ lambda-env-secret
log_level       = "WARN"
""")
emit("infra/lambda/main.tf", f"""locals {{
  common_env = {{
    ENVIRONMENT = var.environment
    LOG_LEVEL   = var.log_level
    DD_SITE     = "datadoghq.eu"
  }}
  service = "orders-${{var.environment}}"
}}

data "archive_file" "api" {{
  type        = "zip"
  source_dir  = "${{path.module}}/../../services/api/src"
  output_path = "${{path.module}}/build/api.zip"
}}

data "aws_secretsmanager_secret_version" "db" {{
  secret_id = "orders/${{var.environment}}/db"
}}

data "aws_ssm_parameter" "sentry_dsn" {{
  name = "/orders/sentry/dsn"
}}

resource "aws_lambda_function" "api" {{
  function_name    = "${{local.service}}-api"
  description      = "Orders API"
  filename         = data.archive_file.api.output_path
  source_code_hash = data.archive_file.api.output_base64sha256
  handler          = "app.handler"
  runtime          = "python3.12"
  role             = aws_iam_role.lambda.arn

  environment {{
    variables = merge(local.common_env, {{
      DB_PASSWORD     = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]  #@ lambda-env-resolved-secret
      DD_API_KEY      = var.datadog_api_key
      SENTRY_DSN      = data.aws_ssm_parameter.sentry_dsn.value  #@ lambda-env-resolved-secret
      TABLE_NAME      = aws_dynamodb_table.orders.name
      WEBHOOK_SECRET  = var.partner_webhook_secret
      STRIPE_API_KEY  = "{stripe()}"  #@ lambda-env-secret
    }})
  }}

  tags = {{
    Service    = "orders"
    CostCenter = "4410"
  }}
}}

resource "aws_lambda_function" "worker" {{
  function_name = "${{local.service}}-worker"
  description   = <<-EOT
    Processes the orders queue.
    Escalations: li.na@acme-corp.com  #@ lambda-personal-email
  EOT
  filename      = "${{path.module}}/build/worker.zip"
  handler       = "worker.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.lambda.arn

  environment {{
    variables = {{
      QUEUE_URL         = aws_sqs_queue.orders.url
      SLACK_BOT_TOKEN   = "{slack_bot()}"  #@ lambda-env-secret
      SECRET_ARN        = data.aws_secretsmanager_secret_version.db.arn
      RETRY_LIMIT       = 5
      FEATURE_FLAGS     = "bulk-refunds,fast-path"
    }}
  }}
}}

resource "aws_dynamodb_table" "orders" {{
  name         = "orders-${{var.environment}}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {{
    name = "pk"
    type = "S"
  }}
}}
""")

truth.sort()
with open(os.path.join(HERE, "truth.tsv"), "w") as handle:
    handle.write("# path\tline\trule-id (generated by generate.py; every other field is a negative)\n")
    for path, line, rule in truth:
        handle.write(f"{path}\t{line}\t{rule}\n")
print(f"{len(truth)} planted findings")
