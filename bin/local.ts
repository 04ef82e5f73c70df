/**
 * `npm start`: the whole service on this machine. DynamoDB Local keeps its data under .local/
 * between runs; Ctrl-C stops everything, DynamoDB Local included.
 *
 * Environment: PORT (default 3000), HOST (default 127.0.0.1), LOCAL_DATA_DIR (default .local),
 * LOCAL_IN_MEMORY=1 to keep nothing (tests).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalRuntime } from '#shared/local/runtime.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(root, process.env.LOCAL_DATA_DIR ?? '.local');

try {
  const runtime = await startLocalRuntime({ root, dataDir, port, host: process.env.HOST ?? '127.0.0.1', inMemory: process.env.LOCAL_IN_MEMORY === '1' });
  console.log(`incident service listening on ${runtime.url}`);
  console.log(`  health:  curl ${runtime.url}/health`);
  console.log(`  token:   TOKEN=$(npm run -s token -- --role admin)`);
  console.log(`  me:      curl -H "Authorization: Bearer $TOKEN" ${runtime.url}/v1/me`);
  console.log(`  data in ${dataDir} (DynamoDB Local at ${runtime.dynamodb.endpoint})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the server and DynamoDB Local…`);
    runtime.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`Could not start local mode: ${(error as Error).message}`);
  process.exit(1);
}
