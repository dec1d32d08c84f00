require 'base64'
require 'tempfile'
require 'open3'

def handler(event:, context:)
  document = Base64.decode64(event['body'])
  text = Tempfile.create(['upload', '.pdf']) do |file|
    file.binmode
    file.write(document)
    file.flush
    output, _status = Open3.capture2('pdftotext', file.path, '-')
    output
  end
  { statusCode: 200, body: text }
end
