from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

logger = Logger(service="checkout")
tracer = Tracer(service="checkout")


@tracer.capture_method
def price_cart(cart):
    return sum(item["price"] * item["quantity"] for item in cart["items"])


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler
def handler(event: dict, context: LambdaContext) -> dict:
    customer_id = event["detail"]["customerId"]
    logger.append_keys(customer_id=customer_id, cart_id=event["detail"]["cartId"])
    total = price_cart(event["detail"]["cart"])
    logger.info("cart priced", extra={"total": total})
    return {"total": total}
