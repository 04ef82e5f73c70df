/** `POST /v1/incidents/{id}/action_items`: one transaction (incident exists, bound kept, item new). */
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { MAX_ACTION_ITEMS, newActionItem, type ActionItem, type NewActionItem } from '#shared/domain/reviews/action-item.ts';
import { IncidentGone, TooManyActionItems } from '#shared/store/reviews/action-item-store.ts';
import type { ReviewDeps } from '#shared/use-cases/reviews/deps.ts';

export async function createActionItem(deps: ReviewDeps, incidentId: string, input: NewActionItem, by: string): Promise<ActionItem> {
  const now = deps.now();
  const item = newActionItem(ulid(now.getTime()), incidentId, input, by, now.toISOString());
  try {
    await deps.items.add(item, MAX_ACTION_ITEMS);
  } catch (error) {
    if (error instanceof IncidentGone) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
    if (error instanceof TooManyActionItems) throw new ConflictError(`Incident ${incidentId} already has ${MAX_ACTION_ITEMS} action items, the most one review keeps; mark some done or track the rest elsewhere.`, { max_action_items: MAX_ACTION_ITEMS });
    throw error;
  }
  return item;
}
