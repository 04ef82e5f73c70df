/** The HTTP answer of a health probe: 200, or 503 with Retry-After; never cached. */
import type { Probe } from '#shared/use-cases/system/health.ts';

export const probeAnswer = (probe: Probe) => ({
  status: probe.ok ? 200 : 503,
  headers: { 'cache-control': 'no-store', ...(probe.ok ? {} : { 'retry-after': '5' }) },
  body: probe.body,
});
