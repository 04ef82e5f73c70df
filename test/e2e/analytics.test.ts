import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { describe, expect, inject, it } from 'vitest';
import { call, token } from '../support/http.ts';

type Incident = Record<string, unknown> & { id: string };
interface Group { key: string; created: number; acknowledged: number; resolved: number; open_now: number | null; mtta: { count: number; sum_seconds: number; p50_seconds_estimate: number | null } }
interface Answer { groups: Group[]; open_now: number; estimates: string; items_read: number }

const today = () => new Date().toISOString().slice(0, 10);

async function metrics(): Promise<{ families: MetricFamily[]; text: string }> {
  const res = await call('GET', '/metrics', { role: 'admin' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return { families: parsePrometheusTextFormat(res.text), text: res.text };
}

/**
 * One severity's series of a histogram, parsed. The parser folds every series of a histogram into
 * one (it keys buckets by `le` only and keeps _sum/_count only without labels), so the severity's
 * lines are parsed on their own, with the severity label taken out.
 */
function histogram(text: string, name: string, severity: string) {
  const lines = text.split('\n').filter((l) => l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `) || (l.startsWith(`${name}_`) && l.includes(`severity="${severity}"`)));
  const stripped = lines.map((l) => l.replace(`{severity="${severity}",`, '{').replace(`{severity="${severity}"}`, ''));
  return parsePrometheusTextFormat(`${stripped.join('\n')}\n`)[0]?.metrics[0];
}
const family = (all: MetricFamily[], name: string) => all.find((f) => f.name === name) as MetricFamily;
const sample = (f: MetricFamily, labels: Record<string, string>) => f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('analytics over HTTP', () => {
  it('answers per team for today after a create and an acknowledge, and is not taken for an incident id', async () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const created = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Analytics e2e', severity: 'minor', assigned_team: team, affected_services: [`svc-${team}`] } });
    expect(created.status).toBe(201);
    expect((await call('PUT', `/v1/incidents/${created.body.id}/status`, { role: 'responder', body: { status: 'acknowledged' } })).status).toBe(200);
    const res = await call<Answer>('GET', `/v1/incidents/analytics?from=${today()}&to=${today()}&group_by=team`, { role: 'viewer' });
    expect(res.status).toBe(200);
    const group = res.body.groups.find((g) => g.key === team);
    expect(group).toMatchObject({ created: 1, acknowledged: 1, resolved: 0, open_now: 1, mtta: { count: 1 } });
    expect(res.body.estimates).toMatch(/estimated from the histogram buckets/);
    const byService = await call<Answer>('GET', `/v1/incidents/analytics?from=${today()}&to=${today()}&group_by=service`, { role: 'viewer' });
    expect(byService.body.groups.find((g) => g.key === `svc-${team}`)).toMatchObject({ created: 1, acknowledged: 1, open_now: 1 });
  });

  it.each([
    ['from=2026-02-01&to=2026-01-01', 'from', /from must not be after to/],
    ['from=2025-01-01&to=2026-03-01', 'to', /at most 400 days/],
    ['from=2026-01-01&to=2026-01-31&group_by=region', 'group_by', /must be one of severity, service, team, day/],
    ['from=2026-13-01&to=2026-12-31', 'from', /real calendar day/],
    ['to=2026-01-31', 'from', /./],
  ])('answers 400 problem+json naming the field for %s', async (query, field, message) => {
    const res = await call<{ errors: { path: string; message: string }[] }>('GET', `/v1/incidents/analytics?${query}`, { role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const issue = res.body.errors.find((e) => e.path.includes(field));
    expect(issue?.message).toMatch(message);
  });

  it('exposes Prometheus metrics that a text-format parser reads, moving with an acknowledge', async () => {
    const before = await metrics();
    const created = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Metrics e2e', severity: 'low' } });
    await call('PUT', `/v1/incidents/${created.body.id}/status`, { role: 'responder', body: { status: 'acknowledged' } });
    const after = await metrics();
    for (const [name, type] of [['incidents_total', 'GAUGE'], ['incident_mtta_seconds', 'HISTOGRAM'], ['incident_mttr_seconds', 'HISTOGRAM'], ['open_incidents', 'GAUGE']] as const) {
      expect(family(after.families, name)?.type, name).toBe(type);
    }
    const mtta = histogram(after.text, 'incident_mtta_seconds', 'low');
    expect(Object.keys(mtta?.buckets ?? {})).toEqual(['30', '60', '120', '300', '600', '1800', '3600', '+Inf']);
    const counts = Object.values(mtta?.buckets ?? {}).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // cumulative
    expect(Number(mtta?.count)).toBe(counts.at(-1));
    expect(Number(mtta?.sum)).toBeGreaterThanOrEqual(0);
    expect(Number(mtta?.count)).toBeGreaterThanOrEqual(Number(histogram(before.text, 'incident_mtta_seconds', 'low')?.count) + 1);
    expect(Object.keys(histogram(after.text, 'incident_mttr_seconds', 'critical')?.buckets ?? {})).toEqual(['300', '600', '1800', '3600', '7200', '14400', '28800', '+Inf']);
    expect(Number(sample(family(after.families, 'incidents_total'), { status: 'acknowledged', severity: 'low' })?.value)).toBeGreaterThanOrEqual(1);
    expect(family(after.families, 'incidents_total').metrics).toHaveLength(7 * 5);
    expect(Number(sample(family(after.families, 'open_incidents'), { severity: 'low' })?.value)).toBeGreaterThanOrEqual(1);
  });

  it('runs the backfill command against the running local mode: incidents made through the API are counted already, a second run has nothing to do', async () => {
    const created = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Backfill e2e', severity: 'minor' } });
    expect(created.status).toBe(201);
    const before = await metrics();
    const run = () => {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'bin/backfill-analytics.ts', '--page-size', '50'], { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', env: { ...process.env, LOCAL_DATA_DIR: inject('dataDir') } });
      expect(res.status, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as { counted: number; done: boolean; failed: string[]; checkpoint: { done_at: string | null } };
    };
    const first = run();
    expect(first).toMatchObject({ counted: 0, done: true, failed: [] });
    expect(first.checkpoint.done_at).not.toBeNull();
    expect(run()).toMatchObject({ counted: 0, done: true, checkpoint: { done_at: first.checkpoint.done_at } });
    expect(histogram((await metrics()).text, 'incident_mtta_seconds', 'minor')).toEqual(histogram(before.text, 'incident_mtta_seconds', 'minor'));
    expect(sample(family((await metrics()).families, 'open_incidents'), { severity: 'minor' })?.value).toBe(sample(family(before.families, 'open_incidents'), { severity: 'minor' })?.value);
  });

  it('lets admins and metrics:read machine clients scrape, and no one else', async () => {
    expect((await call('GET', '/metrics', { role: 'viewer' })).status).toBe(403);
    expect((await call('GET', '/metrics')).status).toBe(401);
    const scraper = await token({ scopes: ['metrics:read'], sub: 'prometheus' });
    expect((await call('GET', '/metrics', { token: scraper })).status).toBe(200);
    expect((await call('GET', `/v1/incidents/analytics?from=${today()}&to=${today()}`, { token: scraper })).status).toBe(403);
  });
});
