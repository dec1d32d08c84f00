const { Metrics, MetricUnit } = require('@aws-lambda-powertools/metrics');

const metrics = new Metrics({ namespace: 'Checkout', serviceName: 'cart' });
let coldStart = true;
let invocations = 0;
const startedAt = Date.now();

exports.handler = async (event) => {
  invocations += 1;
  if (coldStart) {
    metrics.addMetric('ColdStart', MetricUnit.Count, 1);
    coldStart = false;
  }
  const cart = JSON.parse(event.body);
  const total = cart.lines.reduce((sum, line) => sum + line.price * line.qty, 0);
  metrics.publishStoredMetrics();
  return { statusCode: 200, body: JSON.stringify({ total, warmForMs: Date.now() - startedAt, invocations }) };
};
