import { api, created } from '#shared/http/api.ts';
import { AddAssignmentBody, IncidentIdParams } from '#shared/schemas/incident.ts';
import { assign } from '#shared/use-cases/incidents/assignments.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('addIncidentAssignment', { params: IncidentIdParams, body: AddAssignmentBody}, async ({ params, body, principal }) =>
  created(await assign(deps, params.id, body.user, body.role, actorOf(principal))),
);
