import os

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

processor = BatchProcessor(event_type=EventType.SQS)
logger = Logger()
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def record_handler(record: SQSRecord):
    payload = record.json_body
    table.put_item(Item={"pk": payload["id"], "data": payload})
    logger.info("stored", extra={"id": payload["id"]})


@logger.inject_lambda_context
def lambda_handler(event, context):
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
