require 'json'
require 'aws-sdk-dynamodb'

DYNAMO = Aws::DynamoDB::Client.new
PROFILE_CACHE = {}

def fetch_profile(user_id)
  DYNAMO.get_item(table_name: ENV['USERS_TABLE'], key: { 'pk' => user_id }).item
end

def handler(event:, context:)
  user_id = event['pathParameters']['userId']
  profile = PROFILE_CACHE[user_id] ||= fetch_profile(user_id)
  return { statusCode: 404 } unless profile

  { statusCode: 200, body: JSON.generate(profile) }
end
