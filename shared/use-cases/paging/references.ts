/** How the paging use cases turn store outcomes about references into the API's errors. */
import { ConflictError, InvalidInputError, PreconditionFailedError } from '#shared/domain/errors.ts';
import type { Reference } from '#shared/store/paging/paging-store.ts';

const PLURAL: Readonly<Record<string, string>> = { team: 'teams', policy: 'policies', schedule: 'schedules' };
const plural = (kind: string): string => PLURAL[kind] ?? `${kind}s`;

/** 409 naming everything that still uses the entity, grouped by kind: `{ teams: [...], policies: [...] }`. */
export function inUse(what: string, references: readonly Reference[]): ConflictError {
  const groups: Record<string, string[]> = {};
  for (const r of references) (groups[plural(r.kind)] ??= []).push(r.id);
  const named = Object.entries(groups).map(([kind, ids]) => `${kind} ${ids.join(', ')}`).join('; ');
  return new ConflictError(`${what} is still used by ${named}; change or delete those first.`, groups);
}

export function unknownReference(field: string, kind: string, id: string): InvalidInputError {
  return new InvalidInputError(`${field}: ${kind} ${id} does not exist.`, { field });
}

/**
 * A conditional write lost to a concurrent change: with If-Match the caller's version is stale
 * (412); without it, the retries ran out (409, try again).
 */
export function lostRace(what: string, expectedVersion: number | undefined): Error {
  return expectedVersion !== undefined
    ? new PreconditionFailedError(`${what} changed while this request was applied; GET it again and retry.`)
    : new ConflictError(`${what} is being changed by other requests at the same time; retry.`);
}
