require 'json'
require 'logger'
require 'aws-sdk-dynamodb'
require 'aws-sdk-sqs'

LOGGER = Logger.new($stdout)
DYNAMO = Aws::DynamoDB::Client.new(retry_limit: 3)
SQS = Aws::SQS::Client.new
QUEUE_URL = ENV.fetch('FULFILMENT_QUEUE_URL')

def lambda_handler(event:, context:)
  order = JSON.parse(event['body'])
  DYNAMO.put_item(table_name: ENV.fetch('ORDERS_TABLE'), item: order)
  SQS.send_message(queue_url: QUEUE_URL, message_body: { orderId: order['id'] }.to_json)
  LOGGER.info("order #{order['id']} queued")
  { statusCode: 202, body: { orderId: order['id'] }.to_json }
end
