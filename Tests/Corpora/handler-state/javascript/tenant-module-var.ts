import type { APIGatewayProxyEvent, APIGatewayProxyResult, Handler } from 'aws-lambda';

let currentTenant: string | undefined;

function tableFor(tenant: string): string {
  return `orders-${tenant}`;
}

export const handler: Handler<APIGatewayProxyEvent, APIGatewayProxyResult> = async (event) => {
  currentTenant = event.headers['x-tenant-id'];
  if (!currentTenant) {
    return { statusCode: 400, body: 'missing tenant' };
  }
  return { statusCode: 200, body: JSON.stringify({ table: tableFor(currentTenant) }) };
};
