/**
 * The public read model on DynamoDB Local: the public copies and updates are kept by the incidents'
 * own transactions (create, update, status, delete, component-status decisions), private fields
 * and private incidents never reach it, and reads are bounded by what is shown.
 */
import { describe, expect, it } from 'vitest';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { newMaintenance, newMaintenanceId } from '#shared/domain/components/maintenance.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoStatusStore } from '#shared/store/status/dynamo-status-store.ts';
import { incidentLink, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { addUpdate } from '#shared/use-cases/incidents/add-update.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { addComment } from '#shared/use-cases/incidents/comments.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { deleteIncident } from '#shared/use-cases/incidents/delete-incident.ts';
import { updateIncident } from '#shared/use-cases/incidents/update-incident.ts';
import type { StatusDeps } from '#shared/use-cases/status/deps.ts';
import { componentAvailability } from '#shared/use-cases/components/components.ts';
import { getPublicIncident, listPublicIncidents, loadPublicStatus } from '#shared/use-cases/status/public-status.ts';
import { statusView } from '#shared/use-cases/status/site-views.ts';

const components = new DynamoComponentStore();
const store = new DynamoIncidentStore();
const incidentDeps: Deps = { store, now: () => new Date() };
const componentDeps: ComponentDeps = { components, incidents: store, now: () => new Date(), link: incidentLink('https://status.test') };
const deps: StatusDeps = { status: new DynamoStatusStore(), components, now: () => new Date(), page: { id: 'test', name: 'Test status', baseUrl: 'https://status.test' } };
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const MARKER = 'SECRET-MARKER-7f3a';

async function register(name: string, group: string | null): Promise<Component> {
  const c = newComponent(newComponentId(), { name, display_group: group }, new Date().toISOString());
  await components.putComponent(c);
  return c;
}

type CreateInput = Parameters<typeof createIncident>[1];
const create = async (input: Partial<CreateInput> & { title: string }) => (await createIncident(incidentDeps, { severity: 'high', ...input }, alice)).incident;

describe('public read model', () => {
  it('shows public incidents with their public updates and nothing private', async () => {
    const api = await register('api', 'Core');
    const db = await register('db', 'Core');
    const web = await register('web', null);
    const incident = await create({ title: 'API errors', impact: 2, components: [api.id], public_message: 'We are looking into it.', internal_notes: MARKER, assignee: MARKER });
    const hidden = await create({ title: `hidden ${MARKER}`, impact: 3, components: [db.id], is_public: false, public_message: `private ${MARKER}` });
    await addUpdate(incidentDeps, incident.id, { status: 'identified', message: `internal ${MARKER}`, public_message: 'Found the cause.', update_type: 'status_update' }, alice);
    await addComment(incidentDeps, incident.id, MARKER, alice);
    await addUpdate(incidentDeps, incident.id, { message: `internal only ${MARKER}`, update_type: 'status_update' }, alice);

    const status = await loadPublicStatus(deps);
    expect(JSON.stringify(status)).not.toContain(MARKER);
    const shown = status.incidents.find((i) => i.id === incident.id);
    expect(shown?.status).toBe('identified');
    expect(shown?.updates.map((u) => u.body)).toEqual(['Found the cause.', 'We are looking into it.']);
    expect(shown?.updates.map((u) => u.status)).toEqual(['identified', 'open']);
    expect(status.incidents.some((i) => i.id === hidden.id)).toBe(false);
    expect(status.components.find((c) => c.id === api.id)).toMatchObject({ status: 'partial_outage', impact: 2 });
    // The private outage does not show, not even as a component status.
    expect(status.components.find((c) => c.id === db.id)).toMatchObject({ status: 'operational', impact: 0 });
    expect(status.groups.map((g) => g.name).slice(-1)).toEqual([null]);
    expect(status.groups.find((g) => g.name === 'Core')?.components.map((c) => c.name)).toEqual(['api', 'db']);
    expect(status.components.find((c) => c.id === web.id)?.display_group).toBeNull();
    expect(status.status.indicator).not.toBe('none');
    await expect(getPublicIncident(deps, hidden.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('follows the incident: private, public again, resolved, deleted', async () => {
    const incident = await create({ title: 'flip', impact: 1, public_message: 'first' });
    expect((await getPublicIncident(deps, incident.id)).updates).toHaveLength(1);
    const v2 = await updateIncident(incidentDeps, incident.id, { is_public: false }, alice, incident.version);
    await expect(getPublicIncident(deps, incident.id)).rejects.toBeInstanceOf(NotFoundError);
    const v3 = await updateIncident(incidentDeps, incident.id, { is_public: true, public_message: 'second' }, alice, v2.incident.version);
    expect((await getPublicIncident(deps, incident.id)).updates.map((u) => u.body)).toEqual(['second', 'first']);
    await changeStatus(incidentDeps, incident.id, 'monitoring', alice, undefined);
    const monitoring = await getPublicIncident(deps, incident.id);
    expect(monitoring.monitoring_at).not.toBeNull();
    await changeStatus(incidentDeps, incident.id, 'resolved', alice, undefined);
    const resolved = await getPublicIncident(deps, incident.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.monitoring_at).toBe(monitoring.monitoring_at);
    expect((await deps.status.activeIncidents()).some((i) => i.id === incident.id)).toBe(false);
    const all = await listPublicIncidents(deps, { limit: 100, includeResolved: true });
    expect(all.some((i) => i.id === incident.id)).toBe(true);
    await deleteIncident(incidentDeps, incident.id, alice);
    await expect(getPublicIncident(deps, incident.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(v3.incident.version).toBeGreaterThan(0);
  });

  it('keeps rss_enabled: false incidents out of feed lists but on the page', async () => {
    const quiet = await create({ title: 'quiet', impact: 1, rss_enabled: false });
    const feed = await listPublicIncidents(deps, { limit: 100, includeResolved: true, feedOnly: true });
    expect(feed.some((i) => i.id === quiet.id)).toBe(false);
    const page = await listPublicIncidents(deps, { limit: 100, includeResolved: true });
    expect(page.some((i) => i.id === quiet.id)).toBe(true);
    await expect(getPublicIncident(deps, quiet.id, { feedOnly: true })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows system incidents opened by component status, and maintenances', async () => {
    const cache = await register('cache', 'Edge');
    const outcome = await reportComponentStatus(componentDeps, { name: 'cache', impact: 3, text: 'cache down' }, { id: 'mp', name: 'mp', kind: 'machine' });
    const id = outcome.incident?.id ?? '';
    const status = await loadPublicStatus(deps);
    expect(status.incidents.some((i) => i.id === id)).toBe(true);
    expect(status.components.find((c) => c.id === cache.id)?.status).toBe('major_outage');
    expect(status.status.indicator).toBe('critical');

    const now = Date.now();
    const planned = newMaintenance(newMaintenanceId(now), { title: 'db upgrade', components: [cache.id], start_time: new Date(now + 3600_000).toISOString(), end_time: new Date(now + 7200_000).toISOString() }, 'alice', new Date(now).toISOString());
    const running = newMaintenance(newMaintenanceId(now), { title: 'network work', components: [cache.id], start_time: new Date(now - 600_000).toISOString(), end_time: new Date(now + 600_000).toISOString() }, 'alice', new Date(now).toISOString());
    await components.putMaintenance(planned);
    await components.putMaintenance(running);
    const after = await loadPublicStatus(deps);
    expect(after.upcoming_maintenances.map((m) => m.id)).toContain(planned.id);
    expect(after.active_maintenances.map((m) => m.id)).toContain(running.id);
    expect(after.status.maintenance).toBe(true);
    expect(JSON.stringify(after)).not.toContain('"created_by"');
  });

  it('reads only what it shows', async () => {
    resetDynamoCalls();
    const list = await listPublicIncidents(deps, { limit: 2, includeResolved: true, updateLimit: 1 });
    const shownItems = list.length + list.reduce((n, i) => n + i.updates.length, 0);
    // One partition per month read with Limit = what is still needed, one item per month stepped, then the updates shown.
    expect(list).toHaveLength(2);
    expect(dynamoCalls.itemsRead).toBeLessThanOrEqual(shownItems + 1);
    resetDynamoCalls();
    const status = await loadPublicStatus(deps);
    const shown = status.components.length + status.incidents.length + status.incidents.reduce((n, i) => n + i.updates.length, 0) + status.active_maintenances.length + status.upcoming_maintenances.length;
    expect(dynamoCalls.itemsRead).toBeLessThanOrEqual(shown + 1);
    await expect(listPublicIncidents(deps, { limit: 5, includeResolved: false, componentId: 'CMP-00000000000000000000000000' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('public uptime bars', () => {
  it('leave out the outages of private incidents, which the authenticated availability still counts', async () => {
    const hiddenDown = await register('uptime-private', 'Uptime');
    const publicDown = await register('uptime-public', 'Uptime');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const hidden = await create({ title: 'private outage', impact: 3, components: [hiddenDown.id], is_public: false, start_time: twoHoursAgo });
    const shown = await create({ title: 'public outage', impact: 3, components: [publicDown.id], start_time: twoHoursAgo });
    for (const id of [hidden.id, shown.id]) await changeStatus(incidentDeps, id, 'resolved', alice, undefined);

    const view = await statusView({ status: deps, outages: components });
    const today = (id: string) => view.groups.flatMap((g) => g.components).find((c) => c.id === id)?.uptime.at(-1)?.availability;
    expect(today(hiddenDown.id)).toBe(100);
    expect(today(publicDown.id)).toBeLessThan(100);
    const internal = await componentAvailability(componentDeps, hiddenDown.id);
    expect(internal.days.at(-1)?.availability).toBeLessThan(100);
  });
});
