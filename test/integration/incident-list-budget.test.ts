import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';

const store = new DynamoIncidentStore();
const bot: Actor = { id: 'bot', name: 'bot', kind: 'machine' };

describe('filtered lists over many non-matching items', () => {
  const rare: string[] = [];

  beforeAll(async () => {
    // 1,100 incidents this month; only the 3 oldest belong to team "rare".
    const base = Date.now() - 2 * 3600_000;
    const day = dayKey(new Date(base));
    const jobs = Array.from({ length: 1100 }, (_, i) => i);
    const worker = async () => {
      for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
        const at = new Date(base + i * 1000).toISOString();
        const team = i < 3 ? 'rare' : 'common';
        const { incident, entry } = newIncident(incidentId(day, await store.nextSequence(day)), { title: `n${i}`, impact: 1, assigned_team: team, start_time: at }, bot, at);
        await store.create(incident, entry);
        if (team === 'rare') rare.push(incident.id);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
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
