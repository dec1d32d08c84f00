require 'json'
require 'aws-sdk-s3'

def s3
  @s3 ||= Aws::S3::Client.new(region: ENV['AWS_REGION'])
end

def handler(event:, context:)
  object = s3.head_object(bucket: ENV['BUCKET'], key: event['key'])
  { size: object.content_length, type: object.content_type }
end
