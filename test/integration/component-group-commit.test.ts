/**
 * Group commit of component-status decisions on DynamoDB Local (shared/store/components/group-commit.ts):
 * decisions committed while a transaction is in flight share the next one, joins of one incident
 * merged into one update; a failed condition fails only the decision it belongs to; a decision whose
 * caller ran out of time is not written. And the per-component lanes of
 * shared/use-cases/components/report-component-status.ts: of concurrent reports for one component,
 * the highest impact is decided first.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { decideComponentStatus, type StatusImpact } from '#shared/domain/components/component-status.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { runWithSignal } from '#shared/deadline.ts';
import { db, dynamoCalls, tableName } from '#shared/store/client.ts';
import { BoardChanged, DuplicateEvent, type StatusCommit } from '#shared/store/components/component-store.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { keys } from '#shared/store/keys.ts';
import { incidentLink, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { changeCommit, reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';

const incidents = new DynamoIncidentStore();
const monitor: Actor = { id: 'mp', name: 'metric-processor', kind: 'machine' };
const link = incidentLink('https://status.test');
const depsWith = (components: DynamoComponentStore): ComponentDeps => ({ components, incidents, now: () => new Date(), link, budgetMs: 60_000 });

let run = 0;
async function register(store: DynamoComponentStore, count: number, prefix: string): Promise<Component[]> {
  run++;
  const out: Component[] = [];
  for (let i = 0; i < count; i++) {
    const c = newComponent(newComponentId(), { name: `${prefix}-${run}-${i}`, attributes: [] }, new Date().toISOString());
    await store.putComponent(c);
    out.push(c);
  }
  return out;
}

/** The commit of `component` joining the board's system incident of `impact`, decided on the board as it is now. */
async function joinCommit(store: DynamoComponentStore, component: Component, impact: StatusImpact): Promise<StatusCommit> {
  const decision = decideComponentStatus(await store.board(), { component, impact, text: 'down' }, { actor: monitor, now: new Date().toISOString(), link });
  if (decision.kind !== 'change' || !decision.writes[0]?.join) throw new Error(`expected a join, got ${decision.kind}`);
  return changeCommit(decision);
}

const transactions = () => dynamoCalls.byCommand.get('TransactWriteItemsCommand') ?? 0;

/** A system incident of `impact` holding `first`, and the store it was created through. */
async function incidentWith(store: DynamoComponentStore, first: Component, impact: StatusImpact): Promise<string> {
  const outcome = await reportComponentStatus(depsWith(store), { name: first.name, impact }, monitor);
  if (!outcome.incident) throw new Error('no incident');
  return outcome.incident.id;
}

describe('group commit on DynamoDB Local', { timeout: 120_000 }, () => {
  it('30 concurrent joins of one incident in one process: a few transactions, none lost, one version step and one timeline entry each', async () => {
    const store = new DynamoComponentStore();
    const [first, ...rest] = await register(store, 31, 'merge');
    const id = await incidentWith(store, first as Component, 3);
    const before = await incidents.get(id);
    const sent = transactions();
    const outcomes = await Promise.all(rest.map((c) => reportComponentStatus(depsWith(store), { name: c.name, impact: 3 }, monitor)));
    expect(outcomes.map((o) => o.result)).toEqual(rest.map(() => 'added'));
    // One at a time they would be 30 transactions; together: the first alone, the rest merged (24 joins per update at most).
    expect(transactions() - sent).toBeLessThanOrEqual(4);
    const after = await incidents.getDetail(id);
    expect(new Set(after?.incident.components)).toEqual(new Set([first, ...rest].map((c) => c?.id)));
    expect(after?.incident.version).toBe((before?.version ?? 0) + rest.length);
    for (const c of rest) expect(after?.timeline.filter((e) => e.message === `${c.name} added`)).toHaveLength(1);
    // The board copy agrees with the incident.
    expect((await store.board()).incidents.find((i) => i.id === id)?.components).toEqual(after?.incident.components);
  });

  it('a decision whose own item fails its condition fails alone; the one sent with it commits', async () => {
    const store = new DynamoComponentStore();
    const [first, stale, fresh] = await register(store, 3, 'own');
    const id = await incidentWith(store, first as Component, 2);
    const staleCommit = await joinCommit(store, stale as Component, 2);
    const freshCommit = await joinCommit(store, fresh as Component, 2);
    // Someone else changed the stale component meanwhile: its version condition fails.
    await store.putComponent({ ...(stale as Component), description: 'edited', version: (stale as Component).version + 1 }, (stale as Component).version);
    const sent = transactions();
    const [a, b] = await Promise.allSettled([store.commit(staleCommit), store.commit(freshCommit)]);
    expect(a.status === 'rejected' && a.reason).toBeInstanceOf(BoardChanged);
    expect(b.status).toBe('fulfilled');
    // Sent together, then the innocent one again.
    expect(transactions() - sent).toBe(2);
    const after = await incidents.get(id);
    expect(after?.components).toContain(fresh?.id);
    expect(after?.components).not.toContain(stale?.id);
  });

  it('a merged update that fails its condition: each of its decisions is sent again alone, and only the culprit fails', async () => {
    const store = new DynamoComponentStore();
    const [first, culprit, innocent] = await register(store, 3, 'merged');
    const id = await incidentWith(store, first as Component, 1);
    const culpritCommit = await joinCommit(store, culprit as Component, 1);
    const innocentCommit = await joinCommit(store, innocent as Component, 1);
    // The culprit became a member behind the decision's back (another writer): only the merged update fails.
    await db.send(new UpdateCommand({ TableName: tableName, Key: keys.incident(id), UpdateExpression: 'SET #members.#c = :m', ExpressionAttributeNames: { '#members': 'members', '#c': (culprit as Component).id }, ExpressionAttributeValues: { ':m': { name: culprit?.name, regions: [], at: new Date().toISOString() } } }));
    const sent = transactions();
    const [a, b] = await Promise.allSettled([store.commit(culpritCommit), store.commit(innocentCommit)]);
    expect(a.status === 'rejected' && a.reason).toBeInstanceOf(BoardChanged);
    expect(b.status).toBe('fulfilled');
    // Merged, then each alone (their updates of the incident may not share a transaction now).
    expect(transactions() - sent).toBe(3);
    const after = await incidents.getDetail(id);
    expect(after?.incident.components).toContain(innocent?.id);
    expect(after?.timeline.filter((e) => e.message === `${culprit?.name} added`)).toEqual([]);
    expect(after?.timeline.filter((e) => e.message === `${innocent?.name} added`)).toHaveLength(1);
  });

  it('two commits of one alarm event at once: one is written, the other is a DuplicateEvent', async () => {
    const store = new DynamoComponentStore();
    const at = new Date().toISOString();
    const eventId = `evt-${Date.now()}`;
    const commit: StatusCommit = { writes: [], pointers: [], side: [{ kind: 'alarmEvent', eventId, alarmName: 'cpu-high', at }] };
    const results = await Promise.allSettled([store.commit(commit), store.commit(commit)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))[0]).toBeInstanceOf(DuplicateEvent);
    expect(await store.seenAlarmEvent(eventId)).toBe(true);
  });

  it('a decision whose caller runs out of time before it is sent is rejected with the deadline and not written', async () => {
    const store = new DynamoComponentStore();
    const [first, kept, dropped] = await register(store, 3, 'deadline');
    const id = await incidentWith(store, first as Component, 1);
    const keptCommit = await joinCommit(store, kept as Component, 1);
    const droppedCommit = await joinCommit(store, dropped as Component, 1);
    const controller = new AbortController();
    const keptDone = store.commit(keptCommit);
    const droppedDone = runWithSignal(controller.signal, () => store.commit(droppedCommit));
    controller.abort(new Error('out of time'));
    await expect(droppedDone).rejects.toThrow('out of time');
    await keptDone;
    const after = await incidents.get(id);
    expect(after?.components).toContain(kept?.id);
    expect(after?.components).not.toContain(dropped?.id);
    expect((await store.getComponent((dropped as Component).id))?.version).toBe((dropped as Component).version);
  });
});

describe('per-component lanes on DynamoDB Local', { timeout: 60_000 }, () => {
  it('concurrent reports at impacts 1, 3 and 2 for one component: the impact-3 one is decided first, the others find it there (409)', async () => {
    const store = new DynamoComponentStore();
    const [component] = await register(store, 1, 'lane');
    const name = (component as Component).name;
    const results = await Promise.allSettled(([1, 3, 2] as const).map((impact) => reportComponentStatus(depsWith(store), { name, impact }, monitor)));
    const [low, high, middle] = results;
    expect(high?.status === 'fulfilled' && high.value.incident?.impact).toBe(3);
    const id = high?.status === 'fulfilled' ? high.value.incident?.id : undefined;
    for (const r of [low, middle]) {
      expect(r?.status === 'rejected' && r.reason).toBeInstanceOf(ConflictError);
      expect(r?.status === 'rejected' && (r.reason as ConflictError).details).toMatchObject({ existingIncidentId: id, existingIncidentImpact: 3 });
    }
    // Joined once at its highest impact: no raise or move on the way.
    const detail = await incidents.getDetail(id ?? '');
    expect(detail?.timeline.filter((e) => /impact changed|moved/.test(e.message ?? ''))).toEqual([]);
  });

  it('each report is decided in the context of its own request: one whose caller ran out of time fails with that, the other is unaffected', async () => {
    const store = new DynamoComponentStore();
    const [component] = await register(store, 1, 'context');
    const name = (component as Component).name;
    const patient = new AbortController();
    const hurried = new AbortController();
    const first = runWithSignal(patient.signal, () => reportComponentStatus(depsWith(store), { name, impact: 3 }, monitor));
    const second = runWithSignal(hurried.signal, () => reportComponentStatus(depsWith(store), { name, impact: 1 }, monitor));
    hurried.abort(new Error('second caller out of time'));
    await expect(second).rejects.toThrow('second caller out of time');
    expect((await first).incident?.impact).toBe(3);
  });
});
