import json
import time

import boto3

appconfig = boto3.client("appconfigdata")
_config = {}
_config_loaded = 0.0
_token = None


def load_config():
    global _config, _config_loaded, _token
    if time.time() - _config_loaded < 45:
        return _config
    if _token is None:
        _token = appconfig.start_configuration_session(
            ApplicationIdentifier="shop", EnvironmentIdentifier="prod", ConfigurationProfileIdentifier="features"
        )["InitialConfigurationToken"]
    response = appconfig.get_latest_configuration(ConfigurationToken=_token)
    _token = response["NextPollConfigurationToken"]
    body = response["Configuration"].read()
    if body:
        _config = json.loads(body)
    _config_loaded = time.time()
    return _config


def handler(event, context):
    features = load_config()
    return {"statusCode": 200, "body": json.dumps({"newCheckout": features.get("new_checkout", False)})}
