const fs = require('fs');
const os = require('os');
const path = require('path');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});
const BUCKET = process.env.EXPORT_BUCKET;

exports.handler = async (event) => {
  const exportId = event.exportId;
  const file = path.join(os.tmpdir(), `${exportId}.json`);
  fs.writeFileSync(file, JSON.stringify(event.customers));
  await s3.send(new PutObjectCommand({
    Bucket: BUCKET,
    Key: `exports/${exportId}.json`,
    Body: fs.createReadStream(file),
  }));
  console.log('export uploaded', exportId);
  return { exportId };
};
