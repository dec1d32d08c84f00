require 'json'
require 'net/http'
require 'aws-sdk-secretsmanager'

PARTNER_TOKEN = JSON.parse(
  Aws::SecretsManager::Client.new.get_secret_value(secret_id: ENV.fetch('PARTNER_SECRET_ID')).secret_string
)['token']

def handler(event:, context:)
  uri = URI("#{ENV.fetch('PARTNER_URL')}/orders")
  request = Net::HTTP::Post.new(uri, 'Authorization' => "Bearer #{PARTNER_TOKEN}", 'Content-Type' => 'application/json')
  request.body = event['body']
  response = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(request) }
  { statusCode: response.code.to_i }
end
