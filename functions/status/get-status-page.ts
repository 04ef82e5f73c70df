import { api } from '#shared/http/api.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { liveStatusPage } from '#shared/use-cases/status/live-pages.ts';
import { siteDeps } from '#shared/use-cases/status/site-deps.ts';

/** Public: the status page, rendered from the table now (the published copy is at /status). */
export const handler = api('getStatusPage', {}, async () => ({ status: 200, text: await liveStatusPage(siteDeps), contentType: HTML, headers: { 'cache-control': 'public, max-age=15' } }));
