/**
 * What escalation needs from storage: policies, an incident's running escalation and step runs,
 * timer items, used acknowledge links. shared/store/paging/dynamo-escalation-store.ts implements it.
 *
 * Writes that go with an incident change are handed to the incident store as `extra` items of its
 * transaction (`writeItems`), so an escalation step, its timeline entry and its next timer commit
 * atomically.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import type { Escalation, EscalationPolicy, StepRun, Timer, TimerKind, TimerRef } from '#shared/domain/paging/escalation.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { TransactItem } from '#shared/store/transact.ts';

/** The starter reads at most this many policies (one partition, one paginated Query). */
export const MAX_POLICIES = 500;

export interface EscalationWrite {
  /** The escalation after the change; `expectedVersion` 0 = it must not exist yet. */
  readonly escalation?: { readonly after: Escalation; readonly expectedVersion: number };
  readonly run?: StepRun;
  /** Timer items to (re)arm: each replaces the pending timer of its (incident, kind). */
  readonly arm?: readonly Timer[];
  /** Timers that must still be pending with this token and sequence; they become fired / cancelled. */
  readonly settle?: readonly { readonly ref: TimerRef; readonly state: 'fired' | 'cancelled' }[];
}

export interface FiringContext {
  readonly incident: Incident | undefined;
  readonly escalation: Escalation | undefined;
  readonly timers: Partial<Record<TimerKind, Timer>>;
}

/** A write whose condition failed: someone else already did it (a timer fired twice, a concurrent step). */
export class EscalationWriteRejected extends Error {}

export interface EscalationStore {
  listPolicies(): Promise<EscalationPolicy[]>;
  getPolicy(id: string): Promise<EscalationPolicy | undefined>;
  createPolicy(policy: EscalationPolicy): Promise<void>;
  /** Replaces the policy if it is still at `expectedVersion`; false otherwise. */
  replacePolicy(policy: EscalationPolicy, expectedVersion: number): Promise<boolean>;
  deletePolicy(id: string): Promise<boolean>;

  /** Incident, escalation and the named timers in ONE consistent round trip (BatchGetItem). */
  load(incidentId: string, kinds: readonly TimerKind[]): Promise<FiringContext>;
  /** The transaction items of a write (for the incident store's `extra`). */
  writeItems(write: EscalationWrite): TransactItem[];
  /** A write without an incident change, in one transaction; EscalationWriteRejected when a condition fails. */
  commit(write: EscalationWrite): Promise<void>;
  listRuns(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<StepRun>>;

  /**
   * Arms `timer` unless the pending timer of its (incident, kind) has a newer token (tokens are
   * ULIDs: auto-resolve uses the id of the event that pushed it back, so a late event cannot pull
   * it forward). Returns the timer it replaced, if it was pending.
   */
  armIfNewer(timer: Timer): Promise<{ armed: boolean; replaced: Timer | undefined }>;
  /** Pending timers due at or before `until`, earliest first (the local scheduler's poll). */
  dueTimers(until: string, limit: number): Promise<Timer[]>;

  /** Records a used acknowledge link; false when it was used before. */
  ackLinkUsed(nonceHash: string): Promise<{ used_at: string } | undefined>;
  useAckLink(nonceHash: string, details: { incident: string; user: string; at: string; ttl: number }): Promise<boolean>;
}
