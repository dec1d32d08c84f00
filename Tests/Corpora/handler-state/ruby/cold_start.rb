require 'json'

$cold_start = true
$invocations = 0
STARTED_AT = Time.now

def handler(event:, context:)
  $invocations += 1
  was_cold = $cold_start
  $cold_start = false
  basket = JSON.parse(event['body'])
  total = basket['lines'].sum { |line| line['price'] * line['qty'] }
  { statusCode: 200, body: { total: total, cold: was_cold, uptime: Time.now - STARTED_AT }.to_json }
end
