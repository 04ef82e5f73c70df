import { NotFoundError } from '#shared/domain/errors.ts';
import { api, ok } from '#shared/http/api.ts';
import { detailBody, etagOf } from '#shared/http/incident-http.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('getIncident', { params: IncidentIdParams}, async ({ params }) => {
  const detail = await deps.store.getDetail(params.id);
  if (!detail) throw new NotFoundError(`Incident ${params.id} does not exist.`);
  return ok(detailBody(detail), { etag: etagOf(detail.incident) });
});
