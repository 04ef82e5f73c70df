import { api } from '#shared/http/api.ts';
import { config } from '#shared/config.ts';
import { pingTable } from '#shared/store/health.ts';

export const handler = api('health', {}, async () => {
  const table = await pingTable();
  const status = table.ok ? 'ok' : 'unavailable';
  return {
    status: table.ok ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
    body: { status, stage: config.STAGE, checks: { table: table.ok ? { status: 'ok', latency_ms: table.latencyMs } : { status: 'failed', error: table.error } } },
  };
});
