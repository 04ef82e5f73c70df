import { describe, expect, it } from 'vitest';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { MAX_ACTION_ITEMS } from '#shared/domain/reviews/action-item.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoActionItemStore } from '#shared/store/reviews/dynamo-action-item-store.ts';
import { createActionItem } from '#shared/use-cases/reviews/create-action-item.ts';
import { listActionItems } from '#shared/use-cases/reviews/list-action-items.ts';
import { updateActionItem } from '#shared/use-cases/reviews/update-action-item.ts';
import type { ReviewDeps } from '#shared/use-cases/reviews/deps.ts';

const incidents = new DynamoIncidentStore();
const deps: ReviewDeps = { incidents, items: new DynamoActionItemStore(), now: () => new Date() };
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };

async function seed(): Promise<string> {
  const at = new Date().toISOString();
  const day = dayKey(new Date(at));
  const { incident, entry } = newIncident(incidentId(day, await incidents.nextSequence(day)), { title: 'x', severity: 'high' }, alice, at);
  await incidents.create(incident, entry);
  return incident.id;
}

describe('action items on DynamoDB Local', () => {
  it(`keeps exactly ${MAX_ACTION_ITEMS} items under ${MAX_ACTION_ITEMS + 20} concurrent creates`, async () => {
    const id = await seed();
    const results = await Promise.allSettled(Array.from({ length: MAX_ACTION_ITEMS + 20 }, (_, i) => createActionItem(deps, id, { title: `item ${i}` }, 'alice')));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_ACTION_ITEMS);
    expect(rejected).toHaveLength(20);
    for (const r of rejected) expect(r.reason).toMatchObject({ name: 'ConflictError' });
    expect(await listActionItems(deps, id)).toHaveLength(MAX_ACTION_ITEMS);
  }, 120_000);

  it('applies 20 concurrent patches of one item without losing one (version check, retried)', async () => {
    const id = await seed();
    const item = await createActionItem(deps, id, { title: 'start' }, 'alice');
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => updateActionItem(deps, id, item.id, { title: `t${i}` })));
    const applied = results.filter((r) => r.status === 'fulfilled').length;
    const [stored] = await listActionItems(deps, id);
    // Every applied patch produced its own version; none overwrote another unseen.
    expect(stored?.version).toBe(1 + applied);
    expect(applied).toBeGreaterThan(0);
  }, 60_000);
});
