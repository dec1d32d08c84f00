import json
import os

import boto3

ssm = boto3.client("ssm")
_tenant_cache = {}


def fetch_tenant_settings(tenant_id):
    parameter = ssm.get_parameter(Name=f"/tenants/{tenant_id}/settings")
    return json.loads(parameter["Parameter"]["Value"])


def handler(event, context):
    tenant_id = event["headers"].get("x-tenant-id")
    if not tenant_id:
        return {"statusCode": 400}
    if tenant_id not in _tenant_cache:
        _tenant_cache[tenant_id] = fetch_tenant_settings(tenant_id)
    settings = _tenant_cache[tenant_id]
    return {"statusCode": 200, "body": json.dumps({"theme": settings.get("theme")})}
