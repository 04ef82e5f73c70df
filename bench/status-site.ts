/**
 * The published status site, locally (issue 10's goals), run in a child process with its own
 * emulator (bench/run.ts): the same chain as `npm start` — DynamoDB Local stream → publisher →
 * local bus → site queue (one batch at a time) → publish-site → `.local/site`-like temp dir.
 *
 * - Freshness: a public update is written through the real use case; the clock stops when BOTH the
 *   published status page and the published RSS feed contain its text. Sequential changes (one at a
 *   time), then a burst written at once (coalesced: fewer renders than changes).
 * - Weight: the published status page with 30 components × 90 days of uptime, gzip (HTML and its
 *   inline CSS, the whole transfer), and no script.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Goal } from './report.ts';
import { round, summarize } from './stats.ts';

export interface StatusSiteArgs {
  readonly endpoint: string;
  readonly changes: number;
  readonly burst: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

export async function benchStatusSite(args: StatusSiteArgs): Promise<Record<string, unknown>> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { ensureTable } = await import('#shared/local/create-table.ts');
  const tableName = process.env.TABLE_NAME ?? 'bench-status-site';
  const raw = new DynamoDBClient({ endpoint: args.endpoint });
  await ensureTable(raw, tableName);
  raw.destroy();
  const root = mkdtempSync(path.join(tmpdir(), 'bench-site-'));
  const { createLocalSitePublisher } = await import('#shared/local/site-publisher.ts');
  const { startLocalEventPipeline } = await import('#shared/local/event-pipeline.ts');
  const { DynamoComponentStore } = await import('#shared/store/components/dynamo-component-store.ts');
  const { DynamoIncidentStore } = await import('#shared/store/incidents/dynamo-incident-store.ts');
  const { newComponent, newComponentId } = await import('#shared/domain/components/component.ts');
  const { createIncident } = await import('#shared/use-cases/incidents/create-incident.ts');
  const { addUpdate } = await import('#shared/use-cases/incidents/add-update.ts');

  const site = createLocalSitePublisher({ root, tickMs: 3_600_000 });
  const pipeline = await startLocalEventPipeline({ endpoint: args.endpoint, tableName, rules: [site.rule] });
  await site.start();
  try {
    const components = new DynamoComponentStore();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const c = newComponent(newComponentId(), { name: `Component ${String(i).padStart(2, '0')}`, display_group: `Group ${i % 4}` }, new Date(Date.now() - 120 * 86_400_000).toISOString());
      await components.putComponent(c);
      ids.push(c.id);
    }
    const deps = { store: new DynamoIncidentStore(), now: () => new Date() };
    const actor = { id: 'bench', name: 'bench', kind: 'user' as const };
    const { incident } = await createIncident(deps, { title: 'Elevated error rates', severity: 'high', components: ids.slice(0, 3), is_public: true, public_message: 'Investigating.' }, actor);
    const page = path.join(root, 'status', 'index.html');
    const rss = path.join(root, 'v1', 'feeds', 'incidents.rss');
    const visible = (marker: string) => read(page).includes(marker) && read(rss).includes(marker);
    const waitFor = async (marker: string, start: number, limitMs = 30_000): Promise<number> => {
      while (!visible(marker)) {
        if (performance.now() - start > limitMs) throw new Error(`${marker} not published within ${limitMs} ms`);
        await sleep(10);
      }
      return performance.now() - start;
    };
    await waitFor('Investigating.', performance.now());

    const sequential: number[] = [];
    for (let i = 0; i < args.changes; i++) {
      const marker = `Update number ${i} of the sequence`;
      const start = performance.now();
      await addUpdate(deps, incident.id, { message: 'internal', public_message: marker, update_type: 'status_update' }, actor);
      sequential.push(await waitFor(marker, start));
    }

    const rendersBefore = site.stats().renders;
    const burstStart = performance.now();
    await Promise.all(Array.from({ length: args.burst }, (_, i) => addUpdate(deps, incident.id, { message: 'internal', public_message: `Burst update ${i} of ${args.burst}`, update_type: 'status_update' }, actor).catch(() => undefined)));
    // The incident's version serializes the adds; the last one written is the newest update.
    const burstMs = await waitFor(`Burst update`, burstStart);
    await sleep(1500);
    const burstRenders = site.stats().renders - rendersBefore;

    const html = read(page);
    return {
      changes: args.changes,
      sequential_ms: summarize(sequential),
      burst: { changes: args.burst, first_visible_ms: round(burstMs, 1), renders: burstRenders },
      page: { bytes: Buffer.byteLength(html), gzip_bytes: gzipSync(html).length, scripts: (html.match(/<script/gi) ?? []).length, components: ids.length, uptime_days: 90 },
      failures: site.stats().failures,
    };
  } finally {
    await site.stop();
    await pipeline.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

/** Two Goals rows: freshness p99 ≤ 3 s, and the page weight ≤ 50 KB gzip with no script. */
export function statusSiteGoals(outcome: Outcome): Goal[] {
  const fresh = 'Change → published status page and feeds updated, p99 ≤ 3 s (local)';
  const weight = 'Status page ≤ 50 KB transferred (HTML + CSS, gzip), no script';
  if (!outcome.ok) return [{ id: 'status-site-freshness', goal: fresh, measured: `not measured: ${outcome.error.slice(0, 200)}`, value: Number.NaN, limit: 3000, pass: null }, { id: 'status-site-weight', goal: weight, measured: 'not measured', value: Number.NaN, limit: 50 * 1024, pass: null }];
  const r = outcome.result as { sequential_ms: { p99: number; p50: number }; page: { gzip_bytes: number; scripts: number; components: number }; burst: { changes: number; renders: number } };
  return [
    { id: 'status-site-freshness', goal: fresh, measured: `p99 ${round(r.sequential_ms.p99, 0)} ms (p50 ${round(r.sequential_ms.p50, 0)} ms); a burst of ${r.burst.changes} changes took ${r.burst.renders} renders`, value: r.sequential_ms.p99, limit: 3000, pass: r.sequential_ms.p99 <= 3000 },
    { id: 'status-site-weight', goal: weight, measured: `${round(r.page.gzip_bytes / 1024, 1)} KB gzip with ${r.page.components} components × 90 days, ${r.page.scripts} script`, value: r.page.gzip_bytes, limit: 50 * 1024, pass: r.page.gzip_bytes <= 50 * 1024 && r.page.scripts === 0 },
  ];
}
