/**
 * Publish the public site: render every public file from the current public state and write it
 * through a SiteWriter (S3 in AWS, `.local/site/` locally). Called once per batch of public
 * changes (the publisher queue coalesces bursts), and on a schedule (maintenance windows start and
 * end with the clock, and their edits have no event).
 *
 * Files (keys = URL paths, so the site's URLs equal the live API's):
 *   status                          the status page
 *   status/history                  the incident history
 *   status/incidents/<id>           one page per incident: the incidents changed in the batch, the
 *                                   active ones and (on a full publish) every incident in the
 *                                   history; a changed incident that is no longer public
 *                                   (deleted, made private) has its page removed
 *   + every file of `extraFiles` (the feeds and the Statuspage JSON, status-public's renderers)
 *
 * What it renders comes from the public read model only, so nothing private can reach the site.
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import { renderHistoryPage, renderIncidentPage, renderStatusPage, SITE_LINKS } from '#shared/domain/status/status-pages.ts';
import type { SiteFile, SiteWriter } from '#shared/site/site-writer.ts';
export { PUBLIC_EVENT_TYPES } from '#shared/domain/status/public-events.ts';
import { historyView, incidentView, statusView, type SiteDeps } from '#shared/use-cases/status/site-views.ts';

export const HTML = 'text/html; charset=utf-8';
/**
 * Short browser and CDN lifetimes: a change reaches readers within ~30 s without invalidations;
 * `stale-if-error` lets CloudFront keep answering from its cache if S3 ever fails.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=15, s-maxage=15, stale-while-revalidate=30, stale-if-error=86400';

export interface PublishDeps extends SiteDeps {
  readonly writer: SiteWriter;
  /** More files rendered from the same state (feeds, Statuspage JSON). */
  readonly extraFiles?: (deps: SiteDeps, now: Date) => Promise<readonly SiteFile[]>;
}

export interface PublishRequest {
  /** Incidents whose public facts may have changed (the subjects of the batch's events). */
  readonly incidents: readonly string[];
  /** Also (re)write the page of every incident in the history (first publish, schedule). */
  readonly full?: boolean;
}

export interface PublishResult {
  readonly written: readonly string[];
  readonly deleted: readonly string[];
}

const incidentKey = (id: string) => SITE_LINKS.incident(id).slice(1);

const page = (key: string, body: string): SiteFile => ({ key, body, contentType: HTML, cacheControl: PAGE_CACHE_CONTROL });

/** Incident ids look like `INC-20261124-0042`; anything else in an event subject is ignored. */
const INCIDENT_ID = /^INC-\d{8}-\d{4,}$/;

export async function publishSite(deps: PublishDeps, request: PublishRequest): Promise<PublishResult> {
  const now = deps.status.now();
  const [status, history, extra] = await Promise.all([statusView(deps, now), historyView(deps, now), deps.extraFiles?.(deps, now) ?? []]);
  const files: SiteFile[] = [page('status', renderStatusPage(status)), page('status/history', renderHistoryPage(history)), ...extra];

  const ids = new Set(request.incidents.filter((id) => INCIDENT_ID.test(id)));
  for (const i of status.incidents) ids.add(i.id);
  if (request.full) for (const i of history.incidents) ids.add(i.id);
  const deleted: string[] = [];
  const pages = await Promise.all(
    [...ids].map(async (id) => {
      try {
        return page(incidentKey(id), renderIncidentPage(await incidentView(deps, id, now)));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        deleted.push(incidentKey(id));
        return undefined;
      }
    }),
  );
  files.push(...pages.filter((p): p is SiteFile => p !== undefined));

  // Incident pages first, the pages that link to them last: a reader never follows a link to a
  // page that is not there yet.
  const linking = new Set(['status', 'status/history']);
  await Promise.all(files.filter((f) => !linking.has(f.key)).map((f) => deps.writer.put(f)));
  await Promise.all(files.filter((f) => linking.has(f.key)).map((f) => deps.writer.put(f)));
  await Promise.all(deleted.map((key) => deps.writer.delete(key)));
  return { written: files.map((f) => f.key), deleted };
}

/**
 * What a batch of queue messages asks for: the incident subjects of the CloudEvents in it, and a
 * full publish (every history incident's page too) for anything that is not an incident or
 * component event: the schedule's tick. Unparseable bodies are ignored (they cannot name an incident).
 */
export function publishRequestOf(bodies: readonly string[], namespace: string): PublishRequest {
  const incidents = new Set<string>();
  let full = false;
  for (const body of bodies) {
    let event: { type?: unknown; subject?: unknown };
    try {
      event = JSON.parse(body) as { type?: unknown; subject?: unknown };
    } catch {
      full = true;
      continue;
    }
    const type = typeof event.type === 'string' ? event.type : '';
    if (type.startsWith(`${namespace}.incident.`) && typeof event.subject === 'string') incidents.add(event.subject);
    else if (!type.startsWith(`${namespace}.component.`)) full = true;
  }
  return { incidents: [...incidents], full };
}
