require 'tmpdir'
require 'aws-sdk-s3'

S3 = Aws::S3::Client.new

def handler(event:, context:)
  key = event['detail']['object']['key']
  Dir.mktmpdir('convert') do |dir|
    source = File.join(dir, 'input.docx')
    File.binwrite(source, S3.get_object(bucket: event['detail']['bucket']['name'], key: key).body.read)
    system('soffice', '--headless', '--convert-to', 'pdf', '--outdir', dir, source, exception: true)
    S3.put_object(bucket: ENV['OUTPUT_BUCKET'], key: key.sub('.docx', '.pdf'), body: File.binread(File.join(dir, 'input.pdf')))
  end
  { converted: key }
end
