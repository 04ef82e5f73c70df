/**
 * MessageQueue on SQS: SendMessageBatch in chunks of 10, retrying only the entries SQS refused
 * (with back-off); ChangeMessageVisibility for a failed delivery's back-off.
 */
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SEND_BATCH_MAX, type MessageQueue, type OutgoingMessage, type SendResult } from '#shared/notify/queue.ts';

/** SQS caps a visibility timeout at 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

export class SqsQueue implements MessageQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly options: { attempts?: number; baseDelayMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async sendBatch(messages: readonly OutgoingMessage[]): Promise<SendResult> {
    const failed: { id: string; error: string }[] = [];
    for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) failed.push(...(await this.sendChunk(messages.slice(i, i + SEND_BATCH_MAX))));
    return { failed };
  }

  private async sendChunk(chunk: readonly OutgoingMessage[]): Promise<{ id: string; error: string }[]> {
    const attempts = this.options.attempts ?? 3;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let pending = [...chunk];
    const errors = new Map<string, string>();
    for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt++) {
      if (attempt > 1) await sleep(Math.random() * (this.options.baseDelayMs ?? 100) * 2 ** (attempt - 2));
      try {
        const result = await this.client.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: pending.map((m) => ({
              Id: m.id,
              MessageBody: m.body,
              ...(m.attributes
                ? { MessageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])) }
                : {}),
            })),
          }),
        );
        const refused = new Set((result.Failed ?? []).map((f) => f.Id));
        for (const f of result.Failed ?? []) errors.set(f.Id ?? '', `${f.Code ?? 'Unknown'}: ${f.Message ?? ''}`);
        pending = pending.filter((m) => refused.has(m.id));
      } catch (error) {
        for (const m of pending) errors.set(m.id, (error as Error).message);
      }
    }
    return pending.map((m) => ({ id: m.id, error: errors.get(m.id) ?? 'unknown error' }));
  }

  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.round(seconds))) }),
    );
  }
}
