/**
 * What DynamoDB Local itself costs per call on this machine, with a plain document client:
 * PutItem, GetItem, Query (Limit 20 on a 50-item partition) and TransactWriteItems (3 puts).
 * These are the floor any handler figure sits on.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#shared/local/create-table.ts';
import { directClient } from './harness.ts';
import { progress, summarize, type Stats } from './stats.ts';

export interface BaselineResult {
  readonly table: string;
  readonly itemBytes: number;
  readonly warmup: number;
  readonly iterations: number;
  readonly operations: Record<string, Stats & { samples: number[] }>;
}

/** An item of about `bytes` bytes of attribute data, shaped loosely like an incident. */
function payload(bytes: number): Record<string, unknown> {
  return {
    title: 'Elevated error rate on checkout API in eu-west-1',
    status: 'open',
    severity: 'high',
    affected_services: ['checkout', 'payments'],
    description: randomBytes(Math.ceil(bytes * 0.75)).toString('base64').slice(0, bytes - 200),
    version: 1,
  };
}

export async function measureBaselines(endpoint: string, tableName: string, iterations: number, warmup: number): Promise<BaselineResult> {
  const { raw, doc } = directClient(endpoint);
  await ensureTable(raw, tableName);
  const body = payload(1500);
  const ops: Record<string, (i: number) => Promise<unknown>> = {
    PutItem: (i) => doc.send(new PutCommand({ TableName: tableName, Item: { pk: `PUT#${i}`, sk: '#META', ...body } })),
    GetItem: (i) => doc.send(new GetCommand({ TableName: tableName, Key: { pk: `PUT#${i % 100}`, sk: '#META' }, ConsistentRead: true })),
    Query: () =>
      doc.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'QUERY#50' }, ScanIndexForward: false, Limit: 20 }),
      ),
    TransactWriteItems: (i) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [0, 1, 2].map((k) => ({ Put: { TableName: tableName, Item: { pk: `TX#${i}`, sk: `ITEM#${k}`, ...body } } })),
        }),
      ),
  };

  // The Query partition: 50 items of the same size.
  for (let k = 0; k < 50; k++) await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'QUERY#50', sk: `ITEM#${String(k).padStart(3, '0')}`, ...body } }));

  // JIT warm-up of DynamoDB Local and of the client, every operation, interleaved.
  for (let i = 0; i < warmup; i++) for (const op of Object.values(ops)) await op(100_000 + i);

  const operations: BaselineResult['operations'] = {};
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(ops).map((name) => [name, []]));
  // Round-robin, so drift of the emulator over the run touches every operation alike.
  for (let i = 0; i < iterations; i++) {
    for (const [name, op] of Object.entries(ops)) {
      const t0 = performance.now();
      await op(i);
      samples[name]?.push(performance.now() - t0);
    }
  }
  for (const [name, values] of Object.entries(samples)) {
    operations[name] = { ...summarize(values), samples: values.map((v) => Math.round(v * 1000) / 1000) };
    progress(`dynamodb ${name.padEnd(20)} p50 ${operations[name].p50.toFixed(2)} ms, p99 ${operations[name].p99.toFixed(2)} ms`);
  }
  raw.destroy();
  return { table: tableName, itemBytes: Buffer.byteLength(JSON.stringify(body)), warmup, iterations, operations };
}
