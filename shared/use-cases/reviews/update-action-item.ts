/** `PATCH /v1/incidents/{id}/action_items/{item_id}`: read, apply, write if unchanged (retried on a concurrent change). */
import { NotFoundError, UnavailableError } from '#shared/domain/errors.ts';
import { patchActionItem, type ActionItem, type ActionItemPatch } from '#shared/domain/reviews/action-item.ts';
import { ActionItemChanged } from '#shared/store/reviews/action-item-store.ts';
import type { ReviewDeps } from '#shared/use-cases/reviews/deps.ts';

const ATTEMPTS = 5;

export async function updateActionItem(deps: ReviewDeps, incidentId: string, itemId: string, patch: ActionItemPatch): Promise<ActionItem> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const [incident, item] = await Promise.all([deps.incidents.get(incidentId), deps.items.get(incidentId, itemId)]);
    if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
    if (!item) throw new NotFoundError(`Incident ${incidentId} has no action item ${itemId}.`);
    const next = patchActionItem(item, patch, deps.now().toISOString());
    try {
      await deps.items.replace(next);
      return next;
    } catch (error) {
      if (!(error instanceof ActionItemChanged)) throw error;
    }
  }
  throw new UnavailableError(`Action item ${itemId} kept changing while this change was applied; retry.`);
}
