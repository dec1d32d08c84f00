import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: 'orders' });
const client = new DynamoDBClient({ maxAttempts: 3 });
const ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const TABLE = process.env.ORDERS_TABLE;

export const handler = async (event) => {
  const customerId = event.pathParameters.customerId;
  const result = await ddb.send(new QueryCommand({
    TableName: TABLE,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
  }));
  logger.info('orders listed', { count: result.Count });
  return { statusCode: 200, body: JSON.stringify(result.Items) };
};
