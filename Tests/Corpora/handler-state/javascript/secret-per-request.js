const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');

const ssm = new SSMClient({});

async function signingKey() {
  const result = await ssm.send(new GetParameterCommand({ Name: process.env.SIGNING_KEY_PARAM, WithDecryption: true }));
  return result.Parameter.Value;
}

exports.handler = async (event) => {
  const key = await signingKey();
  const crypto = require('crypto');
  const signature = crypto.createHmac('sha256', key).update(event.body).digest('hex');
  return { statusCode: 200, body: JSON.stringify({ signature }) };
};
