environment     = "prod"
datadog_api_key = "c5ea563072475f5793309f433d4f23a9"
log_level       = "WARN"
