/**
 * `npm run backfill-analytics -- [--stage dev|prod | --table <name>] [--page-size N] [--restart]`
 *
 * The one-off, resumable analytics backfill (shared/use-cases/analytics/backfill-analytics.ts):
 * counts every incident written before the analytics aggregates existed into them, once. Against
 * the running local mode by default (DynamoDB Local's endpoint and table from
 * `<LOCAL_DATA_DIR or .local>/runtime.json`, written by `npm start`); with `--stage` against the
 * stage's table in AWS (`IncidentService-<stage>-table`, the SDK's usual credentials and region).
 * Stopped (Ctrl-C, a lost session), it resumes after the last finished page when run again.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, usageError } from './cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `
Usage: npm run -s backfill-analytics -- [--stage dev|prod | --table <name>] [--page-size N] [--restart]

Folds incidents written before the analytics aggregates existed into them (GET
/v1/incidents/analytics, /metrics), each exactly once: an incident is counted in one transaction
with its analytics_counted marker, on the condition that the marker is absent. Progress is kept
in a checkpoint item (BACKFILL#analytics) after every page: run the same command again to resume.
A finished backfill does nothing when run again; --restart walks every incident once more (and
counts none that is counted).

  --stage      a deployed stage: its table IncidentService-<stage>-table, in the region of
               AWS_REGION / AWS_PROFILE (needs dynamodb:Query, GetItem, PutItem, UpdateItem and
               TransactWriteItems on the table and its gsi1 index)
  --table      a table name in AWS instead of a stage
  (neither)    the running local mode (npm start), found through LOCAL_DATA_DIR/runtime.json
  --page-size  incidents read per page and checkpoint (1..1000, default 100)
  --restart    start from the first month even if a checkpoint says done
  -h, --help   this text
`;

const values = parseCli(USAGE, { stage: { type: 'string' }, table: { type: 'string' }, 'page-size': { type: 'string', default: '100' }, restart: { type: 'boolean', default: false } });
const pageSize = Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) usageError('--page-size must be an integer from 1 to 1000');
if (values.stage !== undefined && values.table !== undefined) usageError('pass --stage or --table, not both');

if (values.stage !== undefined) {
  // lib/stage.ts names every stage's resources (the table is `<prefix>-table`, lib/stateful-stack.ts).
  const { isStageName, STAGE_NAMES, stageConfig } = await import('#lib/stage.ts');
  if (!isStageName(values.stage)) usageError(`--stage must be one of ${STAGE_NAMES.join(', ')}, not ${JSON.stringify(values.stage)}`);
  process.env.TABLE_NAME = `${stageConfig(values.stage).prefix}-table`;
} else if (values.table !== undefined) {
  process.env.TABLE_NAME = values.table;
} else {
  const dataDir = path.resolve(root, process.env.LOCAL_DATA_DIR ?? '.local');
  const runtimeFile = path.join(dataDir, 'runtime.json');
  if (!existsSync(runtimeFile)) usageError(`${runtimeFile} not found: start local mode first (npm start), or pass --stage / --table for a table in AWS`);
  const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { dynamodbEndpoint: string; tableName: string; region?: string; accessKeyId?: string };
  Object.assign(process.env, {
    TABLE_NAME: runtime.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamodbEndpoint,
    AWS_REGION: runtime.region ?? process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: runtime.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
}
Object.assign(process.env, { POWERTOOLS_DEV: process.env.POWERTOOLS_DEV ?? 'true', POWERTOOLS_METRICS_DISABLED: 'true' });

// The store modules read TABLE_NAME when they load (shared/config.ts parses it once).
const { DynamoBackfillStore } = await import('#shared/store/analytics/dynamo-backfill-store.ts');
const { backfillAnalytics } = await import('#shared/use-cases/analytics/backfill-analytics.ts');
const { dynamoCalls } = await import('#shared/store/client.ts');

const started = Date.now();
const result = await backfillAnalytics(
  { store: new DynamoBackfillStore(), now: () => new Date(), log: (message, details) => console.error(JSON.stringify({ message, ...details })) },
  { pageSize, restart: values.restart === true },
);
console.log(JSON.stringify({ table: process.env.TABLE_NAME, ...result, dynamodb_requests: dynamoCalls.count, seconds: Math.round((Date.now() - started) / 100) / 10 }, null, 2));
if (result.failed.length > 0) process.exitCode = 1;
