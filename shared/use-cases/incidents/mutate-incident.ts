/**
 * The one way an existing incident changes: read it, let a pure domain function decide, commit
 * with a transaction conditional on the version that was read.
 * - With an expected version (If-Match) a mismatch is a 412: the caller decided on stale data.
 * - Without one the change does not depend on what others did (a comment, a status move that is
 *   re-validated against the fresh state), so a conflict is retried on a fresh read; when others
 *   keep winning for the whole budget the answer is a 503 with Retry-After, never a 500.
 */
import { NotFoundError, PreconditionFailedError, UnavailableError } from '#shared/domain/errors.ts';
import type { Change, Incident } from '#shared/domain/incidents/incident.ts';
import { VersionConflict, type SideWrite } from '#shared/store/incidents/incident-store.ts';
import { recordIncidentMetrics } from '#shared/observability.ts';
import type { Deps } from '#shared/use-cases/context.ts';

const MAX_ATTEMPTS = 5;

export interface MutateOptions {
  /** From If-Match; absent means "apply to whatever is current". */
  readonly expectedVersion?: number | undefined;
  readonly side?: (before: Incident, now: string) => SideWrite | undefined;
  readonly deleted?: { by: string };
}

export type Decision = Change | 'unchanged';

export async function mutateIncident(
  deps: Deps,
  id: string,
  decide: (before: Incident, now: string) => Decision,
  options: MutateOptions = {},
): Promise<{ incident: Incident; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const before = await deps.store.get(id);
    if (!before) throw new NotFoundError(`Incident ${id} does not exist.`);
    if (options.expectedVersion !== undefined && before.version !== options.expectedVersion) {
      throw new PreconditionFailedError(`Incident ${id} is at version ${before.version}, not ${options.expectedVersion}: fetch it again and reapply your change.`, { current_version: before.version });
    }
    const now = deps.now().toISOString();
    const decision = decide(before, now);
    if (decision === 'unchanged') return { incident: before, changed: false };
    const side = options.side?.(before, now);
    try {
      await deps.store.save(before, decision.incident, decision.entry, { ...(side ? { side } : {}), ...(options.deleted ? { deleted: options.deleted } : {}) });
      recordIncidentMetrics(before, decision.incident);
      return { incident: decision.incident, changed: true };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (options.expectedVersion !== undefined) {
        throw new PreconditionFailedError(`Incident ${id} changed while your request was applied: fetch it again and reapply your change.`);
      }
      if (attempt >= MAX_ATTEMPTS) throw new UnavailableError(`Incident ${id} kept changing under ${attempt} attempts; nothing was written. Retry in a moment.`);
    }
  }
}
