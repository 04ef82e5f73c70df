/**
 * GET /metrics: Prometheus text exposition (format 0.0.4) from the aggregates: two Queries, the
 * summary shards (incidents by status and severity) and the all-time severity totals (MTTA/MTTR
 * histograms, open incidents). A scrape costs the same whatever the number of incidents.
 */
import { STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { emptyCounters, MTTA_BUCKETS, MTTR_BUCKETS, type Counters } from '#shared/domain/analytics/aggregates.ts';
import type { AnalyticsDeps } from '#shared/use-cases/analytics/deps.ts';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values escaped as the exposition format requires (backslash, quote, newline). */
const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function histogram(lines: string[], name: string, help: string, bounds: readonly number[], bySeverity: Map<string, Counters>, pick: (c: Counters) => { sum: number; buckets: number[] }): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const severity of SEVERITIES) {
    const { sum, buckets } = pick(bySeverity.get(severity) ?? emptyCounters());
    let cumulative = 0;
    bounds.forEach((bound, i) => {
      cumulative += buckets[i] ?? 0;
      lines.push(`${name}_bucket{severity="${label(severity)}",le="${bound}"} ${cumulative}`);
    });
    cumulative += buckets[bounds.length] ?? 0;
    lines.push(`${name}_bucket{severity="${label(severity)}",le="+Inf"} ${cumulative}`);
    lines.push(`${name}_sum{severity="${label(severity)}"} ${sum}`);
    lines.push(`${name}_count{severity="${label(severity)}"} ${cumulative}`);
  }
}

export async function renderMetrics(deps: AnalyticsDeps): Promise<string> {
  const [summary, totals] = await Promise.all([deps.incidents.summary(), deps.analytics.totals('severity')]);
  const lines: string[] = [];
  lines.push('# HELP incidents_total Incidents by current status and severity.', '# TYPE incidents_total gauge');
  for (const status of STATUSES) {
    for (const severity of SEVERITIES) lines.push(`incidents_total{status="${label(status)}",severity="${label(severity)}"} ${summary.by_status_and_severity[status][severity]}`);
  }
  histogram(lines, 'incident_mtta_seconds', 'Time from creation to first acknowledgement, per acknowledged incident.', MTTA_BUCKETS, totals.value, (c) => ({ sum: c.mtta_sum, buckets: c.mtta_buckets }));
  histogram(lines, 'incident_mttr_seconds', 'Time from start to resolution, per resolved incident (a reopened one counts once, when resolved again).', MTTR_BUCKETS, totals.value, (c) => ({ sum: c.mttr_sum, buckets: c.mttr_buckets }));
  lines.push('# HELP open_incidents Incidents active now (not resolved or closed).', '# TYPE open_incidents gauge');
  for (const severity of SEVERITIES) lines.push(`open_incidents{severity="${label(severity)}"} ${totals.value.get(severity)?.open ?? 0}`);
  return `${lines.join('\n')}\n`;
}
