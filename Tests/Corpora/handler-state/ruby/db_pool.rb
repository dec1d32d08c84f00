require 'json'
require 'pg'

def connection
  $connection ||= PG.connect(host: ENV['DB_HOST'], user: ENV['DB_USER'], password: ENV['DB_PASSWORD'], dbname: ENV['DB_NAME'])
end

def handler(event:, context:)
  sku = event['pathParameters']['sku']
  row = connection.exec_params('SELECT name, price FROM products WHERE sku = $1', [sku]).first
  return { statusCode: 404 } if row.nil?

  { statusCode: 200, body: row.to_json }
end
