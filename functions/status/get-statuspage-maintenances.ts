import { api } from '#shared/http/api.ts';
import { cachedJson } from '#shared/http/status-http.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import { statuspageDocument } from '#shared/use-cases/status/statuspage.ts';

/** Public, Statuspage-compatible (docs/api.md, "Statuspage-compatible API"). */
export const handler = api('getStatuspageMaintenances', {}, async ({ headers }) => {
  const doc = await statuspageDocument(statusDeps, 'maintenances');
  return cachedJson(headers, doc.body, doc.lastModified);
});
