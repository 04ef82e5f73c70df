/**
 * POST /v1/component_status, and the core the alarm handler shares: read the board (one Query),
 * resolve the component, decide in the pure domain function, commit with one conditional
 * transaction. A failed condition means someone else changed the board in between: re-read and
 * decide again (jittered back-off). Round trips on the happy path: one Query and one
 * TransactWriteItems; a new system incident adds one UpdateItem on the day sequence.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolveComponent, type Attribute, type Component } from '#shared/domain/components/component.ts';
import { componentStatus, decideComponentStatus, DEFAULT_STATUS_TEXT, type BoardState, type ChangeResult, type StatusDecision, type StatusImpact } from '#shared/domain/components/component-status.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { dayKey, incidentId, ulid } from '#shared/domain/ids.ts';
import type { Actor, Incident } from '#shared/domain/incidents/incident.ts';
import type { Maintenance } from '#shared/domain/components/maintenance.ts';
import { recordIncidentMetrics } from '#shared/observability.ts';
import { componentStatusName, type Impact } from '#shared/domain/severity.ts';
import { BoardChanged, type ComponentStatusEntry, type StatusCommit } from '#shared/store/components/component-store.ts';
import type { ComponentDeps } from '#shared/use-cases/components/deps.ts';

export interface ComponentStatusInput {
  readonly name: string;
  /** Names the component directly (the alarm path); `name` and `attributes` are then only for messages. */
  readonly componentId?: string | undefined;
  readonly impact: StatusImpact;
  readonly text?: string | undefined;
  readonly attributes?: readonly Attribute[] | undefined;
}

export type ComponentStatusOutcome =
  | { readonly result: 'maintenance'; readonly component: Component; readonly maintenance: Maintenance; readonly incident: null; readonly created: false }
  | { readonly result: 'unchanged'; readonly component: Component; readonly incident: Incident; readonly created: false }
  | { readonly result: ChangeResult; readonly component: Component; readonly incident: Incident; readonly created: boolean };

/**
 * Decisions give up after this many re-reads, or once this much time has passed (each re-read
 * means another writer got there first); the time budget stays under the 10 s function timeout.
 */
const MAX_ATTEMPTS = 200;
const TIME_BUDGET_MS = 8_000;
const BASE_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 1_500;

function byId(components: readonly Component[], id: string): Component {
  const component = components.find((c) => c.id === id);
  if (!component) throw new NotFoundError(`Unknown component: ${id} does not exist (deleted since it was mapped?).`, { componentId: id });
  return component;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Commits of this process that create a system incident, by impact. Concurrent decisions in one
 * process (the local server runs every request in one; a warm Lambda one at a time) wait for such
 * a commit instead of racing it: they would lose on the pointer anyway. Across processes the
 * pointer's condition decides, as before; this only saves the losers' id draw and transaction.
 */
const creating = new WeakMap<object, Map<StatusImpact, Promise<unknown>>>();

function creations(deps: ComponentDeps): Map<StatusImpact, Promise<unknown>> {
  let map = creating.get(deps.components);
  if (!map) creating.set(deps.components, (map = new Map<StatusImpact, Promise<unknown>>()));
  return map;
}

/**
 * What a decision left behind: its value or its error (a 409 is one), and whether the board it
 * was given may be stale now (it wrote, may have written, or found the board changed).
 */
type Decided<T> = ({ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error }) & { readonly stale: boolean };

interface Waiting {
  readonly arrived: number;
  readonly impact: StatusImpact;
  /** Runs `work` in the context the report arrived in: its deadline and its log keys (shared/deadline.ts, shared/observability.ts). */
  readonly inContext: <R>(work: () => R) => R;
  /** Decides on `board` (read after this report arrived) or on a read of its own; true if that board is stale now. */
  readonly run: (board: BoardState | undefined) => Promise<boolean>;
}

/** Each component's reports waiting in this process, while one of them is being decided. */
const lanes = new WeakMap<object, Map<string, Waiting[]>>();
let arrivals = 0;

/**
 * Runs the decisions about one component one after the other, and of the reports waiting, the one
 * of the highest impact first: in a storm, a component reported at 1, 2 and 3 at once joins the
 * impact-3 incident once instead of joining, being raised and then moved, and the other reports
 * find it there (409). The waiting reports are concurrent requests, so any order among them is a
 * valid one. The board the choice is made on is read after each candidate arrived (a report that
 * arrives while it is being read waits for the next read), and serves the decisions that follow
 * until one of them writes; so every decision still sees every write that completed before its
 * request came, and the reports that change nothing cost no read of their own.
 */
function oneAtATime<T>(deps: ComponentDeps, key: string, impact: StatusImpact, decide: (board: BoardState | undefined) => Promise<Decided<T>>): Promise<T> {
  let map = lanes.get(deps.components);
  if (!map) lanes.set(deps.components, (map = new Map<string, Waiting[]>()));
  const byKey = map;
  return new Promise<T>((resolve, reject) => {
    const inContext = AsyncLocalStorage.snapshot();
    const job: Waiting = {
      arrived: ++arrivals,
      impact,
      inContext,
      run: async (board) => {
        const done = await inContext(() => decide(board));
        if (done.ok) resolve(done.value);
        else reject(done.error);
        return done.stale;
      },
    };
    const queued = byKey.get(key);
    if (queued) return void queued.push(job);
    const waiting = [job];
    byKey.set(key, waiting);
    void (async () => {
      let board: BoardState | undefined;
      let mark = 0;
      while (waiting.length > 0) {
        if (!board) {
          // One turn of the event loop first: the reports that arrive together are chosen among together.
          await new Promise((done) => setImmediate(done));
          mark = arrivals;
          // Within the deadline of the report waiting longest; a failed read is the decision's to
          // report: it reads again itself, within its own.
          const oldest = waiting[0] as Waiting;
          board = await oldest.inContext(() => deps.components.board()).catch(() => undefined);
        }
        const eligible = waiting.filter((j) => j.arrived <= mark);
        const next = eligible.reduce<Waiting | undefined>((best, j) => (!best || j.impact > best.impact ? j : best), undefined);
        if (!next) {
          board = undefined;
          continue;
        }
        waiting.splice(waiting.indexOf(next), 1);
        if (await next.run(board)) board = undefined;
      }
      byKey.delete(key);
    })();
  });
}

/** Marks a creation at `impact` in flight until the returned function is called. */
function claim(map: Map<StatusImpact, Promise<unknown>>, impact: StatusImpact): () => void {
  let done!: () => void;
  const settled = new Promise<void>((resolve) => (done = resolve));
  map.set(impact, settled);
  return () => {
    if (map.get(impact) === settled) map.delete(impact);
    done();
  };
}

/** Contention outlasted the retry budget: nothing was written; the caller should retry later. */
export class ContentionError extends Error {
  constructor(readonly attempts: number) {
    super(`the component status changed under ${attempts} consecutive decisions; nothing was written`);
  }
}

export interface Attempt {
  readonly board: BoardState;
  readonly component: Component;
  readonly decision: Exclude<StatusDecision, { kind: 'needs-id' }>;
  readonly now: string;
}

/**
 * The loop: `finish` turns a decision into what to commit (nothing: return at once) and the value
 * to return once committed. It may throw (a 409 over HTTP).
 */
export function runComponentStatus<T>(
  deps: ComponentDeps,
  input: ComponentStatusInput,
  actor: Actor,
  finish: (attempt: Attempt) => { commit?: StatusCommit | undefined; value: T },
): Promise<T> {
  // Decisions about one component depend on each other (they serialize on its version): in one
  // process they run one after the other instead of racing to a lost transaction each, highest
  // impact first.
  const key = input.componentId ?? `${input.name}\u0000${JSON.stringify(input.attributes ?? [])}`;
  const deadline = Date.now() + (deps.budgetMs ?? TIME_BUDGET_MS);
  return oneAtATime(deps, key, input.impact, async (board): Promise<Decided<T>> => {
    const state = { stale: false, committing: false };
    try {
      const value = await decide({ deps, input, actor, finish, deadline, state }, board);
      return { ok: true, value, stale: state.stale };
    } catch (error) {
      // An error while committing may leave the write done (a deadline, a lost connection).
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)), stale: state.stale || state.committing };
    }
  });
}

/** One report's decision: what runComponentStatus was given, its deadline and what it left behind (`state`). */
interface DecisionRun<T> {
  readonly deps: ComponentDeps;
  readonly input: ComponentStatusInput;
  readonly actor: Actor;
  readonly finish: (attempt: Attempt) => { commit?: StatusCommit | undefined; value: T };
  readonly deadline: number;
  readonly state: { stale: boolean; committing: boolean };
}

async function decide<T>({ deps, input, actor, finish, deadline, state }: DecisionRun<T>, first: BoardState | undefined): Promise<T> {
  let newIncidentId: string | undefined;
  let read = first;
  for (let attempt = 1; ; attempt++) {
    const board = read ?? (await deps.components.board());
    read = undefined;
    const component = input.componentId !== undefined ? byId(board.components, input.componentId) : resolveComponent(board.components, input.name, input.attributes ?? []);
    const request = { component, impact: input.impact, text: input.text ?? DEFAULT_STATUS_TEXT };
    const clock = deps.now();
    const now = clock.toISOString();
    let decision = decideComponentStatus(board, request, { actor, now, link: deps.link, newIncidentId });
    let release: (() => void) | undefined;
    if (decision.kind === 'needs-id') {
      // Another decision of this process is creating the system incident of this impact: it is
      // about to exist, so wait for it and decide again on a fresh board (most likely a join)
      // instead of drawing an id and a transaction that would lose on the pointer.
      const inFlight = creations(deps).get(input.impact);
      if (inFlight) {
        if (Date.now() >= deadline) throw new ContentionError(attempt);
        await inFlight;
        state.stale = true;
        attempt--;
        continue;
      }
      release = claim(creations(deps), input.impact);
    }
    try {
      if (decision.kind === 'needs-id') {
        // The id of a new system incident: drawn once, kept for the retries that still need it.
        const day = dayKey(clock);
        newIncidentId = incidentId(day, await deps.incidents.nextSequence(day));
        decision = decideComponentStatus(board, request, { actor, now, link: deps.link, newIncidentId });
        if (decision.kind === 'needs-id') throw new Error('the decision asked for an incident id twice');
      }
      const { commit: decided, value } = finish({ board, component, decision, now });
      if (!decided) return value;
      const commit = decision.kind === 'change' ? withStatusEvent(decided, board, decision, actor, now) : decided;
      try {
        state.committing = true;
        await deps.components.commit(commit);
        state.stale = true;
        for (const w of commit.writes) recordIncidentMetrics(w.before, w.after);
        return value;
      } catch (error) {
        if (!(error instanceof BoardChanged)) throw error;
        state.committing = false;
        state.stale = true;
        if (attempt >= MAX_ATTEMPTS || Date.now() >= deadline) throw new ContentionError(attempt);
      }
    } finally {
      release?.();
    }
    // Exponential back-off with full jitter: losers spread out instead of colliding again.
    await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempt, 10)));
  }
}

/**
 * Adds the `component.status_changed` entry when the decision moves the component's effective
 * impact (the highest impact among the active incidents naming it), in the same transaction.
 */
function withStatusEvent(commit: StatusCommit, board: BoardState, decision: Extract<StatusDecision, { kind: 'change' }>, actor: Actor, now: string): StatusCommit {
  const before = componentStatus(board, decision.component.id, now);
  const to = Math.max(before.impact, decision.incident.impact) as Impact;
  if (to === before.impact && before.incident?.id === decision.incident.id) return commit;
  const { component } = decision;
  const entry: ComponentStatusEntry = {
    id: ulid(Date.parse(now)),
    type: 'component.status_changed',
    at: now,
    component_id: component.id,
    actor: { id: actor.id, name: actor.name, kind: actor.kind },
    message: `${component.name}: ${componentStatusName(before.impact, before.maintenance !== null)} → ${componentStatusName(to)} (${decision.incident.id})`,
    changes: { impact: { from: before.impact, to }, incident_id: { from: before.incident?.id ?? null, to: decision.incident.id } },
    component: { ...component, impact: to, status: componentStatusName(to), incident_id: decision.incident.id },
  };
  return { ...commit, side: [...(commit.side ?? []), { kind: 'componentEvent', entry }] };
}

/** The commit of a `change` decision: the component's version, the pointers, the incidents. */
export function changeCommit(decision: Extract<StatusDecision, { kind: 'change' }>): StatusCommit {
  return { component: { before: decision.componentBefore, after: decision.component }, writes: decision.writes, pointers: decision.pointers };
}

/** The HTTP API: an active incident already covering the component is a 409 naming it. */
export function reportComponentStatus(deps: ComponentDeps, input: ComponentStatusInput, actor: Actor): Promise<ComponentStatusOutcome> {
  return runComponentStatus<ComponentStatusOutcome>(deps, input, actor, ({ component, decision }) => {
    switch (decision.kind) {
      case 'maintenance':
        return { value: { result: 'maintenance', component, maintenance: decision.maintenance, incident: null, created: false } };
      case 'existing':
        throw new ConflictError(
          `Component '${component.name}' is already in active incident ${decision.incident.id} ('${decision.incident.title}') with impact ${decision.incident.impact} (requested ${input.impact}); nothing changed.`,
          { existingIncidentId: decision.incident.id, existingIncidentTitle: decision.incident.title, existingIncidentImpact: decision.incident.impact, componentId: component.id },
        );
      case 'change':
        return { commit: changeCommit(decision), value: { result: decision.result, component: decision.component, incident: decision.incident, created: decision.created } };
    }
  });
}
