import { api } from '#shared/http/api.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { liveHistoryPage } from '#shared/use-cases/status/live-pages.ts';
import { siteDeps } from '#shared/use-cases/status/site-deps.ts';

/** Public: the incident history page, rendered from the table now. */
export const handler = api('getStatusHistory', {}, async () => ({ status: 200, text: await liveHistoryPage(siteDeps), contentType: HTML, headers: { 'cache-control': 'public, max-age=15' } }));
