require 'tmpdir'
require 'aws-sdk-s3'
require 'mini_magick'

S3 = Aws::S3::Client.new

def handler(event:, context:)
  event['Records'].each do |record|
    bucket = record['s3']['bucket']['name']
    key = record['s3']['object']['key']
    object = S3.get_object(bucket: bucket, key: key)
    local_path = File.join(Dir.tmpdir, File.basename(key))
    File.open(local_path, 'wb') { |file| file.write(object.body.read) }
    image = MiniMagick::Image.open(local_path)
    image.resize('256x256')
    S3.put_object(bucket: ENV['THUMB_BUCKET'], key: key, body: image.to_blob)
    File.delete(local_path)
  end
end
