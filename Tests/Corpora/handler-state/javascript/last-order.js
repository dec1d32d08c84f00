'use strict';

const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.ORDERS_TABLE;

// Kept so the confirmation endpoint can answer without a read.
let lastOrder;

exports.handler = async (event, context) => {
  let order;
  try {
    order = JSON.parse(event.body);
  } catch (err) {
    console.warn('invalid body', err.message);
    return { statusCode: 400, body: JSON.stringify({ message: 'invalid JSON' }) };
  }
  await ddb.send(new PutCommand({ TableName: TABLE, Item: order }));
  lastOrder = order;
  console.log(`stored order ${order.id} for request ${context.awsRequestId}`);
  return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
};
