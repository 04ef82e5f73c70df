/**
 * The component-status decision (MISSION section 2), as one pure function: given what the board
 * holds (components, active incidents that name components, the per-impact "active system
 * incident" pointers, maintenance windows), a request `{component, impact, text}` and the clock,
 * say what happens and produce every new incident version with its timeline entries. The store
 * commits the result with one conditional transaction (shared/store/components/dynamo-component-store.ts);
 * a failed condition means the board changed, so the use case re-reads and decides again.
 *
 * Rules, in order:
 * 1. an active maintenance window covers the component: nothing changes (`maintenance`);
 * 2. an active incident (a person's or a system one) contains the component with an impact equal
 *    to or higher than the requested one: nothing changes (`existing`, a 409 over HTTP);
 * 3. the component is in no active system incident: it is added to the active system incident of
 *    exactly the requested impact (`added`, "<component> added"), or a new system incident is
 *    created for it (`created`);
 * 4. it is in an active system incident S of lower impact:
 *    - alone in S, no system incident of the requested impact: S is raised (`raised`,
 *      "impact changed from minor to major");
 *    - alone in S, one exists (T): it moves to T and S is closed by the system (`moved`,
 *      "moved to <T>" and "closed by system" on S, "moved from <S>" on T);
 *    - with company in S, T exists: it moves to T (`moved`);
 *    - with company in S, no T: a new system incident is created and it moves there (`moved`).
 * A person's incident is never changed here: only incidents with `system` set are written.
 */
import { componentLabel, type Component } from '#shared/domain/components/component.ts';
import { newIncident, SYSTEM_ACTOR, timelineEntry, type Actor, type FieldChanges, type Incident, type TimelineEntry, type TimelineType } from '#shared/domain/incidents/incident.ts';
import { isActive, transition } from '#shared/domain/incidents/lifecycle.ts';
import { isMaintenanceActive, type Maintenance } from '#shared/domain/components/maintenance.ts';
import { IMPACT_NAMES, severityOf, type Impact, type IncidentType } from '#shared/domain/severity.ts';
import { fromMembers, type Member } from '#shared/domain/components/members.ts';

export { fromMembers, type Member } from '#shared/domain/components/members.ts';

export type StatusImpact = 1 | 2 | 3;
export const STATUS_IMPACTS: readonly StatusImpact[] = [1, 2, 3];

export const DEFAULT_STATUS_TEXT = 'Incident';

/** The pointer to the active system incident of one impact; `version` 0 means the item is absent. */
export interface Pointer {
  readonly incident_id: string | null;
  readonly version: number;
}

export interface BoardState {
  readonly components: readonly Component[];
  /** Active incidents that name at least one component (a person's and system ones). */
  readonly incidents: readonly Incident[];
  /**
   * The stored members of system incidents, by incident id. An incident without an entry (stored
   * before memberships were) is written whole, conditional on its version, which stores them.
   */
  readonly members?: ReadonlyMap<string, Readonly<Record<string, Member>>> | undefined;
  readonly pointers: Readonly<Partial<Record<StatusImpact, Pointer>>>;
  readonly maintenances: readonly Maintenance[];
}

export interface StatusRequest {
  readonly component: Component;
  readonly impact: StatusImpact;
  readonly text: string;
}

export interface DecideContext {
  readonly actor: Actor;
  readonly now: string;
  /** A link to an incident, for the "moved to/from <link>" timeline texts. */
  readonly link: (incidentId: string) => string;
  /** The id for a new system incident, once the caller has drawn one (see `needs-id`). */
  readonly newIncidentId?: string | undefined;
}

export interface IncidentWrite {
  /** Undefined: the incident is new. */
  readonly before: Incident | undefined;
  /** The incident as this decision leaves it (for a `join`: as read, plus this component). */
  readonly after: Incident;
  /** In order; ids increase within one incident. */
  readonly entries: TimelineEntry[];
  /**
   * The membership of a system incident, stored with it (see `Member`): set on every write of a
   * system incident whose membership the store keeps per component.
   */
  readonly members?: Readonly<Record<string, Member>> | undefined;
  /**
   * Set when the write only adds one component to an existing system incident (`join`) or only
   * takes one out of a system incident that keeps others (`leave`). Such writes commute with each
   * other: the store sets or removes that component's member entry and adds 1 to the version,
   * conditional only on what the decision relied on (the incident is still an active system
   * incident of the impact it had; the component is not / is a member; a leave leaves company),
   * not on the version. Every other write replaces the incident conditional on the version read,
   * so raises, closes and a person's edits see every join and leave.
   */
  readonly join?: { readonly component: string; readonly member: Member } | undefined;
  readonly leave?: { readonly component: string } | undefined;
}

export interface PointerWrite {
  readonly impact: StatusImpact;
  /** The version read; 0 = the pointer item did not exist. */
  readonly expected: number;
  readonly incident_id: string | null;
}

export type ChangeResult = 'created' | 'added' | 'moved' | 'raised';
export type StatusResult = ChangeResult | 'unchanged' | 'maintenance';

export type StatusDecision =
  | { readonly kind: 'maintenance'; readonly maintenance: Maintenance }
  | { readonly kind: 'existing'; readonly incident: Incident }
  /** The decision creates a system incident: draw an id from the day sequence and decide again. */
  | { readonly kind: 'needs-id' }
  | {
      readonly kind: 'change';
      readonly result: ChangeResult;
      /** The incident the component is in afterwards. */
      readonly incident: Incident;
      readonly created: boolean;
      /** The component with its version bumped: the store conditions on the version read. */
      readonly component: Component;
      readonly componentBefore: Component;
      readonly writes: IncidentWrite[];
      readonly pointers: PointerWrite[];
    };

const byImpactThenAge = (a: Incident, b: Incident) => b.impact - a.impact || a.created_at.localeCompare(b.created_at);

export const incidentTypeFor = (impact: Impact): IncidentType => (impact === 3 ? 'outage' : impact === 0 ? 'maintenance' : 'degraded_performance');

/** The active system incident of exactly this impact, if the pointer names a valid one. */
export function systemIncidentAt(state: BoardState, impact: StatusImpact): Incident | undefined {
  const id = state.pointers[impact]?.incident_id;
  if (!id) return undefined;
  const incident = state.incidents.find((i) => i.id === id);
  return incident && incident.system && isActive(incident.status) && incident.impact === impact ? incident : undefined;
}

/** The component's current impact (0 when no active incident names it) and the incident that sets it. */
export function componentStatus(state: BoardState, componentId: string, now: string): { impact: Impact; incident: Incident | null; maintenance: Maintenance | null } {
  const maintenance = state.maintenances.find((m) => m.components.includes(componentId) && isMaintenanceActive(m, now)) ?? null;
  const incident = state.incidents.filter((i) => isActive(i.status) && i.components.includes(componentId)).sort(byImpactThenAge)[0] ?? null;
  return { impact: incident?.impact ?? 0, incident, maintenance };
}

const regionsOf = (c: Component) => c.attributes.filter((a) => a.name === 'region').map((a) => a.value);

function memberOf(c: Component | undefined, at: string): Member {
  return { at, name: c?.name ?? '', regions: c ? regionsOf(c) : [] };
}

/** Components, services (their names) and regions (their `region` attribute) of a system incident. */
function membership(ids: readonly string[], components: readonly Component[]): Pick<Incident, 'components' | 'affected_services' | 'affected_regions'> {
  const known = ids.map((id) => components.find((c) => c.id === id)).filter((c): c is Component => c !== undefined);
  return {
    components: [...ids],
    affected_services: [...new Set(known.map((c) => c.name))],
    affected_regions: [...new Set(known.flatMap((c) => c.attributes.filter((a) => a.name === 'region').map((a) => a.value)))],
  };
}

/** The next version of a system incident: fields changed, system kept, a timeline entry. */
function step(before: Incident, fields: Partial<Incident>, type: TimelineType, actor: Actor, now: string, message: string): { incident: Incident; entry: TimelineEntry } {
  const after: Incident = { ...before, ...fields, updated_at: now, version: before.version + 1 };
  const changes: FieldChanges = {};
  for (const key of Object.keys(fields) as (keyof Incident)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return { incident: after, entry: timelineEntry(after, type, actor, now, changes, { message, update_type: 'component_status' }) };
}

/** Entries written at the same instant sort by id: make the ids follow the order of the entries. */
function inOrder(entries: TimelineEntry[]): TimelineEntry[] {
  const ids = entries.map((e) => e.id).sort();
  return entries.map((e, i) => ({ ...e, id: ids[i] as string }));
}

function chain(before: Incident, steps: ReadonlyArray<(current: Incident) => { incident: Incident; entry: TimelineEntry }>): IncidentWrite {
  let current = before;
  const entries: TimelineEntry[] = [];
  for (const s of steps) {
    const next = s(current);
    current = next.incident;
    entries.push(next.entry);
  }
  return { before, after: current, entries: inOrder(entries) };
}

export function decideComponentStatus(state: BoardState, request: StatusRequest, ctx: DecideContext): StatusDecision {
  const { component, impact, text } = request;
  const { actor, now, link } = ctx;
  const label = componentLabel(component);

  // 1. An active maintenance covers the component.
  const maintenance = state.maintenances.find((m) => m.components.includes(component.id) && isMaintenanceActive(m, now));
  if (maintenance) return { kind: 'maintenance', maintenance };

  const containing = state.incidents.filter((i) => isActive(i.status) && i.components.includes(component.id)).sort(byImpactThenAge);

  // 2. An active incident already covers it at this impact or higher.
  const covering = containing.find((i) => i.impact >= impact);
  if (covering) return { kind: 'existing', incident: covering };

  const source = containing.find((i) => i.system);
  const target = systemIncidentAt(state, impact);
  const pointers: PointerWrite[] = [];
  const point = (at: StatusImpact, incidentId: string | null) => {
    if (pointers.some((p) => p.impact === at)) return;
    pointers.push({ impact: at, expected: state.pointers[at]?.version ?? 0, incident_id: incidentId });
  };
  /** Clears the pointer of `incident`'s impact if it names that incident. */
  const release = (incident: Incident) => {
    const at = incident.impact as StatusImpact;
    if (state.pointers[at]?.incident_id === incident.id) point(at, null);
  };
  const componentAfter: Component = { ...component, version: component.version + 1 };
  const change = (result: ChangeResult, incident: Incident, writes: IncidentWrite[], created: boolean): StatusDecision => ({
    kind: 'change',
    result,
    incident,
    created,
    component: componentAfter,
    componentBefore: component,
    writes,
    pointers,
  });

  const create = (message: string): IncidentWrite | undefined => {
    if (ctx.newIncidentId === undefined) return undefined;
    const { incident, entry } = newIncident(
      ctx.newIncidentId,
      { title: text, impact, incident_type: incidentTypeFor(impact), ...membership([component.id], state.components) },
      actor,
      now,
      { system: true },
    );
    const withMessage = { ...entry, message, update_type: 'component_status' };
    point(impact, incident.id);
    return { before: undefined, after: incident, entries: [withMessage], members: membersAfter(undefined, incident.components) };
  };

  /** The stored members of a system incident after a write that names `ids` (kept `at` for those already in). */
  const membersAfter = (incident: Incident | undefined, ids: readonly string[]): Record<string, Member> => {
    const stored = incident ? state.members?.get(incident.id) : undefined;
    return Object.fromEntries(ids.map((id) => [id, stored?.[id] ?? memberOf(state.components.find((c) => c.id === id), now)]));
  };
  /** Whether the incident's membership is stored per component (joins and leaves can commute). */
  const commutes = (incident: Incident) => state.members?.has(incident.id) === true;

  /**
   * The members' order (joined first, then by id), which is the order `components` is read back
   * in; an incident stored without members keeps its list's order.
   */
  const ordered = (incident: Incident, ids: readonly string[]) => (commutes(incident) ? fromMembers(membersAfter(incident, ids)).components : [...ids]);

  const join = (into: Incident, message: string): IncidentWrite => {
    const write = chain(into, [(current) => step(current, membership(ordered(into, [...current.components, component.id]), state.components), 'incident.updated', actor, now, message)]);
    const members = membersAfter(into, write.after.components);
    if (!commutes(into)) return { ...write, members };
    return { ...write, members, join: { component: component.id, member: members[component.id] as Member } };
  };

  const leave = (from: Incident, message: string, close: boolean): IncidentWrite => {
    const steps = [(current: Incident) => step(current, membership(ordered(from, current.components.filter((id) => id !== component.id)), state.components), 'incident.updated', actor, now, message)];
    if (close) steps.push((current: Incident) => step(current, transition(current, 'closed', now), 'incident.status_changed', SYSTEM_ACTOR, now, 'closed by system'));
    const write = chain(from, steps);
    const members = membersAfter(from, write.after.components);
    if (close || !commutes(from)) return { ...write, members };
    return { ...write, members, leave: { component: component.id } };
  };

  // 3. In no active system incident.
  if (!source) {
    if (target) {
      const write = join(target, `${label} added`);
      return change('added', write.after, [write], false);
    }
    const write = create(`${label} added`);
    if (!write) return { kind: 'needs-id' };
    return change('created', write.after, [write], true);
  }

  // 4. In a system incident of lower impact.
  const alone = source.components.length === 1;
  if (alone && !target) {
    const write = chain(source, [
      (current) =>
        step(
          current,
          { impact, severity: severityOf(impact), incident_type: incidentTypeFor(impact) },
          'incident.updated',
          actor,
          now,
          `impact changed from ${IMPACT_NAMES[source.impact]} to ${IMPACT_NAMES[impact]}`,
        ),
    ]);
    release(source);
    point(impact, source.id);
    return change('raised', write.after, [{ ...write, members: membersAfter(source, write.after.components) }], false);
  }
  if (target) {
    const from = leave(source, `moved to ${link(target.id)}`, alone);
    if (alone) release(source);
    const into = join(target, `moved from ${link(source.id)}`);
    return change('moved', into.after, [from, into], false);
  }
  const into = create(`moved from ${link(source.id)}`);
  if (!into) return { kind: 'needs-id' };
  const from = leave(source, `moved to ${link(into.after.id)}`, false);
  return change('moved', into.after, [from, into], true);
}
