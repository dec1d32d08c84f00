terraform {
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
      Owner     = "sofia.rossi@acme-corp.com"
      Repo      = "acme/infra"
    }
  }
}
