require 'json'
require 'aws-sdk-s3'

S3 = Aws::S3::Client.new

def handler(event:, context:)
  rows = event['customers'].map { |c| [c['id'], c['email'], c['phone']].join(',') }
  report_path = "/tmp/report-#{context.aws_request_id}.csv"
  File.write(report_path, rows.join("\n"))
  File.open(report_path, 'rb') do |file|
    S3.put_object(bucket: ENV['REPORT_BUCKET'], key: File.basename(report_path), body: file)
  end
  { statusCode: 200 }
end
