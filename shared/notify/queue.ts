/**
 * A message queue as the notification consumers need it: send a batch, and push a message's
 * next attempt back (its visibility timeout). SQS implements it in AWS (shared/notify/sqs-queue.ts),
 * an in-process queue with the same message shapes, visibility and redrive rules in local mode
 * (shared/notify/local-queue.ts).
 */
export interface OutgoingMessage {
  /** Unique within the batch (the SQS batch entry id). */
  readonly id: string;
  readonly body: string;
  /** String message attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface SendResult {
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: string }>;
}

export interface MessageQueue {
  sendBatch(messages: readonly OutgoingMessage[]): Promise<SendResult>;
  /** The message (by the receipt handle of its current receive) becomes visible again after `seconds`. */
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
}

/** SQS takes at most 10 entries per SendMessageBatch. */
export const SEND_BATCH_MAX = 10;
