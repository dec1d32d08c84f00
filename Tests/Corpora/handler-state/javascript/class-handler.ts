import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

class OrderHandler {
  private readonly sqs = new SQSClient({});
  private lastRequest?: APIGatewayProxyEvent;

  async handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    this.lastRequest = event;
    const order = JSON.parse(event.body ?? '{}');
    await this.sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(order) }));
    return { statusCode: 202, body: '' };
  }
}

const instance = new OrderHandler();

export const handler = async (event: APIGatewayProxyEvent) => instance.handle(event);
