import json
import logging
import time

import requests

logger = logging.getLogger()
TOKENS_BY_USER = {}
TOKEN_URL = "https://auth.example.com/oauth2/token"


def exchange(code):
    response = requests.post(TOKEN_URL, data={"grant_type": "authorization_code", "code": code}, timeout=5)
    response.raise_for_status()
    return response.json()


def handler(event, context):
    params = event.get("queryStringParameters") or {}
    user = params.get("state")
    tokens = exchange(params["code"])
    TOKENS_BY_USER[user] = {"access": tokens["access_token"], "at": time.time()}
    logger.info("token exchanged")
    return {"statusCode": 302, "headers": {"Location": "/done"}}
