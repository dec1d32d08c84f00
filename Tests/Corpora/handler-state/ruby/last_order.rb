# frozen_string_literal: true

require 'json'
require 'logger'
require 'aws-sdk-dynamodb'

LOGGER = Logger.new($stdout)
DYNAMO = Aws::DynamoDB::Client.new
$last_order = nil

def lambda_handler(event:, context:)
  order = JSON.parse(event['body'])
  DYNAMO.put_item(table_name: ENV.fetch('ORDERS_TABLE'), item: order)
  $last_order = order
  LOGGER.info("order #{order['id']} stored for #{context.aws_request_id}")
  { statusCode: 201, body: JSON.generate(id: order['id']) }
rescue JSON::ParserError => e
  LOGGER.warn("bad order: #{e.message}")
  { statusCode: 400 }
end
