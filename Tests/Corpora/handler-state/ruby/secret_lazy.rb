require 'pg'
require 'aws-sdk-ssm'

def ssm
  @ssm ||= Aws::SSM::Client.new
end

def db_password
  @db_password ||= ssm.get_parameter(name: ENV['DB_PASSWORD_PARAM'], with_decryption: true).parameter.value
end

def handler(event:, context:)
  connection = PG.connect(host: ENV['DB_HOST'], user: 'app', password: db_password, dbname: 'orders')
  result = connection.exec_params('SELECT status FROM orders WHERE id = $1', [event['orderId']])
  { status: result.first&.fetch('status') }
ensure
  connection&.close
end
