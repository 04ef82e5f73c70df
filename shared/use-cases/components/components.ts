/**
 * Components, maintenance windows, the public status board, availability and alarm mappings:
 * small read-check-write use cases. Writes are conditional on the version read and retried on a
 * fresh read when someone else wrote in between (a component-status decision bumps a component's
 * version too).
 */
import { ulid } from '#shared/domain/ids.ts';
import { AVAILABILITY_FORMULA, DAILY_AVAILABILITY_FORMULA, dailyAvailability, monthlyAvailability, windowStart } from '#shared/domain/components/availability.ts';
import { assertUnique, newComponent, newComponentId, patchComponent, type Component, type ComponentInput } from '#shared/domain/components/component.ts';
import { componentStatus } from '#shared/domain/components/component-status.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { newMaintenance, newMaintenanceId, patchMaintenance, withStatus, type MaintenanceInput } from '#shared/domain/components/maintenance.ts';
import { IMPACT_NAMES } from '#shared/domain/severity.ts';
import { StaleWrite, type AlarmMapping } from '#shared/store/components/component-store.ts';
import type { ComponentDeps } from '#shared/use-cases/components/deps.ts';

const MAX_ATTEMPTS = 5;

async function retryStale<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof StaleWrite) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function mustGet(deps: ComponentDeps, id: string): Promise<Component> {
  const component = await deps.components.getComponent(id);
  if (!component) throw new NotFoundError(`Component ${id} does not exist.`);
  return component;
}

export async function createComponent(deps: ComponentDeps, input: ComponentInput): Promise<Component> {
  const now = deps.now();
  const component = newComponent(newComponentId(now.getTime()), input, now.toISOString());
  assertUnique(component, await deps.components.listComponents());
  await deps.components.putComponent(component);
  return component;
}

export function updateComponent(deps: ComponentDeps, id: string, patch: Partial<ComponentInput>): Promise<Component> {
  return retryStale(async () => {
    const before = await mustGet(deps, id);
    const after = patchComponent(before, patch, deps.now().toISOString());
    assertUnique(after, await deps.components.listComponents());
    await deps.components.putComponent(after, before.version);
    return after;
  });
}

/** A component named by an active incident cannot go: resolve or edit the incident first. */
export function deleteComponent(deps: ComponentDeps, id: string): Promise<void> {
  return retryStale(async () => {
    const board = await deps.components.board();
    const component = board.components.find((c) => c.id === id);
    if (!component) throw new NotFoundError(`Component ${id} does not exist.`);
    const using = board.incidents.filter((i) => i.components.includes(id)).map((i) => i.id);
    if (using.length > 0) {
      throw new ConflictError(`Component ${id} is named by active incident(s) ${using.join(', ')}; resolve them or remove the component from them first.`, { incidents: using });
    }
    await deps.components.deleteComponent(component);
  });
}

export const getComponent = mustGet;

export async function listComponents(deps: ComponentDeps): Promise<Component[]> {
  return (await deps.components.listComponents()).sort((a, b) => (a.display_group ?? '').localeCompare(b.display_group ?? '') || a.name.localeCompare(b.name));
}

/** The public status board: every component with its current impact and incident (public fields only). */
export async function statusBoard(deps: ComponentDeps) {
  const board = await deps.components.board();
  const now = deps.now().toISOString();
  const components = [...board.components]
    .sort((a, b) => (a.display_group ?? '').localeCompare(b.display_group ?? '') || a.name.localeCompare(b.name))
    .map((c) => {
      const { impact, incident, maintenance } = componentStatus(board, c.id, now);
      const shown = incident && incident.is_public ? incident : null;
      const shownImpact = shown ? impact : 0;
      return {
        id: c.id,
        name: c.name,
        attributes: c.attributes,
        display_group: c.display_group,
        impact: shownImpact,
        status: shownImpact > 0 ? IMPACT_NAMES[shownImpact] : maintenance ? 'maintenance' : 'operational',
        incident: shown
          ? { id: shown.id, title: shown.title, impact: shown.impact, status: shown.status, public_message: shown.public_message, start_time: shown.start_time, updated_at: shown.updated_at }
          : null,
        maintenance: maintenance ? { id: maintenance.id, title: maintenance.title, start_time: maintenance.start_time, end_time: maintenance.end_time } : null,
      };
    });
  return { generated_at: now, components };
}

export async function componentAvailability(deps: ComponentDeps, id: string, months = 6) {
  const component = await mustGet(deps, id);
  const now = deps.now();
  const outages = await deps.components.outages(id, windowStart(now, months).toISOString());
  return {
    component_id: id,
    formula: AVAILABILITY_FORMULA,
    months: monthlyAvailability(outages, now, { months, since: component.created_at }),
    // status: the last 90 days, from the same outage items (months ≥ 4 covers them).
    daily_formula: DAILY_AVAILABILITY_FORMULA,
    days: dailyAvailability(outages, now, { days: UPTIME_DAYS, since: component.created_at }),
  };
}

/** status: days of the uptime bar on the status page and in the availability answer. */
export const UPTIME_DAYS = 90;

// ---- Maintenance windows ----

async function assertComponentsExist(deps: ComponentDeps, ids: readonly string[]): Promise<void> {
  const known = new Set((await deps.components.listComponents()).map((c) => c.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new NotFoundError(`Unknown component(s): ${unknown.join(', ')}. Use the ids from GET /v1/components.`, { unknown_components: unknown });
}

export async function createMaintenance(deps: ComponentDeps, input: MaintenanceInput, actor: Actor) {
  await assertComponentsExist(deps, input.components);
  const now = deps.now();
  const maintenance = newMaintenance(newMaintenanceId(now.getTime()), input, actor.name, now.toISOString());
  await deps.components.putMaintenance(maintenance);
  return withStatus(maintenance, now.toISOString());
}

export function updateMaintenance(deps: ComponentDeps, id: string, patch: Partial<MaintenanceInput>) {
  return retryStale(async () => {
    const before = await deps.components.getMaintenance(id);
    if (!before) throw new NotFoundError(`Maintenance ${id} does not exist.`);
    if (patch.components) await assertComponentsExist(deps, patch.components);
    const now = deps.now().toISOString();
    const after = patchMaintenance(before, patch, now);
    await deps.components.putMaintenance(after, before.version);
    return withStatus(after, now);
  });
}

export async function getMaintenance(deps: ComponentDeps, id: string) {
  const maintenance = await deps.components.getMaintenance(id);
  if (!maintenance) throw new NotFoundError(`Maintenance ${id} does not exist.`);
  return withStatus(maintenance, deps.now().toISOString());
}

export async function listMaintenances(deps: ComponentDeps, limit: number, cursor: string | undefined) {
  const page = await deps.components.listMaintenances(limit, cursor);
  const now = deps.now().toISOString();
  return { items: page.items.map((m) => withStatus(m, now)), next_cursor: page.next_cursor, limit };
}

// ---- Alarm mappings ----

export interface AlarmMappingInput {
  alarm_name?: string | undefined;
  alarm_prefix?: string | undefined;
  component_id: string;
  impact: 1 | 2 | 3;
}

export async function createAlarmMapping(deps: ComponentDeps, input: AlarmMappingInput, actor: Actor): Promise<AlarmMapping> {
  await mustGet(deps, input.component_id);
  const now = deps.now();
  const kind = input.alarm_name !== undefined ? 'name' : 'prefix';
  const pattern = input.alarm_name ?? input.alarm_prefix ?? '';
  const mapping: AlarmMapping = { id: `MAP-${ulid(now.getTime())}`, kind, pattern, component_id: input.component_id, impact: input.impact, created_by: actor.name, created_at: now.toISOString() };
  try {
    await deps.components.putAlarmMapping(mapping);
  } catch (error) {
    if (error instanceof StaleWrite) throw new ConflictError(`A mapping for alarm ${kind} '${pattern}' exists already; delete it first.`, { kind, pattern });
    throw error;
  }
  return mapping;
}

export async function listAlarmMappings(deps: ComponentDeps): Promise<AlarmMapping[]> {
  return deps.components.alarmMappings();
}

export async function deleteAlarmMapping(deps: ComponentDeps, id: string): Promise<void> {
  const mapping = (await deps.components.alarmMappings()).find((m) => m.id === id);
  if (!mapping) throw new NotFoundError(`Alarm mapping ${id} does not exist.`);
  await deps.components.deleteAlarmMapping(mapping);
}
