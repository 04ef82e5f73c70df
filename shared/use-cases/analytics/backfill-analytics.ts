/**
 * The one-off analytics backfill (bin/backfill-analytics.ts): folds the incidents written before
 * the aggregates existed into them. It walks the incident list month by month, oldest first, and
 * counts every incident that has no `analytics_counted` marker, each in one transaction with its
 * marker (shared/store/analytics/dynamo-backfill-store.ts). After every page it rewrites a
 * checkpoint item, so a run that was stopped resumes after the last finished page.
 *
 * Never double counted: a contribution is only ever added together with the marker, on the
 * condition that the marker is absent; the live path writes the marker with every change (and adds
 * the whole contribution of an incident it finds without one, on the same condition). A run killed
 * between a count and its checkpoint re-reads that page and skips what it counted; a second run
 * counts nothing.
 */
import type { AnalyticsBackfillStore, BackfillCheckpoint } from '#shared/store/analytics/analytics-store.ts';

/** Attempts per incident when it keeps changing under the backfill (then reported, not counted). */
const MAX_ATTEMPTS = 5;

export interface BackfillDeps {
  readonly store: AnalyticsBackfillStore;
  readonly now: () => Date;
  readonly log?: (message: string, details: Record<string, unknown>) => void;
}

export interface BackfillOptions {
  /** Incidents read per page (one checkpoint per page). */
  readonly pageSize?: number;
  /** Start from the beginning even if a checkpoint says done (safe: counted incidents are skipped). */
  readonly restart?: boolean;
  /** Stop after this many incidents were counted, without writing the checkpoint of the page (tests: a run killed mid-page). */
  readonly stopAfter?: number;
}

export interface BackfillResult {
  /** What this run did. */
  readonly counted: number;
  readonly skipped: number;
  /** Ids of incidents that kept changing and were not counted (run again with `restart`). */
  readonly failed: string[];
  /** The checkpoint as it is stored after this run (totals over every run since it started). */
  readonly checkpoint: BackfillCheckpoint;
  /** False if the run stopped (`stopAfter`) before walking every month. */
  readonly done: boolean;
}

export async function backfillAnalytics(deps: BackfillDeps, options: BackfillOptions = {}): Promise<BackfillResult> {
  const pageSize = options.pageSize ?? 100;
  const startedAt = deps.now().toISOString();
  const stored = await deps.store.checkpoint();
  const fresh: BackfillCheckpoint = { month: null, after: null, counted: 0, skipped: 0, started_at: startedAt, updated_at: startedAt, done_at: null };
  let checkpoint: BackfillCheckpoint = !stored || options.restart ? fresh : stored;
  const run = { counted: 0, skipped: 0, failed: [] as string[] };
  if (checkpoint.done_at) return { ...run, checkpoint, done: true };

  const months = (await deps.store.months(startedAt)).filter((m) => checkpoint.month === null || m >= checkpoint.month);
  for (const month of months) {
    let after = month === checkpoint.month ? checkpoint.after : null;
    for (;;) {
      const page = await deps.store.page(month, after, pageSize);
      const pageRun = { counted: 0, skipped: 0 };
      for (const listed of page.incidents) {
        let incident = listed;
        for (let attempt = 1; ; attempt++) {
          const result = await deps.store.count(incident);
          if (result.outcome === 'counted') pageRun.counted += 1;
          else if (result.outcome === 'skipped') pageRun.skipped += 1;
          else if (attempt < MAX_ATTEMPTS) {
            incident = result.current;
            continue;
          } else {
            run.failed.push(incident.id);
            deps.log?.('incident kept changing, not counted', { incident_id: incident.id, attempts: attempt });
          }
          break;
        }
        if (options.stopAfter !== undefined && run.counted + pageRun.counted >= options.stopAfter) {
          // As if killed here: what this page counted is in the aggregates, the checkpoint does not know.
          return { counted: run.counted + pageRun.counted, skipped: run.skipped + pageRun.skipped, failed: run.failed, checkpoint, done: false };
        }
      }
      run.counted += pageRun.counted;
      run.skipped += pageRun.skipped;
      const position = page.last ?? after;
      checkpoint = {
        ...checkpoint,
        month,
        after: position,
        counted: checkpoint.counted + pageRun.counted,
        skipped: checkpoint.skipped + pageRun.skipped,
        updated_at: deps.now().toISOString(),
      };
      await deps.store.saveCheckpoint(checkpoint);
      deps.log?.('backfill page done', { month, after: position, counted: checkpoint.counted, skipped: checkpoint.skipped });
      if (page.next === null) break;
      after = page.next;
    }
  }
  checkpoint = { ...checkpoint, updated_at: deps.now().toISOString(), done_at: deps.now().toISOString() };
  await deps.store.saveCheckpoint(checkpoint);
  return { ...run, checkpoint, done: true };
}
