/**
 * Generic webhook mapping (shared/domain/integrations/webhook.ts): the presets read the payloads
 * the tools actually send (fixtures in test/events/), a field mapping reads JSON pointers, and a
 * malformed payload names the field and maps nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapWebhook, resolvePointer, type WebhookConfig, type WebhookMapping } from '#shared/domain/integrations/webhook.ts';

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../events/${name}.json`, import.meta.url), 'utf8')) as Json;
const preset = (p: 'alertmanager' | 'grafana' | 'elastic_watcher'): WebhookConfig => ({ preset: p, mapping: null });
const custom = (m: Partial<WebhookMapping> & Pick<WebhookMapping, 'title'>): WebhookConfig => ({
  preset: null,
  mapping: { alerts: null, severity: [], severity_map: {}, default_severity: 'error', dedup_key: [], status: [], resolved_values: [], source: [], ...m },
});

describe('JSON pointers (RFC 6901)', () => {
  const doc = { a: { 'b/c': 1, 'd~e': 2, list: ['x', 'y'] }, '': 3 };
  it.each([
    ['', doc],
    ['/a/b~1c', 1],
    ['/a/d~0e', 2],
    ['/a/list/1', 'y'],
    ['/', 3],
    ['/a/list/2', undefined],
    ['/a/list/01', undefined],
    ['/missing/deeper', undefined],
    ['/a/toString', undefined],
  ])('%s', (pointer, expected) => expect(resolvePointer(doc, pointer)).toEqual(expected));
});

describe('presets', () => {
  it('alertmanager: each alert of webhook_configs with its status, labels, annotations and fingerprint', () => {
    const result = mapWebhook(fixture('alertmanager-firing'), preset('alertmanager'), 'am');
    expect(result).toEqual({
      ok: true,
      alerts: [
        {
          action: 'trigger',
          dedup_key: 'c4b2a1e9f0d3a7b6',
          summary: 'Checkout 5xx rate above 5%',
          severity: 'critical',
          source: 'checkout-1:8080',
          custom_details: expect.objectContaining({ labels: expect.objectContaining({ alertname: 'HighErrorRate' }) }),
        },
      ],
    });
    const resolved = mapWebhook(fixture('alertmanager-resolved'), preset('alertmanager'), 'am');
    expect(resolved.ok && resolved.alerts.map((a) => [a.action, a.dedup_key])).toEqual([['resolve', 'c4b2a1e9f0d3a7b6']]);
  });

  it('alertmanager: several alerts, mixed statuses, the title falls back to alertname and the severity to error', () => {
    const body = {
      alerts: [
        { status: 'firing', labels: { alertname: 'A', severity: 'warning' }, annotations: {}, fingerprint: 'f1' },
        { status: 'resolved', labels: { alertname: 'B', severity: 'page' }, annotations: { description: 'B is bad' }, fingerprint: 'f2' },
        { status: 'firing', labels: { alertname: 'C', severity: 'bogus' }, annotations: {}, fingerprint: 'f3' },
      ],
    };
    const result = mapWebhook(body, preset('alertmanager'), 'am');
    expect(result.ok && result.alerts.map((a) => [a.action, a.dedup_key, a.summary, a.severity, a.source])).toEqual([
      ['trigger', 'f1', 'A', 'warning', 'am'],
      ['resolve', 'f2', 'B is bad', 'critical', 'am'],
      ['trigger', 'f3', 'C', 'error', 'am'],
    ]);
  });

  it("grafana: the webhook contact point's alerts[]", () => {
    const result = mapWebhook(fixture('grafana-webhook'), preset('grafana'), 'g');
    expect(result.ok && result.alerts.map((a) => [a.action, a.dedup_key, a.summary, a.severity, a.source])).toEqual([['trigger', '57c6d9296de2ad39', 'Disk on db-1 is 91% full', 'warning', 'db-1']]);
  });

  it('elastic_watcher: one alert per body, keyed by watch_id; status ok resolves', () => {
    const result = mapWebhook(fixture('elastic-watcher'), preset('elastic_watcher'), 'w');
    expect(result.ok && result.alerts.map((a) => [a.action, a.dedup_key, a.summary, a.severity, a.source])).toEqual([['trigger', 'checkout-error-logs', 'Checkout error logs above threshold', 'error', 'checkout-error-logs']]);
    const ok = mapWebhook({ ...fixture('elastic-watcher'), status: 'OK' }, preset('elastic_watcher'), 'w');
    expect(ok.ok && ok.alerts[0]?.action).toBe('resolve');
  });
});

describe('a field mapping', () => {
  const mapping = custom({ title: ['/event/title'], severity: ['/event/level'], severity_map: { p1: 'critical', p3: 'warning' }, dedup_key: ['/event/id'], status: ['/event/state'], resolved_values: ['closed'], source: ['/host'] });

  it('reads title, severity (through the value map), dedup key, status and source', () => {
    const result = mapWebhook({ event: { title: 'Queue backlog', level: 'P1', id: 42, state: 'firing' }, host: 'mq-1' }, mapping, 'fallback');
    expect(result).toMatchObject({ ok: true, alerts: [{ action: 'trigger', dedup_key: '42', summary: 'Queue backlog', severity: 'critical', source: 'mq-1' }] });
    const closed = mapWebhook({ event: { title: 'Queue backlog', id: 42, state: 'Closed' } }, mapping, 'fallback');
    expect(closed).toMatchObject({ ok: true, alerts: [{ action: 'resolve', dedup_key: '42', severity: 'error', source: 'fallback' }] });
  });

  it('a trigger without a dedup key is allowed (one is generated when enqueued); a title over 1,024 characters is cut', () => {
    const result = mapWebhook({ event: { title: 't'.repeat(2000) } }, mapping, 'f');
    expect(result.ok && result.alerts[0]?.dedup_key).toBeUndefined();
    expect(result.ok && result.alerts[0]?.summary).toHaveLength(1024);
  });

  it.each([
    ['no title', { event: { id: 1 } }, 'body.event.title'],
    ['an unknown status', { event: { title: 'x', state: 'exploded' } }, 'body.event.state'],
    ['a resolve without a dedup key', { event: { title: 'x', state: 'resolved' } }, 'body.event.id'],
    ['a dedup key over 255 characters', { event: { title: 'x', id: 'k'.repeat(256) } }, 'body.event.id'],
    ['a body that is not an object', ['x'], 'body'],
  ])('%s: names the field, maps nothing', (_name, body, path) => {
    const result = mapWebhook(body, mapping, 'f');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toContain(path);
  });

  it('one bad alert among good ones fails the whole payload, naming its index', () => {
    const body = { alerts: [{ status: 'firing', labels: { alertname: 'A' }, fingerprint: 'f1' }, { status: 'firing', labels: {}, annotations: {}, fingerprint: 'f2' }] };
    const result = mapWebhook(body, preset('alertmanager'), 'am');
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'body.alerts[1].annotations.summary' })] });
  });

  it('alerts must be an array of at most 100', () => {
    expect(mapWebhook({ alerts: {} }, preset('alertmanager'), 'am')).toEqual({ ok: false, issues: [{ path: 'body.alerts', message: 'must be an array of alerts' }] });
    expect(mapWebhook({ alerts: [] }, preset('alertmanager'), 'am')).toMatchObject({ ok: false, issues: [{ path: 'body.alerts' }] });
    const many = { alerts: Array.from({ length: 101 }, (_, i) => ({ status: 'firing', labels: { alertname: `A${i}` }, fingerprint: `f${i}` })) };
    expect(mapWebhook(many, preset('alertmanager'), 'am')).toMatchObject({ ok: false, issues: [{ path: 'body.alerts', message: expect.stringContaining('at most 100') }] });
  });
});
