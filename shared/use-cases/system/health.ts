/**
 * Health probes (issue 13): liveness says the process answers and does no I/O, so a slow table
 * never makes a load balancer or a synthetic check restart healthy code; readiness says the table
 * answers with this function's credentials. `GET /health` is readiness under its historical name.
 */
import { config } from '#shared/config.ts';
import { pingTable } from '#shared/store/health.ts';

export interface Probe {
  readonly ok: boolean;
  readonly body: Record<string, unknown>;
}

const started = Date.now();

export function liveness(now: number = Date.now()): Probe {
  return { ok: true, body: { status: 'ok', stage: config.STAGE, uptime_seconds: Math.floor((now - started) / 1000) } };
}

export async function readiness(): Promise<Probe> {
  const table = await pingTable();
  return {
    ok: table.ok,
    body: { status: table.ok ? 'ok' : 'unavailable', stage: config.STAGE, checks: { table: table.ok ? { status: 'ok', latency_ms: table.latencyMs } : { status: 'failed', error: table.error } } },
  };
}
