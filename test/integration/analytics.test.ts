/**
 * Analytics aggregates on DynamoDB Local: kept by the incidents' own transactions, exact per day
 * and group, not double counted by reopen + resolve, and equal to a brute-force computation.
 */
import { describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { applyPatch, changeStatus, newIncident, type Actor, type Incident, type NewIncidentInput } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import { MTTA_BUCKETS, MTTR_BUCKETS } from '#shared/domain/analytics/aggregates.ts';
import { dynamoCalls, resetDynamoCalls } from '#shared/store/client.ts';
import { DynamoAnalyticsStore } from '#shared/store/analytics/dynamo-analytics-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { queryAll } from '#shared/store/query.ts';
import { getAnalytics, type GroupBy } from '#shared/use-cases/analytics/get-analytics.ts';

const store = new DynamoIncidentStore();
const deps = { analytics: new DynamoAnalyticsStore(), incidents: store };
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const at = (day: string, time = '10:00:00') => `${day}T${time}.000Z`;

async function seed(created: string, input: Partial<NewIncidentInput> = {}): Promise<Incident> {
  const day = dayKey(new Date(created));
  const { incident, entry } = newIncident(incidentId(day, await store.nextSequence(day)), { title: `at ${created}`, severity: 'high', start_time: created, ...input }, alice, created);
  await store.create(incident, entry);
  return incident;
}

async function move(before: Incident, to: Status, when: string): Promise<Incident> {
  const { incident, entry } = changeStatus(before, to, alice, when, null);
  await store.save(before, incident, entry);
  return incident;
}

/** Every analytics cell, shards summed: `<dimension>|<day or *>|<value>` → attribute → number. */
async function snapshot(): Promise<Map<string, Map<string, number>>> {
  const cells = new Map<string, Map<string, number>>();
  for (const dimension of ['severity', 'service', 'team']) {
    for (const item of await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ANALYTICS#${dimension}` } })) {
      for (const [name, v] of Object.entries(item)) {
        const at = name.lastIndexOf('|');
        if (at <= 0 || typeof v !== 'number') continue;
        const id = `${dimension}|${typeof item.day === 'string' ? item.day : '*'}|${name.slice(0, at)}`;
        const cell = cells.get(id) ?? new Map<string, number>();
        cell.set(name.slice(at + 1), (cell.get(name.slice(at + 1)) ?? 0) + v);
        cells.set(id, cell);
      }
    }
  }
  return cells;
}

function diff(before: Map<string, Map<string, number>>, after: Map<string, Map<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id) ?? new Map<string, number>();
    const b = after.get(id) ?? new Map<string, number>();
    for (const attr of new Set([...a.keys(), ...b.keys()])) {
      const d = (b.get(attr) ?? 0) - (a.get(attr) ?? 0);
      if (d !== 0) (out[id] ??= {})[attr] = d;
    }
  }
  return out;
}

describe('analytics aggregates', () => {
  it('an acknowledge and a resolve change exactly their own day and groups, in the one transaction of the change', async () => {
    const incident = await seed(at('2025-03-01'), { severity: 'critical', assigned_team: 'ack-team', affected_services: ['ack-api'] });
    let s0 = await snapshot();
    resetDynamoCalls();
    const acked = await move(incident, 'acknowledged', at('2025-03-02', '10:01:30')); // MTTA 86,490 s → +Inf bucket
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ TransactWriteItemsCommand: 1 });
    const ack = { acknowledged: 1, mtta_sum: 86_490, mtta_b7: 1 };
    let s1 = await snapshot();
    expect(diff(s0, s1)).toEqual({
      'severity|2025-03-02|critical': ack, 'severity|*|critical': ack,
      'team|2025-03-02|ack-team': ack, 'team|*|ack-team': ack,
      'service|2025-03-02|ack-api': ack, 'service|*|ack-api': ack,
    });
    s0 = s1;
    resetDynamoCalls();
    await move(acked, 'resolved', at('2025-03-03', '08:00:00')); // MTTR 2 days − 2 h = 165,600 s
    expect(Object.fromEntries(dynamoCalls.byCommand)).toEqual({ TransactWriteItemsCommand: 1 });
    s1 = await snapshot();
    const resolved = { resolved: 1, mttr_sum: 165_600, mttr_b7: 1 };
    const closedOut = { ...resolved, open: -1 };
    expect(diff(s0, s1)).toEqual({
      'severity|2025-03-03|critical': resolved, 'severity|*|critical': closedOut,
      'team|2025-03-03|ack-team': resolved, 'team|*|ack-team': closedOut,
      'service|2025-03-03|ack-api': resolved, 'service|*|ack-api': closedOut,
    });
  });

  it('a reopen and a second resolve count the incident once, on the day of the last resolve', async () => {
    const incident = await seed(at('2025-04-01'), { severity: 'low', assigned_team: 'reopen-team' });
    const resolved = await move(await move(incident, 'acknowledged', at('2025-04-01', '10:00:45')), 'resolved', at('2025-04-01', '10:20:00'));
    const reopened = await move(resolved, 'investigating', at('2025-04-02'));
    await move(reopened, 'resolved', at('2025-04-03'));
    const answer = await getAnalytics(deps, { from: '2025-04-01', to: '2025-04-03', group_by: 'team' });
    const team = answer.groups.find((g) => g.key === 'reopen-team');
    expect(team).toMatchObject({ created: 1, acknowledged: 1, resolved: 1, open_now: 0 });
    expect(team?.mttr).toMatchObject({ count: 1, sum_seconds: 2 * 86_400, mean_seconds: 2 * 86_400 });
    expect(team?.mtta).toMatchObject({ count: 1, sum_seconds: 45, min_bucket: { gt: 30, le: 60 } });
    const days = await getAnalytics(deps, { from: '2025-04-01', to: '2025-04-03', group_by: 'day' });
    expect(days.groups.map((g) => [g.key, g.resolved])).toEqual([['2025-04-01', 0], ['2025-04-02', 0], ['2025-04-03', 1]]);
  });

  it('counts 40 concurrent acknowledges and resolves of one day and group exactly (ADDs on shards commute)', async () => {
    const incidents = await Promise.all(Array.from({ length: 40 }, () => seed(at('2025-05-01'), { severity: 'medium', assigned_team: 'storm-team' })));
    const acked = await Promise.all(incidents.map((i, n) => move(i, 'acknowledged', at('2025-05-01', `10:${String(n).padStart(2, '0')}:00`))));
    await Promise.all(acked.map((i) => move(i, 'resolved', at('2025-05-01', '12:00:00'))));
    const answer = await getAnalytics(deps, { from: '2025-05-01', to: '2025-05-01', group_by: 'team' });
    const team = answer.groups.find((g) => g.key === 'storm-team');
    expect(team).toMatchObject({ created: 40, acknowledged: 40, resolved: 40, open_now: 0 });
    expect(team?.mtta.sum_seconds).toBe(Array.from({ length: 40 }, (_, n) => n * 60).reduce((a, b) => a + b, 0));
  });

  it('answers what a brute-force computation over the same incidents gives, for every grouping, reading at most (days + 1) × shards items', async () => {
    let seedValue = 7;
    const random = () => ((seedValue = (seedValue * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const severities = ['critical', 'high', 'medium', 'low', 'minor'] as const;
    const ids: string[] = [];
    const base = Date.parse('2025-06-01T00:00:00Z');
    const work = Array.from({ length: 60 }, async (_, i) => {
      const created = new Date(base + Math.floor(random() * 20 * 86_400) * 1000).toISOString();
      let incident = await seed(created, { severity: pick(severities), assigned_team: pick(['bf-a', 'bf-b', null]), affected_services: [pick(['bf-x', 'bf-y']), ...(i % 3 ? [] : ['bf-z'])] });
      ids.push(incident.id);
      let t = Date.parse(created);
      const later = (max: number) => new Date((t += 1000 + Math.floor(random() * max) * 1000)).toISOString();
      if (random() < 0.8) incident = await move(incident, 'acknowledged', later(7200));
      if (random() < 0.6) incident = await move(incident, 'resolved', later(40_000));
      if (incident.status === 'resolved' && random() < 0.3) incident = await move(await move(incident, 'investigating', later(3600)), 'resolved', later(20_000));
      if (random() < 0.2) {
        const { incident: patched, entry } = applyPatch(incident, { severity: pick(severities) }, alice, later(60));
        await store.save(incident, patched, entry);
        incident = patched;
      }
      if (random() < 0.1) await store.save(incident, { ...incident, version: incident.version + 1 }, changeStatus(incident, incident.status === 'open' ? 'acknowledged' : 'closed', alice, later(60), null).entry, { deleted: { by: 'admin' } });
    });
    await Promise.all(work);
    const current = (await Promise.all(ids.map((id) => store.get(id)))).filter((i): i is Incident => i !== undefined);

    const from = '2025-06-03';
    const to = '2025-06-25';
    const inWindow = (iso: string | null) => iso !== null && iso.slice(0, 10) >= from && iso.slice(0, 10) <= to;
    const estimate = (bounds: readonly number[], values: number[], q: number) => {
      if (values.length === 0) return null;
      const counts = new Array<number>(bounds.length + 1).fill(0);
      for (const v of values) {
        const i = bounds.findIndex((b) => v <= b);
        const slot = i === -1 ? bounds.length : i;
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
      const rank = q * values.length;
      let below = 0;
      for (const [i, c] of counts.entries()) {
        if (c > 0 && below + c >= rank) {
          if (i === bounds.length) return bounds[bounds.length - 1] as number;
          const lo = i === 0 ? 0 : (bounds[i - 1] as number);
          return Math.round((lo + ((bounds[i] as number) - lo) * ((rank - below) / c)) * 10) / 10;
        }
        below += c;
      }
      return null;
    };
    for (const groupBy of ['severity', 'service', 'team', 'day'] as GroupBy[]) {
      const keysOf = (i: Incident, iso: string | null): string[] =>
        groupBy === 'severity' ? [i.severity] : groupBy === 'team' ? (i.assigned_team ? [i.assigned_team] : []) : groupBy === 'service' ? i.affected_services : iso ? [iso.slice(0, 10)] : [];
      const expected = new Map<string, { created: number; acknowledged: number; resolved: number; open: number; mtta: number[]; mttr: number[] }>();
      const get = (k: string) => {
        let e = expected.get(k);
        if (!e) expected.set(k, (e = { created: 0, acknowledged: 0, resolved: 0, open: 0, mtta: [], mttr: [] }));
        return e;
      };
      for (const i of current) {
        if (inWindow(i.created_at)) for (const k of keysOf(i, i.created_at)) get(k).created += 1;
        if (inWindow(i.acknowledged_at)) for (const k of keysOf(i, i.acknowledged_at)) { get(k).acknowledged += 1; get(k).mtta.push(i.mtta_seconds as number); }
        if (inWindow(i.resolved_at)) for (const k of keysOf(i, i.resolved_at)) { get(k).resolved += 1; get(k).mttr.push(i.mttr_seconds as number); }
        if (groupBy !== 'day' && !['resolved', 'closed'].includes(i.status)) for (const k of keysOf(i, null)) get(k).open += 1;
      }
      const answer = await getAnalytics(deps, { from, to, group_by: groupBy });
      const mine = (key: string) => groupBy === 'day' || groupBy === 'severity' || key.startsWith('bf-');
      const got = Object.fromEntries(answer.groups.filter((g) => mine(g.key) && (g.created || g.acknowledged || g.resolved || g.open_now)).map((g) => [g.key, {
        created: g.created, acknowledged: g.acknowledged, resolved: g.resolved, open: g.open_now ?? 0,
        mtta: [g.mtta.count, g.mtta.sum_seconds, g.mtta.p50_seconds_estimate, g.mtta.p90_seconds_estimate],
        mttr: [g.mttr.count, g.mttr.sum_seconds, g.mttr.p50_seconds_estimate, g.mttr.p90_seconds_estimate],
      }]));
      const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
      const want = Object.fromEntries([...expected].filter(([, e]) => e.created || e.acknowledged || e.resolved || e.open).map(([k, e]) => [k, {
        created: e.created, acknowledged: e.acknowledged, resolved: e.resolved, open: e.open,
        mtta: [e.mtta.length, sum(e.mtta), estimate(MTTA_BUCKETS, e.mtta, 0.5), estimate(MTTA_BUCKETS, e.mtta, 0.9)],
        mttr: [e.mttr.length, sum(e.mttr), estimate(MTTR_BUCKETS, e.mttr, 0.5), estimate(MTTR_BUCKETS, e.mttr, 0.9)],
      }]));
      // Other tests of this file wrote severities too, outside this window, so only open counts can differ there.
      if (groupBy === 'severity') for (const g of Object.values(got)) g.open = 0;
      if (groupBy === 'severity') for (const g of Object.values(want)) g.open = 0;
      expect(Object.keys(want).length, groupBy).toBeGreaterThan(1);
      expect(got, groupBy).toEqual(want);
      // At most (days + 1) × shards items per dimension read, however many groups and incidents.
      expect(answer.items_read).toBeLessThanOrEqual((23 + 1) * 4 + 4);
    }
  }, 120_000); // a few hundred transactions: 3 s alone, 30 s with the whole integration tier on 2 cores
});
