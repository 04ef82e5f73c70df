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
 * With `dir` (`.local/queues/<name>/` in `npm start`) the messages survive a restart, also a
 * SIGKILL: each message is a file written before `sendBatch` resolves (temp file, fsync, rename,
 * one directory fsync per batch), rewritten when a receive fails (its receive count and next
 * visibility) and removed when it is acknowledged. Messages in flight at a crash are received
 * again after the restart (at least once; the consumers de-duplicate by event and recipient).
 *
 * Times are in queue "seconds", each `msPerSecond` real milliseconds, so back-off that takes
 * minutes in AWS takes a moment locally (LOCAL_QUEUE_MS_PER_SECOND).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { syncDirectory, writeFileDurably } from '#shared/local/durable-file.ts';
import type { MessageQueue, OutgoingMessage, SendResult } from '#shared/notify/queue.ts';

/** How often a queue that yields (`yieldTo`) looks again whether it may deliver. */
const YIELD_CHECK_MS = 25;

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
  /**
   * Local only: while `busy()` is true, a visible message waits, at most `maxDelayMs` after it
   * became visible. Local mode runs every consumer on the API's one thread and DynamoDB Local's
   * cores, so a consumer that can wait (the site publisher) lets a burst of requests finish first;
   * in AWS it is another function and needs no such rule.
   */
  readonly yieldTo?: { readonly busy: () => boolean; readonly maxDelayMs: number };
  /** Keep the messages in this directory, one file each, across restarts; omitted: in memory only. */
  readonly dir?: string;
}

/** What a message's file holds. */
interface MessageFile {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly sentAt: number;
  readonly receiveCount: number;
  readonly firstReceiveAt: number | null;
  readonly visibleAt: number;
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
  /** Not receivable until its file is written (with `dir`). */
  ready: boolean;
  /** Its file under `dir`, and the chain of writes to it (one at a time, in order). */
  readonly file: string | undefined;
  io: Promise<void>;
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
  private readonly writes = new Set<Promise<void>>();
  private fileSequence = 0;

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.arn = `arn:aws:sqs:local:000000000000:${options.name}`;
    if (options.dir) this.load(options.dir);
  }

  /** Reads the messages kept in `dir`, oldest first (file names sort by send time). */
  private load(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (!name.endsWith('.json') || name.startsWith('.')) {
        // A temporary file of a write the crash interrupted: its batch was never acknowledged to the sender.
        if (name.endsWith('.tmp')) rmSync(file, { force: true });
        continue;
      }
      let stored: MessageFile;
      try {
        stored = JSON.parse(readFileSync(file, 'utf8')) as MessageFile;
      } catch (error) {
        // Files are only ever replaced whole (rename), so this one was damaged from outside: say which.
        throw new Error(`local queue ${this.name}: ${file} is not a readable message (${(error as Error).message}); move it out of ${dir} to start`, { cause: error });
      }
      this.messages.push({
        messageId: stored.messageId,
        body: stored.body,
        attributes: stored.attributes,
        sentAt: stored.sentAt,
        receiveCount: stored.receiveCount,
        firstReceiveAt: stored.firstReceiveAt ?? undefined,
        visibleAt: stored.visibleAt,
        inFlight: false,
        receiptHandle: undefined,
        nextVisibleAt: undefined,
        ready: true,
        file,
        io: Promise.resolve(),
      });
    }
  }

  /** Queues a write to a message's file after the ones before it; stop() waits for it. */
  private io(message: StoredMessage, write: () => Promise<void>): Promise<void> {
    const next = message.io.then(write);
    message.io = next.catch((error: unknown) => this.options.onError?.(error));
    const tracked = message.io;
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
    return next;
  }

  private persist(message: StoredMessage, syncDir: boolean): Promise<void> {
    const file = message.file;
    if (!file) return Promise.resolve();
    const content: MessageFile = {
      messageId: message.messageId,
      body: message.body,
      attributes: message.attributes,
      sentAt: message.sentAt,
      receiveCount: message.receiveCount,
      firstReceiveAt: message.firstReceiveAt ?? null,
      visibleAt: message.visibleAt,
    };
    return this.io(message, () => writeFileDurably(file, JSON.stringify(content), { syncDir }));
  }

  private unlink(message: StoredMessage): void {
    const file = message.file;
    if (file) void this.io(message, () => rm(file, { force: true })).catch(() => undefined);
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
    // A write may queue the next one (a move to the DLQ, then the unlink here): until none is left.
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Resolves once every message is stored (with `dir`: on disk); a message that could not be stored is answered as failed, like SQS. */
  async sendBatch(messages: readonly OutgoingMessage[]): Promise<SendResult> {
    const now = Date.now();
    const dir = this.options.dir;
    const added = messages.map((m) => {
      const messageId = randomUUID();
      const stored: StoredMessage = {
        messageId,
        body: m.body,
        attributes: { ...m.attributes },
        sentAt: now,
        receiveCount: 0,
        firstReceiveAt: undefined,
        visibleAt: now,
        inFlight: false,
        receiptHandle: undefined,
        nextVisibleAt: undefined,
        ready: !dir,
        file: dir ? path.join(dir, `${String(now).padStart(14, '0')}-${String(this.fileSequence++).padStart(9, '0')}-${messageId}.json`) : undefined,
        io: Promise.resolve(),
      };
      // In the queue at once (keeps the send order), receivable once stored.
      this.messages.push(stored);
      return { id: m.id, stored };
    });
    const failed: { id: string; error: string }[] = [];
    if (dir) {
      const results = await Promise.allSettled(added.map(({ stored }) => this.persist(stored, false)));
      let synced: Promise<void> = Promise.resolve();
      if (results.some((r) => r.status === 'fulfilled')) synced = syncDirectory(dir);
      const dirError = await synced.then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      added.forEach(({ id, stored }, i) => {
        const result = results[i];
        const error = result?.status === 'rejected' ? (result.reason as Error) : dirError;
        if (error) {
          this.remove(stored);
          this.unlink(stored);
          failed.push({ id, error: `not stored: ${error.message}` });
        } else {
          stored.ready = true;
        }
      });
    }
    // Like Lambda's batching window: messages sent in the same turn go out in one batch.
    this.schedule(0);
    return { failed };
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
      visible: this.messages.filter((m) => m.ready && !m.inFlight && m.visibleAt <= now).length,
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
    const yieldTo = this.options.yieldTo;
    if (yieldTo && this.running < concurrency && yieldTo.busy()) {
      const now = Date.now();
      const oldest = this.messages.filter((m) => m.ready && !m.inFlight && m.visibleAt <= now).reduce((min, m) => Math.min(min, m.visibleAt), Infinity);
      // Looks again every YIELD_CHECK_MS while busy, and takes the batch once its oldest message has waited long enough.
      if (oldest !== Infinity && now - oldest < yieldTo.maxDelayMs) return this.schedule(Math.min(YIELD_CHECK_MS, oldest + yieldTo.maxDelayMs - now));
    }
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
    const next = this.messages.filter((m) => m.ready && !m.inFlight).reduce((min, m) => Math.min(min, m.visibleAt), Infinity);
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
      if (!message.ready || message.inFlight || message.visibleAt > now) continue;
      const group = groupOf(message);
      if (group !== undefined && busy.has(group) && !taken.has(group)) continue;
      const maxReceives = this.options.maxReceiveCount;
      if (maxReceives !== undefined && this.options.deadLetterQueue && message.receiveCount >= maxReceives) {
        this.remove(message);
        // Stored in the DLQ first, then removed here: a crash in between leaves it in both, never in neither.
        const dlq = this.options.deadLetterQueue;
        void this.io(message, async () => {
          const result = await dlq.sendBatch([{ id: message.messageId, body: message.body, attributes: message.attributes }]);
          if (result.failed.length > 0) throw new Error(`${this.name}: could not move ${message.messageId} to ${dlq.name}: ${result.failed[0]?.error ?? ''}`);
        }).then(
          () => this.unlink(message),
          (error: unknown) => this.options.onError?.(error),
        );
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
        // Its receive count and back-off survive a restart (the redrive after maxReceiveCount too).
        void this.persist(message, true).catch(() => undefined);
      } else {
        this.remove(message);
        this.unlink(message);
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
