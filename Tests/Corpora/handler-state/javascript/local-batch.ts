import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: 'ingest' });

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  const parsed: unknown[] = [];
  for (const record of event.Records) {
    try {
      parsed.push(JSON.parse(record.body));
    } catch {
      logger.warn('bad message', { messageId: record.messageId });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  logger.info('batch parsed', { count: parsed.length });
  return { batchItemFailures: failures };
}
