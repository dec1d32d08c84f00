variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "datadog_api_key" {
  type      = string
  sensitive = true
}

variable "partner_webhook_secret" {
  type    = string
  default = "eSdXn2P4IccASs0lUVokmyiyFUgMQLfz"
}

variable "log_level" {
  type    = string
  default = "INFO"
}
