import { api, ok } from '#shared/http/api.ts';
import { ActionItemParams, PatchActionItemBody } from '#shared/schemas/review.ts';
import { updateActionItem } from '#shared/use-cases/reviews/update-action-item.ts';
import { reviewDeps } from '#shared/use-cases/reviews/deps.ts';

export const handler = api('updateActionItem', { params: ActionItemParams, body: PatchActionItemBody }, async ({ params, body }) =>
  ok(await updateActionItem(reviewDeps, params.id, params.item_id, body)),
);
