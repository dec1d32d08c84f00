import type { APIGatewayProxyHandler } from 'aws-lambda';

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;
const POSTCODE = new RegExp('^[0-9]{4,5}$');
const ALLOWED = new Set(['email', 'postcode', 'name']);

function clean(input: Record<string, string>) {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (ALLOWED.has(key)) out[key] = value.trim();
  }
  if (out.email && !EMAIL.test(out.email)) throw new Error('bad email');
  if (out.postcode && !POSTCODE.test(out.postcode)) throw new Error('bad postcode');
  return out;
}

export const handler: APIGatewayProxyHandler = async (event) => {
  try {
    const contact = clean(JSON.parse(event.body ?? '{}'));
    return { statusCode: 200, body: JSON.stringify(contact) };
  } catch (error) {
    return { statusCode: 422, body: (error as Error).message };
  }
};
