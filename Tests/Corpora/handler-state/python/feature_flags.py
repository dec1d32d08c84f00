import json
import os

from aws_lambda_powertools.utilities.feature_flags import AppConfigStore, FeatureFlags

store = AppConfigStore(environment=os.environ["STAGE"], application="checkout", name="features", max_age=120)
feature_flags = FeatureFlags(store=store)
DEFAULT_CURRENCY = "EUR"


def handler(event, context):
    user = event["requestContext"]["authorizer"]["claims"]["sub"]
    new_checkout = feature_flags.evaluate(name="new_checkout", context={"user": user}, default=False)
    page = "checkout-v2" if new_checkout else "checkout"
    return {"statusCode": 200, "body": json.dumps({"page": page, "currency": DEFAULT_CURRENCY})}
