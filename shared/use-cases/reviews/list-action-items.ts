/** `GET /v1/incidents/{id}/action_items`: open items first, then done ones. */
import { NotFoundError } from '#shared/domain/errors.ts';
import { orderActionItems, type ActionItem } from '#shared/domain/reviews/action-item.ts';
import type { ReviewDeps } from '#shared/use-cases/reviews/deps.ts';

export async function listActionItems(deps: Pick<ReviewDeps, 'incidents' | 'items'>, incidentId: string): Promise<ActionItem[]> {
  const [incident, items] = await Promise.all([deps.incidents.get(incidentId), deps.items.list(incidentId)]);
  if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
  return orderActionItems(items);
}
