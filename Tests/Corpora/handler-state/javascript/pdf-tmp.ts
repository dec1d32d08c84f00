import { promises as fs } from 'fs';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { renderInvoice } from './render';

const s3 = new S3Client({});
const OUTPUT_BUCKET = process.env.OUTPUT_BUCKET ?? '';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const object = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
    const body = await object.Body?.transformToString();
    const localPath = `/tmp/${key.split('/').pop()}.pdf`;
    await fs.writeFile(localPath, await renderInvoice(JSON.parse(body ?? '{}')));
    await s3.send(new PutObjectCommand({ Bucket: OUTPUT_BUCKET, Key: `${key}.pdf`, Body: await fs.readFile(localPath) }));
    await fs.unlink(localPath);
  }
};
