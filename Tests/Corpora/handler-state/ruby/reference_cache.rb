require 'json'
require 'net/http'

RATES_URL = URI('https://rates.example.com/latest.json')

def rates
  if @rates.nil? || Time.now - @rates_loaded_at > 3600
    @rates = JSON.parse(Net::HTTP.get(RATES_URL))
    @rates_loaded_at = Time.now
  end
  @rates
end

def handler(event:, context:)
  params = event['queryStringParameters'] || {}
  rate = rates[params.fetch('currency', 'USD')]
  return { statusCode: 400 } if rate.nil?

  { statusCode: 200, body: { converted: (params['amount'].to_f * rate).round(2) }.to_json }
end
