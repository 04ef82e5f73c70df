import { api } from '#shared/http/api.ts';
import { cachedJson } from '#shared/http/status-http.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import { loadPublicStatus } from '#shared/use-cases/status/public-status.ts';

/** Public: the overall status, components by group, active public incidents with their public updates, maintenances. */
export const handler = api('getStatusSummary', {}, async ({ headers }) => {
  const status = await loadPublicStatus(statusDeps);
  return cachedJson(headers, status, status.page.updated_at);
});
