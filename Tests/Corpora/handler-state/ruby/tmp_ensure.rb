require 'json'
require 'securerandom'
require 'aws-sdk-s3'

S3 = Aws::S3::Client.new

def handler(event:, context:)
  export_path = "/tmp/export-#{SecureRandom.uuid}.json"
  begin
    File.write(export_path, JSON.generate(event['records']))
    File.open(export_path, 'rb') do |file|
      S3.put_object(bucket: ENV['EXPORT_BUCKET'], key: "exports/#{context.aws_request_id}.json", body: file)
    end
  ensure
    File.delete(export_path) if File.exist?(export_path)
  end
  { statusCode: 200 }
end
