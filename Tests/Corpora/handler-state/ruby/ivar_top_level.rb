require 'json'

def authorized?(claims)
  claims.fetch('scope', '').split.include?('profile:read')
end

def lambda_handler(event:, context:)
  claims = event.dig('requestContext', 'authorizer', 'claims') || {}
  return { statusCode: 403 } unless authorized?(claims)

  @current_user = claims['email']
  profile = { email: @current_user, name: claims['name'] }
  { statusCode: 200, body: profile.to_json }
end
