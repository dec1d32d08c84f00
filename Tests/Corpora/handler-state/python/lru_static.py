import json
import pathlib
from functools import lru_cache

import jsonschema

SCHEMA_DIR = pathlib.Path(__file__).parent / "schemas"


@lru_cache(maxsize=8)
def load_schema(name):
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text())


def handler(event, context):
    order = json.loads(event["body"])
    try:
        jsonschema.validate(order, load_schema("order"))
    except jsonschema.ValidationError as error:
        return {"statusCode": 400, "body": json.dumps({"error": error.message})}
    return {"statusCode": 200}
