import { CognitoJwtVerifier } from 'aws-jwt-verify';

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID,
  tokenUse: 'access',
  clientId: process.env.CLIENT_ID,
});

const sessions = new Map();

export const handler = async (event) => {
  const token = event.headers?.authorization?.replace('Bearer ', '');
  if (!token) {
    return { statusCode: 401 };
  }
  try {
    const claims = await verifier.verify(token);
    sessions.set(claims.sub, { token, scopes: claims.scope, seenAt: Date.now() });
    return { statusCode: 200, body: JSON.stringify({ user: claims.username }) };
  } catch (error) {
    console.error('token rejected', error);
    return { statusCode: 403 };
  }
};
