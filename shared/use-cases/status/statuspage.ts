/**
 * The Statuspage-compatible documents (`/api/v2/*.json`): a thin adapter from the public read
 * model to the Statuspage shapes (shared/domain/status/statuspage.ts). Each document comes with
 * the time of the last change it shows (for Last-Modified).
 */
import { latest } from '#shared/domain/status/public-model.ts';
import {
  toStatuspageComponents,
  toStatuspageIncidents,
  toStatuspageMaintenances,
  toStatuspagePage,
  toStatuspageStatus,
  toStatuspageSummary,
  type StatuspageContext,
} from '#shared/domain/status/statuspage.ts';
import type { StatusDeps } from '#shared/use-cases/status/deps.ts';
import { listPublicIncidents, listPublicMaintenances, loadPublicStatus, pageInfo, publicLink } from '#shared/use-cases/status/public-status.ts';

/** `incidents.json` and `scheduled-maintenances.json` hold this many, as Statuspage's do. */
export const STATUSPAGE_LIST_SIZE = 50;

export const STATUSPAGE_DOCUMENTS = ['summary', 'status', 'components', 'incidents', 'unresolved', 'maintenances', 'upcoming', 'active'] as const;
export type StatuspageDocument = (typeof STATUSPAGE_DOCUMENTS)[number];

export interface Document {
  readonly body: unknown;
  readonly lastModified: string;
}

export async function statuspageDocument(deps: StatusDeps, kind: StatuspageDocument): Promise<Document> {
  const now = deps.now();
  const withUpdates = kind === 'summary' || kind === 'unresolved';
  const status = await loadPublicStatus(deps, now, { updates: withUpdates });
  const ctx: StatuspageContext = { page: status.page, link: publicLink(deps) };
  const components = toStatuspageComponents(status.groups, status.page);
  const page = toStatuspagePage(status.page);
  const doc = (body: unknown, lastModified = status.page.updated_at): Document => ({ body, lastModified });
  switch (kind) {
    case 'summary':
      return doc(toStatuspageSummary(status, ctx));
    case 'status':
      return doc({ page, status: toStatuspageStatus(status.status) });
    case 'components':
      return doc({ page, components });
    case 'unresolved':
      return doc({ page, incidents: toStatuspageIncidents(status.incidents, components, ctx) });
    case 'incidents': {
      const incidents = await listPublicIncidents(deps, { limit: STATUSPAGE_LIST_SIZE, includeResolved: true });
      const updatedAt = latest([status.page.updated_at, ...incidents.map((i) => i.updated_at)], now.toISOString());
      return doc({ page: toStatuspagePage(pageInfo(deps, updatedAt)), incidents: toStatuspageIncidents(incidents, components, ctx) }, updatedAt);
    }
    case 'maintenances': {
      const list = await listPublicMaintenances(deps, STATUSPAGE_LIST_SIZE, now);
      const updatedAt = latest([status.page.updated_at, ...list.map((m) => m.updated_at)], now.toISOString());
      return doc({ page: toStatuspagePage(pageInfo(deps, updatedAt)), scheduled_maintenances: toStatuspageMaintenances(list, components, ctx) }, updatedAt);
    }
    case 'upcoming':
      return doc({ page, scheduled_maintenances: toStatuspageMaintenances(status.upcoming_maintenances, components, ctx) });
    case 'active':
      return doc({ page, scheduled_maintenances: toStatuspageMaintenances(status.active_maintenances, components, ctx) });
  }
}
