import { api, ok } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { listActionItems } from '#shared/use-cases/reviews/list-action-items.ts';
import { reviewDeps } from '#shared/use-cases/reviews/deps.ts';

export const handler = api('listActionItems', { params: IncidentIdParams }, async ({ params }) => ok({ items: await listActionItems(reviewDeps, params.id) }));
