import json
import logging

logger = logging.getLogger()


class OrderService:
    def __init__(self):
        self.recent = []

    def record(self, order):
        self.recent.append(order)
        if len(self.recent) > 20:
            self.recent.pop(0)
        return len(self.recent)


service = OrderService()


def handler(event, context):
    order = json.loads(event["body"])
    position = service.record(order)
    logger.info("order recorded at position %d", position)
    return {"statusCode": 202}
