/**
 * Maintenance windows: planned work on components, impact 0, with a start and an end. Their status
 * is not stored but computed from the clock: planned before the start, in progress until the end,
 * completed after. An in-progress window suppresses component status for its components
 * (shared/domain/components/component-status.ts, rule 1). Pure: no AWS imports.
 */
import { ConflictError, InvalidInputError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';

export const MAINTENANCE_STATUSES = ['planned', 'in_progress', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export interface Maintenance {
  id: string;
  title: string;
  description: string;
  /** Always 0 (maintenance) on the impact scale. */
  impact: 0;
  components: string[];
  start_time: string;
  end_time: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export const MAINTENANCE_ID_PATTERN = /^MNT-[0-9A-HJKMNP-TV-Z]{26}$/;
export const newMaintenanceId = (now: number = Date.now()): string => `MNT-${ulid(now)}`;

export interface MaintenanceInput {
  title: string;
  description?: string | undefined;
  components: string[];
  start_time: string;
  end_time: string;
}

export function maintenanceStatus(m: Pick<Maintenance, 'start_time' | 'end_time'>, now: string): MaintenanceStatus {
  const t = Date.parse(now);
  if (t < Date.parse(m.start_time)) return 'planned';
  if (t < Date.parse(m.end_time)) return 'in_progress';
  return 'completed';
}

export const isMaintenanceActive = (m: Pick<Maintenance, 'start_time' | 'end_time'>, now: string): boolean => maintenanceStatus(m, now) === 'in_progress';

function checkWindow(start: string, end: string): void {
  if (Date.parse(end) <= Date.parse(start)) throw new InvalidInputError(`end_time ${end} must be after start_time ${start}.`);
}

export function newMaintenance(id: string, input: MaintenanceInput, createdBy: string, now: string): Maintenance {
  checkWindow(input.start_time, input.end_time);
  return {
    id,
    title: input.title,
    description: input.description ?? '',
    impact: 0,
    components: [...new Set(input.components)],
    start_time: new Date(input.start_time).toISOString(),
    end_time: new Date(input.end_time).toISOString(),
    created_by: createdBy,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

/** A completed window is history: it cannot change any more. */
export function patchMaintenance(before: Maintenance, patch: Partial<MaintenanceInput>, now: string): Maintenance {
  if (maintenanceStatus(before, now) === 'completed') {
    throw new ConflictError(`Maintenance ${before.id} ended at ${before.end_time}; a completed window cannot change.`, { maintenance_status: 'completed' });
  }
  const start = patch.start_time !== undefined ? new Date(patch.start_time).toISOString() : before.start_time;
  const end = patch.end_time !== undefined ? new Date(patch.end_time).toISOString() : before.end_time;
  checkWindow(start, end);
  return {
    ...before,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.components !== undefined ? { components: [...new Set(patch.components)] } : {}),
    start_time: start,
    end_time: end,
    updated_at: now,
    version: before.version + 1,
  };
}

export function withStatus(m: Maintenance, now: string): Maintenance & { status: MaintenanceStatus } {
  return { ...m, status: maintenanceStatus(m, now) };
}
