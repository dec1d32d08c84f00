import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import Stripe from 'stripe';

const secrets = new SecretsManagerClient({});
let cachedSecret;

async function stripeKey() {
  if (!cachedSecret) {
    const response = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.STRIPE_SECRET_ARN }));
    cachedSecret = JSON.parse(response.SecretString).apiKey;
  }
  return cachedSecret;
}

export const handler = async (event) => {
  const stripe = new Stripe(await stripeKey());
  const { amount, currency } = JSON.parse(event.body);
  const intent = await stripe.paymentIntents.create({ amount, currency });
  return { statusCode: 200, body: JSON.stringify({ clientSecret: intent.client_secret }) };
};
