require 'json'
require 'securerandom'

module Auth
  class Sessions
    @@sessions = {}

    def self.login(event:, context:)
      body = JSON.parse(event['body'])
      token = SecureRandom.hex(16)
      @@sessions[token] = body['username']
      { statusCode: 200, body: { token: token }.to_json }
    end
  end
end
