require 'json'
require 'aws-sdk-firehose'

FIREHOSE = Aws::Firehose::Client.new
AUDIT_LINES = []

def flush!
  FIREHOSE.put_record_batch(delivery_stream_name: ENV['AUDIT_STREAM'],
                            records: AUDIT_LINES.map { |line| { data: line } })
  AUDIT_LINES.clear
end

def handler(event:, context:)
  event['Records'].each { |record| AUDIT_LINES << record['body'] }
  flush! if AUDIT_LINES.size > 100
  { batchItemFailures: [] }
end
