const memoize = require('lodash.memoize');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const getUser = memoize(async (userId) => {
  const result = await ddb.send(new GetCommand({ TableName: process.env.USERS_TABLE, Key: { pk: userId } }));
  return result.Item;
});

exports.handler = async (event) => {
  const userId = event.pathParameters.userId;
  const user = await getUser(userId);
  if (!user) {
    return { statusCode: 404 };
  }
  return { statusCode: 200, body: JSON.stringify({ name: user.name, plan: user.plan }) };
};
