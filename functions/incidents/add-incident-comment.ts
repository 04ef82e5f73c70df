import { api, created } from '#shared/http/api.ts';
import { AddCommentBody, IncidentIdParams } from '#shared/schemas/incident.ts';
import { addComment } from '#shared/use-cases/incidents/comments.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('addIncidentComment', { params: IncidentIdParams, body: AddCommentBody}, async ({ params, body, principal }) =>
  created(await addComment(deps, params.id, body.body, actorOf(principal))),
);
