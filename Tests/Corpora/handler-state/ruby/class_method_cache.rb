require 'json'
require 'aws-sdk-dynamodb'

module Orders
  class Handler
    @dynamo = Aws::DynamoDB::Client.new
    @customers = {}

    class << self
      attr_reader :dynamo
    end

    def self.process(event:, context:)
      customer_id = event['pathParameters']['customerId']
      customer = dynamo.get_item(table_name: ENV['CUSTOMERS_TABLE'], key: { 'pk' => customer_id }).item
      return { statusCode: 404 } if customer.nil?

      @customers[customer_id] = customer
      { statusCode: 200, body: customer.to_json }
    end
  end
end
