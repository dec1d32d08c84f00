import json
import logging

from aws_lambda_powertools import Logger

logger = Logger(service="profile")

current_user = None
REQUIRED_SCOPES = {"profile:read"}


def authorize(claims):
    scopes = set(claims.get("scope", "").split())
    return REQUIRED_SCOPES.issubset(scopes)


def lambda_handler(event, context):
    global current_user
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    if not authorize(claims):
        return {"statusCode": 403}
    current_user = claims["email"]
    logger.info("profile requested")
    profile = {"email": current_user, "name": claims.get("name")}
    return {"statusCode": 200, "body": json.dumps(profile)}
