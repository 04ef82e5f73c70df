/**
 * The status pages as live API answers (`/v1/status/page…`): the same renderer and views as the
 * published site, with links among the live routes. The published site (CloudFront, and locally
 * `.local/site` served at `/status…`) is where people read the page; these routes are for clients
 * that want an answer from the table right now, and they keep working where no site is deployed.
 */
import { renderHistoryPage, renderIncidentPage, renderStatusPage, SITE_LINKS, type SiteLinks } from '#shared/domain/status/status-pages.ts';
import { historyView, incidentView, statusView, type SiteDeps } from '#shared/use-cases/status/site-views.ts';

export const LIVE_LINKS: SiteLinks = {
  home: '/v1/status/page',
  history: '/v1/status/page/history',
  incident: (id) => `/v1/status/page/incidents/${encodeURIComponent(id)}`,
  feeds: SITE_LINKS.feeds,
};

export const liveStatusPage = async (deps: SiteDeps): Promise<string> => renderStatusPage(await statusView(deps), LIVE_LINKS);
export const liveHistoryPage = async (deps: SiteDeps): Promise<string> => renderHistoryPage(await historyView(deps), LIVE_LINKS);
export const liveIncidentPage = async (deps: SiteDeps, id: string): Promise<string> => renderIncidentPage(await incidentView(deps, id), LIVE_LINKS);
