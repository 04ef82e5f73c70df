/**
 * What the component, maintenance, component-status and alarm use cases need from storage.
 * shared/store/components/dynamo-component-store.ts implements it on the single table (docs/data-model.md,
 * "Component status").
 */
import type { Component } from '#shared/domain/components/component.ts';
import type { BoardState, IncidentWrite, PointerWrite } from '#shared/domain/components/component-status.ts';
import type { Impact } from '#shared/domain/severity.ts';
import type { Maintenance } from '#shared/domain/components/maintenance.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { TransactItem } from '#shared/store/transact.ts';

export interface AlarmMapping {
  id: string;
  /** `name`: the alarm name equals `pattern`; `prefix`: it starts with it (the longest prefix wins). */
  kind: 'name' | 'prefix';
  pattern: string;
  component_id: string;
  impact: 1 | 2 | 3;
  created_by: string;
  created_at: string;
}

export interface AlarmState {
  alarm_name: string;
  state: string;
  /** The system incident the alarm is linked to, if any. */
  incident_id: string | null;
  component_id: string | null;
  last_event_id: string;
  updated_at: string;
}

export interface AlarmLink {
  incident_id: string;
  alarm_name: string;
  state: string;
  updated_at: string;
  /** The component the alarm reports (its mapping's); absent on links written before it was kept. */
  component_id?: string | null;
}

export interface Outage {
  component_id: string;
  incident_id: string;
  impact: Impact;
  incident_type: string;
  /** Absent on outages written before it was kept: those count as public. */
  is_public?: boolean;
  start_time: string;
  resolved_at: string;
}

/** Items that commit in the same transaction as a component-status change. */
export type StatusSideWrite =
  /** Fails the transaction (DuplicateEvent) if the event was processed before. */
  | { kind: 'alarmEvent'; eventId: string; alarmName: string; at: string }
  | { kind: 'alarmState'; state: AlarmState }
  | { kind: 'alarmLink'; link: AlarmLink }
  /** A `component.status_changed` timeline entry: the outbox publishes it as a CloudEvent. */
  | { kind: 'componentEvent'; entry: ComponentStatusEntry };

/** The component's effective impact moved (0 = operational), and the incident that now sets it. */
export interface ComponentStatusEntry {
  readonly id: string;
  readonly type: 'component.status_changed';
  readonly at: string;
  readonly component_id: string;
  readonly actor: { readonly id: string; readonly name: string; readonly kind: string };
  readonly message: string;
  readonly changes: { readonly impact: { readonly from: number; readonly to: number }; readonly incident_id: { readonly from: string | null; readonly to: string | null } };
  /** The component after the change, with its impact and status name (the event's data). */
  readonly component: Record<string, unknown>;
}

/** Everything one decision commits, in one conditional transaction. */
export interface StatusCommit {
  /** The component whose version the decision read; it is bumped (conditional on `before.version`). */
  readonly component?: { readonly before: Component; readonly after: Component } | undefined;
  readonly writes: readonly IncidentWrite[];
  readonly pointers: readonly PointerWrite[];
  readonly side?: readonly StatusSideWrite[];
  /** Items of another capability that commit with the decision (integrations: the alert that reported it, linked). */
  readonly extra?: readonly TransactItem[];
}

/** A condition of the commit failed: the board changed since it was read. Re-read and decide again. */
export class BoardChanged extends Error {}
/** The alarm event was already processed (the dedupe record exists). */
export class DuplicateEvent extends Error {}
/** The stored version of a component or maintenance differed from the one read. */
export class StaleWrite extends Error {}

export interface ComponentStore {
  /** The whole board: one consistent Query on its partition. */
  board(): Promise<BoardState>;
  commit(commit: StatusCommit): Promise<void>;

  getComponent(id: string): Promise<Component | undefined>;
  listComponents(): Promise<Component[]>;
  /** `expectedVersion` undefined: create (the id must be new). */
  putComponent(component: Component, expectedVersion?: number): Promise<void>;
  deleteComponent(component: Component): Promise<void>;

  getMaintenance(id: string): Promise<Maintenance | undefined>;
  listMaintenances(limit: number, cursor: string | undefined): Promise<Page<Maintenance>>;
  putMaintenance(maintenance: Maintenance, expectedVersion?: number): Promise<void>;

  /** Outages of a component resolved at or after `since`, oldest first. */
  outages(componentId: string, since: string): Promise<Outage[]>;

  alarmMappings(): Promise<AlarmMapping[]>;
  putAlarmMapping(mapping: AlarmMapping): Promise<void>;
  deleteAlarmMapping(mapping: AlarmMapping): Promise<void>;
  alarmState(alarmName: string): Promise<AlarmState | undefined>;
  /** The alarm links of an incident (one Query on its partition). */
  alarmLinks(incidentId: string): Promise<AlarmLink[]>;
  /** True if the alarm event id was processed before. */
  seenAlarmEvent(eventId: string): Promise<boolean>;
}
