require 'openssl'
require 'aws-sdk-secretsmanager'

SECRETS = Aws::SecretsManager::Client.new

def handler(event:, context:)
  key = SECRETS.get_secret_value(secret_id: ENV['SIGNING_SECRET_ID']).secret_string
  signature = OpenSSL::HMAC.hexdigest('SHA256', key, event['body'])
  { statusCode: 200, body: { signature: signature }.to_json }
end
