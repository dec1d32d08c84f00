const { FirehoseClient, PutRecordBatchCommand } = require('@aws-sdk/client-firehose');

const firehose = new FirehoseClient({});
const STREAM = process.env.AUDIT_STREAM;
const pending = [];

async function flush() {
  if (pending.length === 0) return;
  const records = pending.map((entry) => ({ Data: Buffer.from(JSON.stringify(entry)) }));
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records }));
}

function enqueue(entry) {
  pending.push({ ...entry, at: new Date().toISOString() });
}

module.exports.handler = async (event) => {
  for (const record of event.Records) {
    const change = JSON.parse(record.body);
    enqueue({ actor: change.actor, action: change.action, target: change.target });
  }
  if (pending.length > 100) {
    await flush();
  }
  return { batchItemFailures: [] };
};
