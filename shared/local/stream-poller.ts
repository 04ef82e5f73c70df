/**
 * The local stand-in for the DynamoDB stream → Lambda event source mapping: polls DynamoDB Local's
 * stream through the DynamoDB Streams API and hands each batch, in Lambda's DynamoDBStreamEvent
 * shape, to the same handler code the Lambda runs (functions/events/publish-timeline.ts).
 *
 * Like the event source mapping: records of a shard are handled in order; when the handler
 * reports `batchItemFailures`, the batch is retried from the first failed record (with back-off)
 * before anything newer of that shard; after `maxRetries` the records are logged as failed (the
 * local "failure destination") and polling moves on. New shards (rollover) are found by
 * re-describing the stream and read from TRIM_HORIZON, so nothing written after start is missed.
 *
 * Position across restarts (`checkpointFile`, `.local/stream-position.json` in `npm start`): after
 * each batch has been handed on (the handler answered without failures, i.e. its events are in
 * the durable local queue) the last sequence number of every shard is written (temp file, fsync,
 * rename). On start, a shard with a position resumes AFTER_SEQUENCE_NUMBER, a shard without one
 * (new since, or empty when last seen) from TRIM_HORIZON; so what was written while the process
 * was down, or killed between a commit and its publication, is published after the restart. A
 * batch handed on but not yet recorded is handed on again: at least once, the CloudEvent id is the
 * de-duplication key downstream. Without a position for this stream (the first start on a data
 * dir, or a table created anew) the open shards start at their current end, recorded as a
 * position before anything is served: the first start does not republish the up to 24 h of
 * history DynamoDB Local keeps, and nothing written after it is missed.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '#shared/local/durable-file.ts';

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Pause between polls when no shard had records (default 100 ms). */
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly maxRetries?: number;
  readonly onError?: (message: string, error: unknown) => void;
  /** Where the position (per shard sequence number) is kept across restarts; omitted: not kept. */
  readonly checkpointFile?: string;
}

/** The checkpoint file's content. */
export interface StreamPosition {
  readonly version: 1;
  readonly streamArn: string;
  /** Per shard: the last sequence number handed on (null: none yet, read from TRIM_HORIZON), `done` once closed and read to its end. */
  readonly shards: Record<string, { readonly sequence: string | null; readonly done?: boolean }>;
}

interface ShardState {
  readonly shardId: string;
  iterator: string | undefined;
  lastSequence: string | undefined;
  /** Records still to hand over (a failed batch being retried). */
  pending: DynamoDBRecord[];
  retries: number;
  retryAt: number;
  closed: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private streamArn = '';
  private running = false;
  private loop: Promise<void> | undefined;
  private lastDescribe = 0;
  private savedPosition = '';
  /** Records given up on after maxRetries (local failure destination). */
  readonly failedRecords: DynamoDBRecord[] = [];

  constructor(private readonly options: StreamPollerOptions) {
    this.streams = new DynamoDBStreamsClient({ endpoint: options.endpoint });
  }

  async start(): Promise<void> {
    const dynamodb = new DynamoDBClient({ endpoint: this.options.endpoint });
    try {
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
      const arn = table.Table?.LatestStreamArn;
      if (!arn) throw new Error(`table ${this.options.tableName} has no stream`);
      this.streamArn = arn;
    } finally {
      dynamodb.destroy();
    }
    await this.discoverShards(true, this.readPosition());
    await this.savePosition();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.streams.destroy();
  }

  private readPosition(): StreamPosition | undefined {
    const file = this.options.checkpointFile;
    if (!file) return undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const position = JSON.parse(text) as Partial<StreamPosition>;
    if (position.version !== 1 || typeof position.shards !== 'object' || !position.shards) throw new Error(`${file}: not a stream position file`);
    // Another stream (the table was created anew): its positions mean nothing here.
    return position.streamArn === this.streamArn ? (position as StreamPosition) : undefined;
  }

  /** Writes the position of every shard when it changed (durably: temp file, fsync, rename). */
  private async savePosition(): Promise<void> {
    const file = this.options.checkpointFile;
    if (!file) return;
    const shards: Record<string, { sequence: string | null; done?: boolean }> = {};
    for (const shard of this.shards.values()) {
      const done = shard.closed && shard.pending.length === 0;
      shards[shard.shardId] = { sequence: shard.lastSequence ?? null, ...(done ? { done } : {}) };
    }
    const text = `${JSON.stringify({ version: 1, streamArn: this.streamArn, shards } satisfies StreamPosition, null, 2)}\n`;
    if (text === this.savedPosition) return;
    mkdirSync(path.dirname(file), { recursive: true });
    await writeFileDurably(file, text);
    this.savedPosition = text;
  }

  private async iterator(shardId: string, sequence: string | undefined): Promise<string | undefined> {
    if (sequence) {
      try {
        const after = await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequence }));
        return after.ShardIterator;
      } catch (error) {
        // Past the stream's retention (24 h): the oldest record still kept is the best we can do.
        if ((error as Error).name !== 'TrimmedDataAccessException') throw error;
        this.options.onError?.(`stream position ${sequence} of ${shardId} is past the stream's retention; reading from the oldest record kept`, error);
      }
    }
    const result = await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    return result.ShardIterator;
  }

  /** First start without a position: reads an open shard to its current end without handing anything on. */
  private async skipHistory(shardId: string): Promise<{ iterator: string | undefined; lastSequence: string | undefined }> {
    let iterator = await this.iterator(shardId, undefined);
    let lastSequence: string | undefined;
    while (iterator) {
      const result = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = result.Records ?? [];
      lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? lastSequence;
      iterator = result.NextShardIterator;
      if (records.length === 0) break;
    }
    return { iterator, lastSequence };
  }

  private async discoverShards(initial: boolean, position?: StreamPosition): Promise<void> {
    this.lastDescribe = Date.now();
    let start: string | undefined;
    const listed = new Set<string>();
    const state = (shardId: string, iterator: string | undefined, lastSequence: string | undefined, closed = false): ShardState => ({
      shardId,
      iterator,
      lastSequence,
      pending: [],
      retries: 0,
      retryAt: 0,
      closed,
    });
    do {
      const result = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      const description = result.StreamDescription;
      for (const shard of description?.Shards ?? []) {
        const shardId = shard.ShardId;
        if (shardId) listed.add(shardId);
        if (!shardId || this.shards.has(shardId)) continue;
        const known = position?.shards[shardId];
        if (known?.done) {
          this.shards.set(shardId, state(shardId, undefined, known.sequence ?? undefined, true));
        } else if (known || position || !initial) {
          // A position to resume from, or a shard that appeared since (or while we were down): all of it is new.
          const sequence = known?.sequence ?? undefined;
          this.shards.set(shardId, state(shardId, await this.iterator(shardId, sequence), sequence));
        } else if (shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) {
          // First start, a shard closed before it: its records are history.
          this.shards.set(shardId, state(shardId, undefined, undefined, true));
        } else {
          const skipped = await this.skipHistory(shardId);
          this.shards.set(shardId, state(shardId, skipped.iterator, skipped.lastSequence));
        }
      }
      start = description?.LastEvaluatedShardId;
    } while (start);
    // A shard read to its end and no longer listed (past the retention) is forgotten, position included.
    for (const [shardId, shard] of this.shards) if (!listed.has(shardId) && shard.closed && shard.pending.length === 0) this.shards.delete(shardId);
  }

  private async run(): Promise<void> {
    const interval = this.options.intervalMs ?? 100;
    while (this.running) {
      let busy = false;
      try {
        if (Date.now() - this.lastDescribe > 2000) await this.discoverShards(false);
        for (const shard of this.shards.values()) {
          if (shard.closed && shard.pending.length === 0) continue;
          busy = (await this.pollShard(shard)) || busy;
        }
      } catch (error) {
        this.options.onError?.('stream poll failed', error);
      }
      if (!busy) await sleep(interval);
    }
  }

  /** One step for a shard; true when it handed records over (poll again at once). */
  private async pollShard(shard: ShardState): Promise<boolean> {
    if (shard.pending.length === 0) {
      if (!shard.iterator) {
        shard.closed = true;
        return false;
      }
      let result;
      try {
        result = await this.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: this.options.batchSize ?? 100 }));
      } catch (error) {
        if (!(error instanceof ExpiredIteratorException)) throw error;
        shard.iterator = await this.iterator(shard.shardId, shard.lastSequence);
        return true;
      }
      shard.iterator = result.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      shard.pending = (result.Records ?? []).map((r) => this.toLambdaRecord(r));
      if (shard.pending.length === 0) {
        if (shard.closed) await this.savePosition();
        return false;
      }
    }
    if (Date.now() < shard.retryAt) return false;
    const records = shard.pending;
    let failedFrom: number;
    try {
      const response = await this.options.handler({ Records: records });
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      failedFrom = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
    } catch (error) {
      this.options.onError?.('stream handler failed', error);
      failedFrom = 0;
    }
    if (failedFrom < 0) {
      shard.lastSequence = records[records.length - 1]?.dynamodb?.SequenceNumber ?? shard.lastSequence;
      shard.pending = [];
      shard.retries = 0;
      await this.savePosition();
      return true;
    }
    shard.retries += 1;
    if (shard.retries > (this.options.maxRetries ?? 10)) {
      const dropped = records.slice(failedFrom);
      this.failedRecords.push(...dropped);
      this.options.onError?.(`giving up on ${dropped.length} stream record(s) after ${shard.retries - 1} retries`, dropped.map((r) => r.dynamodb?.SequenceNumber));
      shard.lastSequence = records[records.length - 1]?.dynamodb?.SequenceNumber ?? shard.lastSequence;
      shard.pending = [];
      shard.retries = 0;
      await this.savePosition();
      return true;
    }
    shard.pending = records.slice(failedFrom);
    shard.retryAt = Date.now() + Math.min(5000, 100 * 2 ** (shard.retries - 1));
    return false;
  }

  private toLambdaRecord(record: _Record): DynamoDBRecord {
    const d = record.dynamodb;
    // The Streams API and the Lambda event carry the same AttributeValue JSON; only the types differ.
    const image = (value: unknown) => value as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: record.awsRegion ?? 'local',
      eventSourceARN: this.streamArn,
      dynamodb: {
        ...(d?.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
        Keys: image(d?.Keys),
        ...(d?.NewImage ? { NewImage: image(d.NewImage) } : {}),
        ...(d?.OldImage ? { OldImage: image(d.OldImage) } : {}),
        SequenceNumber: d?.SequenceNumber,
        SizeBytes: d?.SizeBytes,
        StreamViewType: d?.StreamViewType,
      },
    };
  }
}
