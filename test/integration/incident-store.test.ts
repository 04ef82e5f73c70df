import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor, type Incident, type NewIncidentInput } from '#shared/domain/incidents/incident.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { VersionConflict } from '#shared/store/incidents/incident-store.ts';

const store = new DynamoIncidentStore();
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };

async function seed(at: string, input: Partial<NewIncidentInput> = {}): Promise<Incident> {
  const day = dayKey(new Date(at));
  const { incident, entry } = newIncident(incidentId(day, await store.nextSequence(day)), { title: `at ${at}`, severity: 'high', start_time: at, ...input }, alice, at);
  await store.create(incident, entry);
  return incident;
}

async function walk(filter: Parameters<DynamoIncidentStore['list']>[0], limit: number) {
  const ids: string[] = [];
  const reads: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(filter, limit, cursor);
    ids.push(...page.items.map((i) => i.id));
    reads.push(page.read);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return { ids, reads };
}

describe('incident store on DynamoDB Local', () => {
  const all: Incident[] = [];

  beforeAll(async () => {
    // Three months with incidents and an empty month (August) in between; current month included.
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 8)).getTime();
    const times = [
      ...Array.from({ length: 6 }, (_, i) => new Date(thisMonth - 120 * 86_400_000 + i * 3_600_000).toISOString()),
      ...Array.from({ length: 5 }, (_, i) => new Date(thisMonth - 40 * 86_400_000 + i * 3_600_000).toISOString()),
      ...Array.from({ length: 7 }, (_, i) => new Date(thisMonth + i * 60_000).toISOString()),
    ];
    for (const [i, at] of times.entries()) {
      all.push(await seed(at, { severity: i % 3 === 0 ? 'critical' : 'low', assigned_team: i % 2 ? 'payments' : 'search' }));
    }
  });

  it('walks months newest first across gaps, reading at most limit + 1 items per page', async () => {
    const { ids, reads } = await walk({}, 4);
    const expected = [...all].sort((a, b) => b.created_at.localeCompare(a.created_at)).map((i) => i.id);
    expect(ids).toEqual(expected);
    for (const read of reads) expect(read).toBeLessThanOrEqual(5);
  });

  it('reads at most limit + 1 for one status', async () => {
    const target = all[3] as Incident;
    const { incident, entry } = changeStatus(target, 'acknowledged', alice, new Date().toISOString(), null);
    await store.save(target, incident, entry);
    const page = await store.list({ statuses: ['open'] }, 5, undefined);
    expect(page.items).toHaveLength(5);
    expect(page.read).toBeLessThanOrEqual(6);
    const acknowledged = await walk({ statuses: ['acknowledged'] }, 5);
    expect(acknowledged.ids).toEqual([target.id]);
    const both = await walk({ statuses: ['acknowledged', 'open'] }, 5);
    expect(both.ids).toHaveLength(all.length);
    expect(both.ids).toContain(target.id);
  });

  it('filters by severity and team across pages without losing or repeating items', async () => {
    const { ids } = await walk({ severities: ['critical'], team: 'search' }, 2);
    const expected = all
      .filter((i) => i.severity === 'critical' && i.assigned_team === 'search')
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((i) => i.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(ids).toEqual(expected);
  });

  it('honours from/to on creation time', async () => {
    const sorted = [...all].sort((a, b) => a.created_at.localeCompare(b.created_at));
    const from = (sorted[4] as Incident).created_at;
    const to = (sorted[12] as Incident).created_at;
    const { ids } = await walk({ from, to }, 3);
    expect(ids).toEqual(sorted.slice(4, 13).map((i) => i.id).reverse());
  });

  it('rejects a cursor of another query', async () => {
    const page = await store.list({}, 2, undefined);
    await expect(store.list({ team: 'search' }, 2, page.next_cursor ?? undefined)).rejects.toThrow(/different query/);
  });

  it('refuses a save on a stale version', async () => {
    const incident = await seed(new Date().toISOString());
    const first = changeStatus(incident, 'acknowledged', alice, new Date().toISOString(), null);
    await store.save(incident, first.incident, first.entry);
    const second = changeStatus(incident, 'resolved', alice, new Date().toISOString(), null);
    await expect(store.save(incident, second.incident, second.entry)).rejects.toBeInstanceOf(VersionConflict);
  });

  it('keeps the summary right through creates and status moves', async () => {
    const summary = await store.summary();
    const total = all.length + 1; // + the incident of the stale-version test
    expect(summary.total).toBe(total);
    expect(summary.by_status.acknowledged).toBe(2);
    expect(summary.by_status.open).toBe(total - 2);
    expect(summary.active).toBe(total);
  });

  it('creates in two DynamoDB calls: the day sequence and one transaction', async () => {
    resetDynamoCalls();
    await seed(new Date().toISOString());
    expect(dynamoCalls.count).toBe(2);
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ UpdateItemCommand: 1, TransactWriteItemsCommand: 1 });
  });
});
