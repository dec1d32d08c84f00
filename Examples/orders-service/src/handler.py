"""Order handler for the Residue demo. Every credential in this file is FAKE."""
import json
import os
import urllib.request

# Planted: a GitHub token committed "just for testing".
GITHUB_TOKEN = "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"
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"

# Decoys: references, identifiers and hashes that are not secrets.
API_KEY = os.environ["API_KEY"]
DB_PASSWORD = os.getenv("DB_PASSWORD", "")
REQUEST_ID = "3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d"
BUILD_COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8"
password_field = "password"

# Planted: per-request data kept at module level outlives the invocation (warm starts).
_recent_orders = []
# Decoy: an invocation counter is state, but not anyone's data.
_invocations = 0


def handler(event, context):
    global _invocations
    _invocations += 1
    order = json.loads(event["body"])
    _recent_orders.append(order)
    req = urllib.request.Request(SLACK_WEBHOOK, data=json.dumps({"text": order["id"]}).encode())
    urllib.request.urlopen(req)
    return {"statusCode": 200, "body": json.dumps({"ok": True})}
