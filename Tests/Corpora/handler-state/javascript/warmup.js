let lastWarmup = 0;
let warmups = 0;

exports.handler = async (event, context) => {
  if (event.source === 'serverless-plugin-warmup') {
    lastWarmup = Date.now();
    warmups += 1;
    return 'warmed';
  }
  const name = event.queryStringParameters?.name ?? 'world';
  return { statusCode: 200, body: `hello ${name}`, headers: { 'x-warmups': String(warmups) } };
};
