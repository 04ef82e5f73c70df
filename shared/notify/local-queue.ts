/**
 * An in-process queue with the semantics the notification consumers rely on in SQS:
 * - consumers get Lambda's SQS event shape (`Records[]` with messageId, receiptHandle, body,
 *   `attributes.ApproximateReceiveCount`, messageAttributes) and answer `batchItemFailures`;
 * - a failed message becomes visible again after the queue's visibility timeout, or after what
 *   `changeVisibility` set during the receive (the consumers' back-off);
 * - a message received `maxReceiveCount` times and failed again moves to the dead-letter queue on
 *   its next receive (SQS redrive policy);
 * - several batches may be in flight at once (like concurrent Lambda invocations), so a slow or
 *   failing recipient does not hold the others back.
 * Differences from SQS (local only): no duplicates, and a message in flight is not redelivered
 * when its visibility timeout passes before the consumer returns.
 *
 * Times are in queue "seconds", each `msPerSecond` real milliseconds, so back-off that takes
 * minutes in AWS takes a moment locally (LOCAL_QUEUE_MS_PER_SECOND).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageQueue, OutgoingMessage, SendResult } from '#shared/notify/queue.ts';

export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  readonly name: string;
  readonly visibilityTimeoutSeconds?: number;
  readonly maxReceiveCount?: number;
  readonly deadLetterQueue?: LocalQueue;
  readonly batchSize?: number;
  /** Batches in flight at once (default 4). */
  readonly concurrency?: number;
  readonly msPerSecond?: number;
  /**
   * Local only: a group's (this message attribute's value) messages are in at most one batch in
   * flight at a time, so with a consumer that keeps a group's order inside a batch, one
   * recipient's messages go out in the order they were sent while other recipients proceed. A
   * message waiting for its retry does not hold its group back.
   */
  readonly inFlightGroupAttribute?: string;
  readonly onError?: (error: unknown) => void;
}

interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly sentAt: number;
  receiveCount: number;
  firstReceiveAt: number | undefined;
  visibleAt: number;
  inFlight: boolean;
  receiptHandle: string | undefined;
  /** Set by changeVisibility during a receive; applied if the message fails. */
  nextVisibleAt: number | undefined;
}

export interface QueueStats {
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly received: number;
  readonly deleted: number;
}

export class LocalQueue implements MessageQueue {
  readonly name: string;
  readonly arn: string;
  private readonly messages: StoredMessage[] = [];
  private consumer: SqsConsumer | undefined;
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private received = 0;
  private deleted = 0;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.arn = `arn:aws:sqs:local:000000000000:${options.name}`;
  }

  private get msPerSecond(): number {
    return this.options.msPerSecond ?? 1000;
  }

  /** Starts delivering to `consumer` (like an event source mapping). */
  start(consumer: SqsConsumer): void {
    this.consumer = consumer;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops delivering and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  sendBatch(messages: readonly OutgoingMessage[]): Promise<SendResult> {
    const now = Date.now();
    for (const m of messages) {
      this.messages.push({
        messageId: randomUUID(),
        body: m.body,
        attributes: { ...m.attributes },
        sentAt: now,
        receiveCount: 0,
        firstReceiveAt: undefined,
        visibleAt: now,
        inFlight: false,
        receiptHandle: undefined,
        nextVisibleAt: undefined,
      });
    }
    // Like Lambda's batching window: messages sent in the same turn go out in one batch.
    this.schedule(0);
    return Promise.resolve({ failed: [] });
  }

  changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (!message) return Promise.reject(new Error(`ReceiptHandleIsInvalid: ${receiptHandle}`));
    const at = Date.now() + seconds * this.msPerSecond;
    if (message.inFlight) message.nextVisibleAt = at;
    else message.visibleAt = at;
    return Promise.resolve();
  }

  /** Messages waiting (visible or delayed), oldest first: what a DLQ holds. */
  peek(): { messageId: string; body: string; attributes: Record<string, string>; receiveCount: number }[] {
    return this.messages.map((m) => ({ messageId: m.messageId, body: m.body, attributes: { ...m.attributes }, receiveCount: m.receiveCount }));
  }

  stats(): QueueStats {
    const now = Date.now();
    return {
      name: this.name,
      visible: this.messages.filter((m) => !m.inFlight && m.visibleAt <= now).length,
      inFlight: this.messages.filter((m) => m.inFlight).length,
      delayed: this.messages.filter((m) => !m.inFlight && m.visibleAt > now).length,
      received: this.received,
      deleted: this.deleted,
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.consumer) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, delayMs);
    this.timer = wait === 0 ? setTimeout(() => this.pump(), 0) : setTimeout(() => this.pump(), wait);
    this.timer.unref();
  }

  private pump(): void {
    this.timer = undefined;
    const consumer = this.consumer;
    if (this.stopped || !consumer) return;
    const concurrency = this.options.concurrency ?? 4;
    while (this.running < concurrency) {
      const batch = this.receive();
      if (batch.length === 0) break;
      this.running += 1;
      void this.deliver(consumer, batch).finally(() => {
        this.running -= 1;
        if (this.running === 0) for (const resolve of this.idle) resolve();
        this.idle.clear();
        this.schedule(0);
      });
    }
    const next = this.messages.filter((m) => !m.inFlight).reduce((min, m) => Math.min(min, m.visibleAt), Infinity);
    if (next !== Infinity && this.running < concurrency) this.schedule(next - Date.now());
  }

  private receive(): StoredMessage[] {
    const now = Date.now();
    const batch: StoredMessage[] = [];
    const max = this.options.batchSize ?? 10;
    const groupOf = (m: StoredMessage) => (this.options.inFlightGroupAttribute ? m.attributes[this.options.inFlightGroupAttribute] : undefined);
    const busy = new Set(this.messages.filter((m) => m.inFlight).map(groupOf).filter((g) => g !== undefined));
    const taken = new Set<string>();
    for (const message of [...this.messages]) {
      if (batch.length >= max) break;
      if (message.inFlight || message.visibleAt > now) continue;
      const group = groupOf(message);
      if (group !== undefined && busy.has(group) && !taken.has(group)) continue;
      const maxReceives = this.options.maxReceiveCount;
      if (maxReceives !== undefined && this.options.deadLetterQueue && message.receiveCount >= maxReceives) {
        this.remove(message);
        void this.options.deadLetterQueue.sendBatch([{ id: message.messageId, body: message.body, attributes: message.attributes }]);
        continue;
      }
      if (group !== undefined) taken.add(group);
      message.receiveCount += 1;
      message.firstReceiveAt ??= now;
      message.inFlight = true;
      message.receiptHandle = randomUUID();
      message.nextVisibleAt = undefined;
      this.received += 1;
      batch.push(message);
    }
    return batch;
  }

  private async deliver(consumer: SqsConsumer, batch: StoredMessage[]): Promise<void> {
    let failed: Set<string>;
    try {
      const response = await consumer({ Records: batch.map((m) => this.record(m)) });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      failed = new Set(batch.map((m) => m.messageId));
    }
    const now = Date.now();
    for (const message of batch) {
      message.inFlight = false;
      if (failed.has(message.messageId)) {
        message.visibleAt = message.nextVisibleAt ?? now + (this.options.visibilityTimeoutSeconds ?? 30) * this.msPerSecond;
      } else {
        this.remove(message);
        this.deleted += 1;
      }
    }
  }

  private remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
  }

  private record(m: StoredMessage): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle ?? '',
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.attributes).map(([k, v]) => [k, { stringValue: v, dataType: 'String', stringListValues: [], binaryListValues: [] }]),
      ),
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
  }
}
