require 'json'

EMAIL = /\A[^@\s]+@[^@\s]+\.[a-z]{2,}\z/i
ALLOWED = %w[email name phone].freeze
MESSAGE = <<~TEXT
  Contact details must include a valid email address.
  Allowed fields: #{ALLOWED.join(', ')}
TEXT

def handler(event:, context:)
  contact = JSON.parse(event['body']).slice(*ALLOWED)
  return { statusCode: 422, body: MESSAGE } unless contact['email']&.match?(EMAIL)

  { statusCode: 200, body: contact.to_json }
end
