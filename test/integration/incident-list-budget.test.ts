import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';
import { DynamoIncidentStore, incidentItem } from '#shared/store/incidents/dynamo-incident-store.ts';

const store = new DynamoIncidentStore();
const bot: Actor = { id: 'bot', name: 'bot', kind: 'machine' };

describe('filtered lists over many non-matching items', () => {
  const rare: string[] = [];

  beforeAll(async () => {
    // 1,100 incidents this month; only the 3 oldest belong to team "rare". The list reads only the
    // incident items, so they are written as the store lays them out, 25 to a batch: a create
    // transaction each (timeline, summary, analytics) took minutes with the whole tier running.
    const base = Date.now() - 2 * 3600_000;
    const day = dayKey(new Date(base));
    const items = await Promise.all(
      Array.from({ length: 1100 }, async (_, i) => {
        const at = new Date(base + i * 1000).toISOString();
        const team = i < 3 ? 'rare' : 'common';
        const { incident } = newIncident(incidentId(day, await store.nextSequence(day)), { title: `n${i}`, impact: 1, assigned_team: team, start_time: at }, bot, at);
        if (team === 'rare') rare.push(incident.id);
        return incidentItem(incident);
      }),
    );
    for (let i = 0; i < items.length; i += 25) {
      let batch: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (batch.length > 0) {
        const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
        batch = UnprocessedItems?.[tableName] ?? [];
      }
    }
  }, 120_000);

  it('stops after 1,000 evaluated items with a cursor, and the next page finds the rest', async () => {
    const first = await store.list({ team: 'rare' }, 20, undefined);
    expect(first.read).toBeLessThanOrEqual(1000 + 20);
    expect(first.items).toEqual([]);
    expect(first.next_cursor).not.toBeNull();
    const second = await store.list({ team: 'rare' }, 20, first.next_cursor ?? undefined);
    expect(second.items.map((i) => i.id).sort()).toEqual([...rare].sort());
    expect(second.next_cursor).toBeNull();
  });

  it('reads limit + 1 items for the unfiltered first page whatever the partition holds', async () => {
    const page = await store.list({}, 20, undefined);
    expect(page.items).toHaveLength(20);
    expect(page.read).toBeLessThanOrEqual(21);
  });
});
