require 'json'
require 'logger'

LOGGER = Logger.new($stdout)

def handler(event:, context:)
  failures = []
  parsed = []
  event['Records'].each do |record|
    parsed << JSON.parse(record['body'])
  rescue JSON::ParserError
    LOGGER.warn("bad message #{record['messageId']}")
    failures << { itemIdentifier: record['messageId'] }
  end
  LOGGER.info("parsed #{parsed.size} messages")
  { batchItemFailures: failures }
end
