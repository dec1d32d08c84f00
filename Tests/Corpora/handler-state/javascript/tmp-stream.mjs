import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export const handler = async (event) => {
  const target = join(tmpdir(), `${event.batchId}.ndjson`);
  const out = fs.createWriteStream(target);
  for (const record of event.records) {
    out.write(JSON.stringify(record) + '\n');
  }
  out.end();
  await once(out, 'finish');
  return { path: target };
};
