require 'set'
require 'json'

$seen_emails = Set.new

def remember(email)
  $seen_emails.add(email)
end

def handler(event:, context:)
  body = JSON.parse(event['body'])
  remember(body['email'])
  { statusCode: 202, body: { known: $seen_emails.size }.to_json }
end
