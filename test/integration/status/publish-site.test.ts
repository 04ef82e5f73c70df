/**
 * The publisher on DynamoDB Local: real incidents, components and maintenance written through their
 * use cases, the site rendered into a temp dir through the local writer. What lands there is
 * what S3 would hold.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPublishSiteHandler } from '#functions/status/publish-site.ts';
import { logger } from '#shared/observability.ts';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { LocalSiteWriter } from '#shared/site/local-site-writer.ts';
import type { SiteFile, SiteWriter } from '#shared/site/site-writer.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { createMaintenance } from '#shared/use-cases/components/components.ts';
import { incidentLink } from '#shared/use-cases/components/deps.ts';
import { addComment } from '#shared/use-cases/incidents/comments.ts';
import { addUpdate } from '#shared/use-cases/incidents/add-update.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { deleteIncident } from '#shared/use-cases/incidents/delete-incident.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import { publishRequestOf, publishSite, type PublishDeps } from '#shared/use-cases/status/publish-site.ts';
import { siteDataFiles } from '#shared/use-cases/status/site-files.ts';

const SECRET = 'PRIVATE-MARKER-7d1f';
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const components = new DynamoComponentStore();
const incidents = new DynamoIncidentStore();
const incidentDeps: Deps = { store: incidents, now: () => new Date() };
const componentDeps = { components, incidents, now: () => new Date(), link: incidentLink('https://status.test') };
const root = mkdtempSync(path.join(tmpdir(), 'site-it-'));

class Recording implements SiteWriter {
  readonly puts: SiteFile[] = [];
  constructor(private readonly inner: SiteWriter) {}
  async put(file: SiteFile) {
    this.puts.push(file);
    await this.inner.put(file);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}
const writer = new Recording(new LocalSiteWriter(root));
const deps: PublishDeps = { status: statusDeps, outages: components, writer, extraFiles: siteDataFiles };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
const read = (key: string) => readFileSync(path.join(root, key), 'utf8');

let api: Component;
let publicId = '';
let privateId = '';

beforeAll(async () => {
  api = newComponent(newComponentId(), { name: 'Public API', display_group: 'Core' }, new Date().toISOString());
  await components.putComponent(api);
  const soon = Date.now() + 86_400_000;
  await createMaintenance(componentDeps, { title: 'Planned database upgrade', description: 'Read-only for 5 minutes.', components: [api.id], start_time: new Date(soon).toISOString(), end_time: new Date(soon + 3_600_000).toISOString() }, alice);
  const created = await createIncident(incidentDeps, { title: 'Checkout failing', severity: 'critical', components: [api.id], is_public: true, public_message: 'Investigating checkout errors.', internal_notes: `db password rotated ${SECRET}` }, alice);
  publicId = created.incident.id;
  await addComment(incidentDeps, publicId, `comment ${SECRET}`, alice);
  await addUpdate(incidentDeps, publicId, { message: `internal ${SECRET}`, public_message: 'A fix is deployed; monitoring.', status: 'monitoring', update_type: 'status_update' }, alice);
  privateId = (await createIncident(incidentDeps, { title: `Private ${SECRET}`, severity: 'high', is_public: false }, alice)).incident.id;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('publishSite on DynamoDB Local', () => {
  it('writes the status page, the history, the incident pages and the data files', async () => {
    const result = await publishSite(deps, { incidents: [publicId, privateId], full: true });
    expect(result.written).toEqual(expect.arrayContaining(['status', 'status/history', `status/incidents/${publicId}`]));
    expect(result.deleted).toEqual([`status/incidents/${privateId}`]);
    const page = read('status/index.html');
    expect(page).toContain('Checkout failing');
    expect(page).toContain('A fix is deployed; monitoring.');
    expect(page).toContain('Planned database upgrade');
    expect(page).toContain('Public API');
    expect(page).toContain('Major outage');
    expect(read(`status/incidents/${publicId}/index.html`)).toContain('Investigating checkout errors.');
    expect(read('status/history/index.html')).toContain(`/status/incidents/${publicId}`);
    const status = writer.puts.find((f) => f.key === 'status');
    expect(status).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: expect.stringContaining('max-age=15') as unknown });
  });

  it('publishes no private fact in any file', () => {
    const files = filesUnder(root);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    expect(existsSync(path.join(root, `status/incidents/${privateId}/index.html`))).toBe(false);
  });

  it('removes the page of a deleted incident on the next publish', async () => {
    await deleteIncident(incidentDeps, publicId, { ...alice, kind: 'user' });
    const result = await publishSite(deps, { incidents: [publicId] });
    expect(result.deleted).toContain(`status/incidents/${publicId}`);
    expect(existsSync(path.join(root, `status/incidents/${publicId}/index.html`))).toBe(false);
    expect(read('status/index.html')).not.toContain('Checkout failing');
  });
});

describe('the publisher handler', () => {
  it('logs one line per render naming the CloudEvent id (correlation id) of every change in the batch', async () => {
    const lines: Record<string, unknown>[] = [];
    const spy = vi.spyOn(console, 'info').mockImplementation((line: unknown) => {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    });
    logger.setLogLevel('INFO');
    try {
      const body = (id: string) => JSON.stringify({ id, type: 'io.incidents.incident.update_added', subject: publicId });
      const record = (b: string, n: number) => ({ messageId: `m-${n}`, receiptHandle: `rh-${n}`, body: b, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local', attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' }, messageAttributes: {} });
      await createPublishSiteHandler(deps, 'io.incidents')({ Records: [record(body('01KAWZ6Y00C9M7T5ZQ3D4W8HA1'), 1), record(body('01KAWZ6Y00C9M7T5ZQ3D4W8HA2'), 2), record(JSON.stringify({ type: 'site.tick' }), 3)] });
    } finally {
      logger.setLogLevel('ERROR');
      spy.mockRestore();
    }
    expect(lines.filter((l) => l.message === 'site published')).toEqual([expect.objectContaining({ correlation_ids: ['01KAWZ6Y00C9M7T5ZQ3D4W8HA1', '01KAWZ6Y00C9M7T5ZQ3D4W8HA2'], messages: 3 })]);
  });
});

describe('publishRequestOf (one render per batch)', () => {
  it('collects the incident subjects of a batch; a tick asks for a full publish', () => {
    const ev = (type: string, subject: string) => JSON.stringify({ type: `io.incidents.${type}`, subject });
    expect(publishRequestOf([ev('incident.created', 'INC-20261124-0001'), ev('incident.update_added', 'INC-20261124-0001'), ev('component.status_changed', 'CMP-1')], 'io.incidents')).toEqual({ incidents: ['INC-20261124-0001'], full: false });
    expect(publishRequestOf([JSON.stringify({ type: 'site.tick' })], 'io.incidents')).toEqual({ incidents: [], full: true });
    expect(publishRequestOf(['not json'], 'io.incidents').full).toBe(true);
  });
});
