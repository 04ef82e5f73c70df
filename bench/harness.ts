/**
 * What the in-process measurements share: the environment a handler needs before its modules load,
 * an API Gateway HTTP API v2 event with JWT claims (the shape shared/local/gateway.ts builds), a
 * Lambda context, and a plain DynamoDB document client for direct calls.
 *
 * Only type imports from the project here: config parses at module load, so nothing that reads it
 * may be imported before `handlerEnv` has been applied.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiResponse } from '#shared/http/api.ts';
import { ensureTable } from '#shared/local/create-table.ts';

export type Handler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** Environment of a handler running against DynamoDB Local: quiet logs, no metric output. */
export function handlerEnv(endpoint: string, tableName: string): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'incident-service-bench',
  };
}

export function applyEnv(env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
}

export const RESPONDER_CLAIMS = { sub: 'bench', 'cognito:groups': ['responder'], username: 'bench' };
export const VIEWER_CLAIMS = { sub: 'bench-viewer', 'cognito:groups': ['viewer'], username: 'bench-viewer' };

export interface EventInput {
  readonly method: string;
  readonly path: string;
  readonly routePath: string;
  readonly claims: Record<string, string | string[]>;
  readonly query?: Record<string, string>;
  readonly body?: string;
}

export function apiEvent(input: EventInput): ApiEvent {
  const requestId = randomUUID();
  const query = input.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const headers: Record<string, string> = { host: 'bench.local', 'user-agent': 'bench' };
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.routePath}`,
    rawPath: input.path,
    rawQueryString,
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: { ...query } } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      requestId,
      routeKey: `${input.method} ${input.routePath}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      // API Gateway types claims as strings; the handler also accepts arrays (shared/http/auth.ts).
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } },
    },
  };
}

export function lambdaContext(name: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `bench-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:000000000000:function:bench-${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/bench-${name}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A fresh client with the same marshalling options as shared/store/client.ts. */
export function directClient(endpoint: string): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 3 });
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  return { raw, doc };
}

/** Alternating block order A B B A A B …: a linear drift affects both sides equally. */
export function blockOrder(blocks: number): ('a' | 'b')[] {
  const order: ('a' | 'b')[] = [];
  for (let i = 0; i < blocks; i++) order.push(...(i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)));
  return order;
}

/**
 * The table as `ensureTable` creates it, with its stream turned off: for the benches that measure
 * reads against table size. DynamoDB Local's reads slow down on a table whose stream holds many
 * records (GetItem + Query on 20,000 × 4 items: 1.73 × the same on 1,000 with a stream, 0.90 ×
 * without; measured 2026-12-03), and its writes to any table by an order of magnitude; DynamoDB
 * does neither, and these benches consume no stream.
 */
export async function ensureReadTable(raw: DynamoDBClient, tableName: string): Promise<void> {
  await ensureTable(raw, tableName);
  await raw.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
}
