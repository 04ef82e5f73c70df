/**
 * The one-off analytics backfill on DynamoDB Local (its own table, this file only): incidents
 * written before the aggregates existed (no aggregates, no marker), some of them changed by the
 * live path afterwards, and incidents created by the live path; a run stopped after N counts,
 * resumed, and run again; a live change racing the backfill. The analytics answer must equal a
 * brute-force computation over the incidents every time, so nothing is missed or counted twice.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newComponent, newComponentId } from '#shared/domain/components/component.ts';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor, type Incident, type NewIncidentInput } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import { db, dynamoCalls, resetDynamoCalls, tableName } from '#shared/store/client.ts';
import { DynamoAnalyticsStore } from '#shared/store/analytics/dynamo-analytics-store.ts';
import { DynamoBackfillStore } from '#shared/store/analytics/dynamo-backfill-store.ts';
import { boardIncidentItem } from '#shared/store/components/component-items.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore, incidentItem } from '#shared/store/incidents/dynamo-incident-store.ts';
import { VersionConflict } from '#shared/store/incidents/incident-store.ts';
import { keys } from '#shared/store/keys.ts';
import { getAnalytics, type GroupBy } from '#shared/use-cases/analytics/get-analytics.ts';
import { backfillAnalytics } from '#shared/use-cases/analytics/backfill-analytics.ts';
import { addComment } from '#shared/use-cases/incidents/comments.ts';

const store = new DynamoIncidentStore();
const components = new DynamoComponentStore();
const deps = { analytics: new DynamoAnalyticsStore(), incidents: store };
const backfill = { store: new DynamoBackfillStore(), now: () => new Date() };
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const FROM = '2024-01-01';
const TO = '2024-03-31';

let seedValue = 11;
const random = () => (seedValue = (seedValue * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** An incident's life as the pure domain gives it: created, then status moves at increasing times. */
function lifeOf(id: string, created: string, input: Partial<NewIncidentInput>, moves: Status[]): Incident {
  let { incident } = newIncident(id, { title: `incident ${id}`, severity: 'high', start_time: created, ...input }, alice, created);
  let t = Date.parse(created);
  for (const to of moves) incident = changeStatus(incident, to, alice, new Date((t += 60_000 + Math.floor(random() * 20_000) * 1000)).toISOString(), null).incident;
  return incident;
}

/** Written as the code before the aggregates did: the incident item (and its board copy), no aggregates, no marker. */
async function writeLegacy(incident: Incident): Promise<void> {
  const { analytics_counted: _marker, ...item } = incidentItem(incident);
  await db.send(new PutCommand({ TableName: tableName, Item: item }));
  if (incident.components.length > 0 && !['resolved', 'closed'].includes(incident.status)) {
    const { analytics_counted: _boardMarker, ...board } = boardIncidentItem(incident);
    await db.send(new PutCommand({ TableName: tableName, Item: board }));
  }
}

async function nextId(created: string): Promise<string> {
  const day = dayKey(new Date(created));
  return incidentId(day, await store.nextSequence(day));
}

/** A status move through the live path (the store's save), retried on a fresh read as the use cases do. */
async function liveMove(id: string, to: Status, when: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = await store.get(id);
    if (!before) throw new Error(`${id} is gone`);
    const { incident, entry } = changeStatus(before, to, alice, when, null);
    try {
      await store.save(before, incident, entry);
      return;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error(`${id}: no attempt won`);
}

interface Expected { created: number; acknowledged: number; resolved: number; open: number; mtta: [number, number]; mttr: [number, number] }

/** What GET /v1/incidents/analytics must answer, computed from the incidents one by one. */
function bruteForce(incidents: Incident[], groupBy: GroupBy): Record<string, Expected> {
  const inWindow = (iso: string | null) => iso !== null && iso.slice(0, 10) >= FROM && iso.slice(0, 10) <= TO;
  const keysOf = (i: Incident, iso: string | null): string[] =>
    groupBy === 'severity' ? [i.severity] : groupBy === 'team' ? (i.assigned_team ? [i.assigned_team] : []) : groupBy === 'service' ? i.affected_services : iso ? [iso.slice(0, 10)] : [];
  const out: Record<string, Expected> = {};
  const get = (k: string) => (out[k] ??= { created: 0, acknowledged: 0, resolved: 0, open: 0, mtta: [0, 0], mttr: [0, 0] });
  for (const i of incidents) {
    if (inWindow(i.created_at)) for (const k of keysOf(i, i.created_at)) get(k).created += 1;
    if (inWindow(i.acknowledged_at)) for (const k of keysOf(i, i.acknowledged_at)) { const e = get(k); e.acknowledged += 1; e.mtta = [e.mtta[0] + 1, e.mtta[1] + (i.mtta_seconds ?? 0)]; }
    if (inWindow(i.resolved_at)) for (const k of keysOf(i, i.resolved_at)) { const e = get(k); e.resolved += 1; e.mttr = [e.mttr[0] + 1, e.mttr[1] + (i.mttr_seconds ?? 0)]; }
    if (groupBy !== 'day' && !['resolved', 'closed'].includes(i.status)) for (const k of keysOf(i, null)) get(k).open += 1;
  }
  return out;
}

async function answered(groupBy: GroupBy): Promise<Record<string, Expected>> {
  const answer = await getAnalytics(deps, { from: FROM, to: TO, group_by: groupBy });
  return Object.fromEntries(answer.groups.map((g) => [g.key, {
    created: g.created, acknowledged: g.acknowledged, resolved: g.resolved, open: g.open_now ?? 0,
    mtta: [g.mtta.count, g.mtta.sum_seconds], mttr: [g.mttr.count, g.mttr.sum_seconds],
  } satisfies Expected]));
}

const nonEmpty = (r: Record<string, Expected>) =>
  Object.fromEntries(Object.entries(r).filter(([, e]) => e.created || e.acknowledged || e.resolved || e.open || e.mtta[0] || e.mttr[0]));

async function expectBruteForce(ids: string[]): Promise<void> {
  const current = (await Promise.all(ids.map((id) => store.get(id)))).filter((i): i is Incident => i !== undefined);
  for (const groupBy of ['severity', 'service', 'team', 'day'] as GroupBy[]) {
    expect(nonEmpty(await answered(groupBy)), groupBy).toEqual(nonEmpty(bruteForce(current, groupBy)));
  }
}

const marked = async (key: { pk: string; sk: string }): Promise<unknown> => (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item?.analytics_counted as unknown;

describe('analytics backfill', () => {
  it('folds legacy incidents in once: stopped after N, resumed, run again, with legacy incidents the live path changed and live ones', async () => {
    const component = newComponent(newComponentId(), { name: 'checkout', attributes: [] }, '2024-01-01T00:00:00.000Z');
    await components.putComponent(component);
    const ids: string[] = [];
    const legacy: Incident[] = [];
    const lives: Status[][] = [[], ['acknowledged'], ['acknowledged', 'resolved'], ['resolved'], ['acknowledged', 'resolved', 'investigating'], ['acknowledged', 'resolved', 'investigating', 'resolved'], ['resolved', 'closed']];
    for (let n = 0; n < 36; n++) {
      const created = new Date(Date.parse('2024-01-03T00:00:00Z') + Math.floor(random() * 70 * 86_400) * 1000).toISOString();
      const input: Partial<NewIncidentInput> = {
        severity: pick(['critical', 'high', 'medium', 'low', 'minor'] as const),
        assigned_team: pick(['payments', 'search', null]),
        affected_services: [pick(['api', 'web']), ...(n % 4 === 0 ? ['db'] : [])],
        ...(n % 9 === 0 ? { components: [component.id] } : {}),
      };
      const incident = lifeOf(await nextId(created), created, input, lives[n % lives.length] as Status[]);
      await writeLegacy(incident);
      legacy.push(incident);
      ids.push(incident.id);
    }
    // Live incidents: created (and moved) through the store after the aggregates existed.
    for (let n = 0; n < 8; n++) {
      const created = `2024-02-${String(10 + n).padStart(2, '0')}T09:00:00.000Z`;
      const { incident, entry } = newIncident(await nextId(created), { title: `live ${n}`, severity: pick(['high', 'low'] as const), assigned_team: 'payments', affected_services: ['api'], start_time: created }, alice, created);
      await store.create(incident, entry);
      if (n % 2 === 0) await liveMove(incident.id, 'acknowledged', `2024-02-${String(10 + n).padStart(2, '0')}T09:10:00.000Z`);
      ids.push(incident.id);
    }
    // Legacy incidents changed by the live path before the backfill: counted whole by that change, in its one transaction.
    const open = legacy.filter((i) => i.status === 'open').slice(0, 3);
    for (const i of open) {
      const before = await store.get(i.id);
      expect(Object.keys(before ?? {})).not.toContain('analytics_counted');
      resetDynamoCalls();
      const { incident, entry } = changeStatus(before as Incident, 'acknowledged', alice, '2024-03-20T12:00:00.000Z', null);
      await store.save(before as Incident, incident, entry);
      expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ TransactWriteItemsCommand: 1 });
    }

    // Before: the legacy incidents are missing from the answer.
    const current = (await Promise.all(ids.map((id) => store.get(id)))).filter((i): i is Incident => i !== undefined);
    expect(nonEmpty(await answered('severity'))).not.toEqual(nonEmpty(bruteForce(current, 'severity')));

    const toCount = legacy.length - open.length;
    const first = await backfillAnalytics(backfill, { pageSize: 4, stopAfter: 7 });
    expect(first).toMatchObject({ counted: 7, done: false });
    const stored = await backfill.store.checkpoint();
    expect(stored?.done_at).toBeNull();
    // Killed after its 7th count: the checkpoint stands at the last finished page, behind some of the counted.
    expect(stored?.counted).toBeLessThan(7);

    const resumed = await backfillAnalytics(backfill, { pageSize: 4 });
    expect(resumed.done).toBe(true);
    expect(resumed.failed).toEqual([]);
    expect(first.counted + resumed.counted).toBe(toCount);
    expect(resumed.checkpoint.done_at).not.toBeNull();
    await expectBruteForce(ids);
    for (const i of legacy) expect(await marked(keys.incident(i.id)), i.id).toBe(true);
    const onBoard = legacy.filter((i) => i.components.length > 0 && !['resolved', 'closed'].includes(i.status));
    expect(onBoard.length).toBeGreaterThan(0);
    for (const i of onBoard) expect(await marked(keys.boardIncident(i.id)), i.id).toBe(true);

    // Run again: done, nothing to do; from the start: everything is counted, nothing added.
    expect(await backfillAnalytics(backfill, { pageSize: 4 })).toMatchObject({ counted: 0, skipped: 0, done: true });
    expect(await backfillAnalytics(backfill, { pageSize: 5, restart: true })).toMatchObject({ counted: 0, done: true });
    await expectBruteForce(ids);

    // After the backfill, a legacy incident's change is an ordinary delta (and still one transaction).
    const later = legacy.find((i) => i.status === 'acknowledged') as Incident;
    resetDynamoCalls();
    await liveMove(later.id, 'resolved', '2024-03-25T12:00:00.000Z');
    expect(dynamoCalls.byCommand.get('TransactWriteItemsCommand')).toBe(1);
    await expectBruteForce(ids);
  });

  it('a live change that read an incident before the backfill counted it is refused as a conflict, and its retry is a plain delta', async () => {
    const created = '2024-02-27T08:00:00.000Z';
    const incident = lifeOf(await nextId(created), created, { severity: 'low', assigned_team: 'window', affected_services: ['window-svc'] }, ['acknowledged']);
    await writeLegacy(incident);
    const before = await store.get(incident.id); // read without the marker: the live path would count it whole
    expect(await backfillAnalytics(backfill, { restart: true })).toMatchObject({ counted: 1 });
    const { incident: after, entry } = changeStatus(before as Incident, 'resolved', alice, '2024-02-28T08:00:00.000Z', null);
    await expect(store.save(before as Incident, after, entry)).rejects.toBeInstanceOf(VersionConflict);
    await liveMove(incident.id, 'resolved', '2024-02-28T08:00:00.000Z');
    const current = await store.get(incident.id) as Incident;
    expect((await answered('team')).window).toEqual(bruteForce([current], 'team').window);
    expect((await answered('team')).window).toMatchObject({ created: 1, acknowledged: 1, resolved: 1, open: 0 });
  });

  it('the backfill does not count what it read at a version that is no longer current (a comment moved it), but the current one', async () => {
    const created = '2024-02-26T08:00:00.000Z';
    const incident = lifeOf(await nextId(created), created, { severity: 'low', assigned_team: 'stale', affected_services: [] }, []);
    await writeLegacy(incident);
    const listed = await store.get(incident.id) as Incident;
    await addComment({ store, now: () => new Date('2024-02-26T09:00:00.000Z') }, incident.id, 'looking', alice); // version + 1, still no marker
    const stale = await backfill.store.count(listed);
    expect(stale.outcome).toBe('changed');
    expect(stale.outcome === 'changed' && stale.current.version).toBe(listed.version + 1);
    expect((await answered('team')).stale).toBeUndefined();
    expect(await backfill.store.count(stale.outcome === 'changed' ? stale.current : listed)).toEqual({ outcome: 'counted' });
    expect(await backfill.store.count(listed)).toEqual({ outcome: 'skipped' });
    expect((await answered('team')).stale).toMatchObject({ created: 1, open: 1 });
  });

  it('a live change racing the backfill on the same legacy incidents counts each of them once', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 24; n++) {
      const created = `2024-01-${String(1 + (n % 28)).padStart(2, '0')}T0${n % 10}:00:00.000Z`;
      const incident = lifeOf(await nextId(created), created, { severity: 'medium', assigned_team: 'race', affected_services: ['race-svc'] }, n % 2 ? ['acknowledged'] : []);
      await writeLegacy(incident);
      ids.push(incident.id);
    }
    const [run] = await Promise.all([
      backfillAnalytics(backfill, { pageSize: 3, restart: true }),
      ...ids.map((id, n) => liveMove(id, 'resolved', `2024-03-${String(1 + (n % 28)).padStart(2, '0')}T12:00:00.000Z`)),
    ]);
    expect(run.failed).toEqual([]);
    // This test's groups alone (the first test's incidents are in the same table).
    const all = (await Promise.all(ids.map((id) => store.get(id)))).filter((i): i is Incident => i !== undefined);
    expect(all.every((i) => i.status === 'resolved')).toBe(true);
    expect((await answered('team')).race).toEqual(bruteForce(all, 'team').race);
    expect((await answered('service'))['race-svc']).toEqual(bruteForce(all, 'service')['race-svc']);
    // Half were acknowledged before; a move from open straight to resolved is no acknowledgement.
    expect((await answered('team')).race).toMatchObject({ created: 24, acknowledged: 12, resolved: 24, open: 0 });
  });
});
