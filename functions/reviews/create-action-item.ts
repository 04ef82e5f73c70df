import { api, created } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { CreateActionItemBody } from '#shared/schemas/review.ts';
import { createActionItem } from '#shared/use-cases/reviews/create-action-item.ts';
import { reviewDeps } from '#shared/use-cases/reviews/deps.ts';

export const handler = api('createActionItem', { params: IncidentIdParams, body: CreateActionItemBody }, async ({ params, body, principal }) =>
  created(await createActionItem(reviewDeps, params.id, body, principal.name)),
);
