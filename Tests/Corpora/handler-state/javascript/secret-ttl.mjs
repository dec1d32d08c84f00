import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { createHmac } from 'node:crypto';

export const handler = async (event) => {
  const signingKey = await getSecret('webhooks/signing-key', { maxAge: 300 });
  const expected = createHmac('sha256', signingKey).update(event.body).digest('hex');
  if (expected !== event.headers['x-signature']) {
    return { statusCode: 401 };
  }
  return { statusCode: 204 };
};
