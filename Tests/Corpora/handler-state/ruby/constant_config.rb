require 'yaml'
require 'json'

CONFIG = YAML.load_file(File.join(__dir__, 'config.yml')).freeze
PLANS = CONFIG.fetch('plans').map { |plan| [plan['id'], plan] }.to_h.freeze

def handler(event:, context:)
  plan = PLANS[event.dig('queryStringParameters', 'plan')]
  return { statusCode: 404 } unless plan

  { statusCode: 200, body: plan.to_json }
end
