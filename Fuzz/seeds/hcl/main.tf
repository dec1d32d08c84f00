locals {
  common_env = {
    ENVIRONMENT = var.environment
    LOG_LEVEL   = var.log_level
    DD_SITE     = "datadoghq.eu"
  }
  service = "orders-${var.environment}"
}

data "archive_file" "api" {
  type        = "zip"
  source_dir  = "${path.module}/../../services/api/src"
  output_path = "${path.module}/build/api.zip"
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = "orders/${var.environment}/db"
}

data "aws_ssm_parameter" "sentry_dsn" {
  name = "/orders/sentry/dsn"
}

resource "aws_lambda_function" "api" {
  function_name    = "${local.service}-api"
  description      = "Orders API"
  filename         = data.archive_file.api.output_path
  source_code_hash = data.archive_file.api.output_base64sha256
  handler          = "app.handler"
  runtime          = "python3.12"
  role             = aws_iam_role.lambda.arn

  environment {
    variables = merge(local.common_env, {
      DB_PASSWORD     = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]
      DD_API_KEY      = var.datadog_api_key
      SENTRY_DSN      = data.aws_ssm_parameter.sentry_dsn.value
      TABLE_NAME      = aws_dynamodb_table.orders.name
      WEBHOOK_SECRET  = var.partner_webhook_secret
      STRIPE_API_KEY  = "sk_live_pEVWuoyVXfGHuSuFKeWGyU3f2MZ7QJl3QE5CGOe1"
    })
  }

  tags = {
    Service    = "orders"
    CostCenter = "4410"
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "${local.service}-worker"
  description   = <<-EOT
    Processes the orders queue.
    Escalations: li.na@acme-corp.com
  EOT
  filename      = "${path.module}/build/worker.zip"
  handler       = "worker.handler"
  runtime       = "nodejs20.x"
  role          = aws_iam_role.lambda.arn

  environment {
    variables = {
      QUEUE_URL         = aws_sqs_queue.orders.url
      SLACK_BOT_TOKEN   = "xoxb-475606263640-8557586455124-izDBqQwh9u318kVo7ijfRx1k"
      SECRET_ARN        = data.aws_secretsmanager_secret_version.db.arn
      RETRY_LIMIT       = 5
      FEATURE_FLAGS     = "bulk-refunds,fast-path"
    }
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders-${var.environment}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
