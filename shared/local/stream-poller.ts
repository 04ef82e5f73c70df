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
 * Shards open at start are read from LATEST: a restart does not republish yesterday's events.
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

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Pause between polls when no shard had records (default 100 ms). */
  readonly intervalMs?: number;
  readonly batchSize?: number;
  readonly maxRetries?: number;
  readonly onError?: (message: string, error: unknown) => void;
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
    await this.discoverShards(true);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.streams.destroy();
  }

  private async discoverShards(initial: boolean): Promise<void> {
    this.lastDescribe = Date.now();
    let start: string | undefined;
    do {
      const result = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      const description = result.StreamDescription;
      for (const shard of description?.Shards ?? []) {
        const shardId = shard.ShardId;
        if (!shardId || this.shards.has(shardId)) continue;
        const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
        if (initial && !open) {
          // Closed before we started: its records are history.
          this.shards.set(shardId, { shardId, iterator: undefined, lastSequence: undefined, pending: [], retries: 0, retryAt: 0, closed: true });
          continue;
        }
        const iterator = await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: initial ? 'LATEST' : 'TRIM_HORIZON' }),
        );
        this.shards.set(shardId, { shardId, iterator: iterator.ShardIterator, lastSequence: undefined, pending: [], retries: 0, retryAt: 0, closed: false });
      }
      start = description?.LastEvaluatedShardId;
    } while (start);
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
        const fresh = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shard.shardId,
            ...(shard.lastSequence ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequence } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        shard.iterator = fresh.ShardIterator;
        return true;
      }
      shard.iterator = result.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      shard.pending = (result.Records ?? []).map((r) => this.toLambdaRecord(r));
      if (shard.pending.length === 0) return false;
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
