import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  const scratch = join(tmpdir(), `${randomUUID()}.csv`);
  try {
    const lines = event.rows.map((row) => `${row.id},${row.email}`);
    await fs.writeFile(scratch, lines.join('\n'));
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `csv/${event.batchId}.csv`, Body: await fs.readFile(scratch) }));
  } finally {
    await fs.rm(scratch, { force: true });
  }
  return { ok: true };
};
