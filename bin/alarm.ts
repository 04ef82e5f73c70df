/**
 * `npm run alarm -- --name <alarm> --state ALARM|OK|INSUFFICIENT_DATA [--id <event id>] [--reason <text>]`
 *
 * Sends a CloudWatch "Alarm State Change" event (the documented EventBridge format) through the
 * same handler the EventBridge rule invokes in AWS (functions/alarms/handle-alarm-state-change.ts),
 * in this process, against the running local mode: DynamoDB Local's endpoint and the table name
 * come from `<LOCAL_DATA_DIR or .local>/runtime.json`, written by `npm start`. Map the alarm first:
 *
 *   curl -X POST -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' \
 *     -d '{"alarm_prefix":"checkout-","component_id":"CMP-…","impact":2}' localhost:3000/v1/alarm_mappings
 *
 * Pass the same `--id` twice to see a redelivery change nothing.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, usageError } from './cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
type State = (typeof STATES)[number];

const USAGE = `
Usage: npm run -s alarm -- --name <alarm> [--state ALARM|OK|INSUFFICIENT_DATA] [--id <event id>] [--reason <text>]

Sends a CloudWatch "Alarm State Change" event through the alarm handler, against the running
local mode (npm start; its DynamoDB Local is found through LOCAL_DATA_DIR/runtime.json). Map the
alarm to a component first (POST /v1/alarm_mappings). The same --id twice is a redelivery: it
changes nothing the second time.

  --name      the alarm's name (required)
  --state     ALARM (default), OK or INSUFFICIENT_DATA
  --id        the EventBridge event id (default: a new UUID)
  --reason    the state reason text
  --region    the region in the alarm ARN (default us-east-1)
  -h, --help  this text
`;
const fail = usageError;

const values = parseCli(USAGE, { name: { type: 'string' }, state: { type: 'string', default: 'ALARM' }, id: { type: 'string' }, reason: { type: 'string' }, region: { type: 'string', default: 'us-east-1' } });
const name = values.name ?? fail('--name <alarm> is required');
const state = (values.state ?? 'ALARM').toUpperCase();
if (!(STATES as readonly string[]).includes(state)) fail(`--state must be one of ${STATES.join(', ')}`);
const previous: State = state === 'OK' ? 'ALARM' : 'OK';

const dataDir = path.resolve(root, process.env.LOCAL_DATA_DIR ?? '.local');
const runtimeFile = path.join(dataDir, 'runtime.json');
if (!existsSync(runtimeFile)) fail(`${runtimeFile} not found: start local mode first (npm start), or point LOCAL_DATA_DIR at its data directory.`);
// DynamoDB Local keeps one database per access key and region: use the runtime's (dummy, local).
const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { url?: string; dynamodbEndpoint: string; tableName: string; region?: string; accessKeyId?: string };

// The handler's modules read these when they load (shared/config.ts parses them once).
Object.assign(process.env, {
  TABLE_NAME: runtime.tableName,
  AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
  AWS_REGION: runtime.region ?? process.env.AWS_REGION ?? values.region,
  AWS_ACCESS_KEY_ID: runtime.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID ?? 'local',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  STAGE: 'local',
  POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
  ...(runtime.url ? { PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? runtime.url } : {}),
});

const { handler } = await import('#functions/alarms/handle-alarm-state-change.ts');
const now = new Date();
const stamp = now.toISOString().replace('Z', '+0000');
const reason = values.reason ?? (state === 'ALARM' ? 'Threshold Crossed: sent by npm run alarm' : 'Threshold no longer crossed: sent by npm run alarm');
const account = '000000000000';
const event = {
  version: '0',
  id: values.id ?? randomUUID(),
  'detail-type': 'CloudWatch Alarm State Change' as const,
  source: 'aws.cloudwatch',
  account,
  time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: values.region ?? 'us-east-1',
  resources: [`arn:aws:cloudwatch:${values.region}:${account}:alarm:${name}`],
  detail: {
    alarmName: name,
    configuration: { description: `Local alarm ${name}`, metrics: [] },
    previousState: { reason: 'previous state', timestamp: stamp, value: previous },
    state: { reason, timestamp: stamp, value: state as State },
  },
};
const outcome = await handler(event);
console.log(JSON.stringify({ event_id: event.id, alarm: name, state, ...outcome }, null, 2));
