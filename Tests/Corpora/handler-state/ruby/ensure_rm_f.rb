require 'tmpdir'
require 'fileutils'
require 'securerandom'

def handler(event:, context:)
  path = File.join(Dir.tmpdir, "#{SecureRandom.uuid}.json")
  begin
    File.binwrite(path, event['body'])
    { statusCode: 200, body: File.size(path).to_s }
  ensure
    FileUtils.rm_f(path)
  end
end
