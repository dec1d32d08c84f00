require 'json'
require 'aws-sdk-dynamodb'

module Users
  class Handler
    def self.dynamo
      @dynamo ||= Aws::DynamoDB::Client.new
    end

    def self.fetch(user_id)
      dynamo.get_item(table_name: ENV['USERS_TABLE'], key: { 'pk' => user_id }).item
    end

    def self.handler(event:, context:)
      user_id = event.dig('pathParameters', 'userId')
      @user_cache ||= {}
      user = @user_cache[user_id] ||= fetch(user_id)
      { statusCode: user ? 200 : 404, body: user.to_json }
    end
  end
end
