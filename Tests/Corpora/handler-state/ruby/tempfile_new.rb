require 'tempfile'
require 'base64'

def handler(event:, context:)
  upload = Tempfile.new(['upload', '.bin'])
  upload.binmode
  upload.write(Base64.decode64(event['body']))
  upload.close
  size = File.size(upload.path)
  { statusCode: 200, body: size.to_s }
end
