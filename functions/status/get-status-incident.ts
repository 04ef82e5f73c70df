import { api } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { liveIncidentPage } from '#shared/use-cases/status/live-pages.ts';
import { siteDeps } from '#shared/use-cases/status/site-deps.ts';

/** Public: one public incident's page; a private, deleted or unknown incident is a 404. */
export const handler = api('getStatusIncidentPage', { params: IncidentIdParams }, async ({ params }) => ({
  status: 200,
  text: await liveIncidentPage(siteDeps, params.id),
  contentType: HTML,
  headers: { 'cache-control': 'public, max-age=15' },
}));
