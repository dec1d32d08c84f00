const https = require('https');

const API_KEY = process.env.PAYMENTS_API_KEY;
const STAGE = process.env.STAGE || 'dev';
const HOST = `payments.${STAGE}.example.com`;
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 3000);

function post(path, body) {
  return new Promise((resolve, reject) => {
    const request = https.request({ host: HOST, path, method: 'POST', timeout: TIMEOUT_MS,
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' } }, (response) => {
      let data = '';
      response.on('data', (chunk) => { data += chunk; });
      response.on('end', () => resolve(JSON.parse(data)));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

exports.handler = async (event) => {
  const charge = JSON.parse(event.body);
  const result = await post('/charges', { amount: charge.amount, currency: charge.currency });
  return { statusCode: 200, body: JSON.stringify({ id: result.id }) };
};
