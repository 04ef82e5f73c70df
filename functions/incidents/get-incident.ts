import { NotFoundError } from '#shared/domain/errors.ts';
import { api } from '#shared/http/api.ts';
import { conditionalOk } from '#shared/http/conditional.ts';
import { detailBody, etagOf } from '#shared/http/incident-http.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

/** Every change (comments and assignments too) bumps the version, so the version ETag answers If-None-Match. */
export const handler = api('getIncident', { params: IncidentIdParams }, async ({ params, headers }) => {
  const detail = await deps.store.getDetail(params.id);
  if (!detail) throw new NotFoundError(`Incident ${params.id} does not exist.`);
  return conditionalOk(headers, detailBody(detail), etagOf(detail.incident));
});
