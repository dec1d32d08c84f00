from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger(service="shipping")


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict, context: LambdaContext) -> dict:
    logger.append_keys(order_id=event["orderId"], carrier=event.get("carrier", "ups"))
    logger.info("label requested")
    label = {"order": event["orderId"], "service": "ground"}
    return label
