require 'json'
require 'net/http'

API_KEY = ENV.fetch('PAYMENTS_API_KEY')
BASE_URL = ENV.fetch('PAYMENTS_URL', 'https://payments.example.com')
TIMEOUT = Integer(ENV.fetch('HTTP_TIMEOUT', '5'))

def handler(event:, context:)
  charge = JSON.parse(event['body'])
  uri = URI("#{BASE_URL}/charges")
  request = Net::HTTP::Post.new(uri, 'x-api-key' => API_KEY, 'Content-Type' => 'application/json')
  request.body = { amount: charge['amount'], currency: charge['currency'] }.to_json
  response = Net::HTTP.start(uri.host, uri.port, use_ssl: true, read_timeout: TIMEOUT) { |http| http.request(request) }
  { statusCode: 200, body: { id: JSON.parse(response.body)['id'] }.to_json }
end
