const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');

let client;

function getClient() {
  if (!client) {
    client = new DynamoDBClient({ region: process.env.AWS_REGION, maxAttempts: 2 });
  }
  return client;
}

exports.handler = async (event) => {
  const result = await getClient().send(new GetItemCommand({
    TableName: process.env.TABLE,
    Key: { pk: { S: event.pathParameters.id } },
  }));
  return { statusCode: result.Item ? 200 : 404, body: JSON.stringify(result.Item ?? {}) };
};
