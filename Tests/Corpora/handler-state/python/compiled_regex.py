import json
import re

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PHONE_RE = re.compile(r"^\+?[0-9 ]{7,15}$")
ALLOWED_FIELDS = frozenset({"email", "phone", "name"})


def clean(payload):
    cleaned = {k: v for k, v in payload.items() if k in ALLOWED_FIELDS}
    if "email" in cleaned and not EMAIL_RE.match(cleaned["email"]):
        raise ValueError("invalid email")
    if "phone" in cleaned and not PHONE_RE.match(cleaned["phone"]):
        raise ValueError("invalid phone")
    return cleaned


def handler(event, context):
    try:
        contact = clean(json.loads(event["body"]))
    except ValueError as error:
        return {"statusCode": 422, "body": json.dumps({"error": str(error)})}
    return {"statusCode": 200, "body": json.dumps(contact)}
