/**
 * POST /v1/component_status, and the core the alarm handler shares: read the board (one Query),
 * resolve the component, decide in the pure domain function, commit with one conditional
 * transaction. A failed condition means someone else changed the board in between: re-read and
 * decide again (jittered back-off). Round trips on the happy path: one Query and one
 * TransactWriteItems; a new system incident adds one UpdateItem on the day sequence.
 */
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

/** The tail of each component's queue of decisions in this process. */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

function oneAtATime<T>(deps: ComponentDeps, key: string, run: () => Promise<T>): Promise<T> {
  let map = queues.get(deps.components);
  if (!map) queues.set(deps.components, (map = new Map<string, Promise<unknown>>()));
  const queue = map;
  const previous = queue.get(key) ?? Promise.resolve();
  const result = previous.then(run, run);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queue.set(key, tail);
  void tail.then(() => {
    if (queue.get(key) === tail) queue.delete(key);
  });
  return result;
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
  // process they run one after the other instead of racing to a lost transaction each.
  const key = input.componentId ?? `${input.name}\u0000${JSON.stringify(input.attributes ?? [])}`;
  const deadline = Date.now() + (deps.budgetMs ?? TIME_BUDGET_MS);
  return oneAtATime(deps, key, () => decide(deps, input, actor, finish, deadline));
}

async function decide<T>(
  deps: ComponentDeps,
  input: ComponentStatusInput,
  actor: Actor,
  finish: (attempt: Attempt) => { commit?: StatusCommit | undefined; value: T },
  deadline: number,
): Promise<T> {
  let newIncidentId: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const board = await deps.components.board();
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
        await deps.components.commit(commit);
        for (const w of commit.writes) recordIncidentMetrics(w.before, w.after);
        return value;
      } catch (error) {
        if (!(error instanceof BoardChanged)) throw error;
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
