import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: 'catalog' });
const routes = {
  'GET /products': listProducts,
  'GET /products/{id}': getProduct,
};

async function listProducts(event) {
  const limit = Number(event.queryStringParameters?.limit ?? 20);
  return { items: [], limit };
}

async function getProduct(event) {
  const id = event.pathParameters.id;
  return { id, name: `Product ${id}` };
}

export const handler = async (event) => {
  const route = routes[event.routeKey];
  if (!route) {
    logger.warn('no route', { routeKey: event.routeKey });
    return { statusCode: 404 };
  }
  const body = await route(event);
  return { statusCode: 200, body: JSON.stringify(body) };
};
