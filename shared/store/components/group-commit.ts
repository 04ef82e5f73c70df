/**
 * Group commit of component-status decisions: one TransactWriteItems in flight per store; the
 * decisions committed while it is in flight are sent together in the next one.
 *
 * Why: an alarm storm in one process (the local server, a bench run, a function that handles a
 * batch of alarms) is dozens of decisions per second, each one transaction of about six items.
 * DynamoDB Local runs transactions one at a time (tens of ms each), so 80 transactions queue for
 * seconds. Sent together they cost a few transactions. On AWS, where each Lambda invocation handles
 * one request, every batch holds one decision and nothing changes.
 *
 * What may share a transaction: items with different keys, concatenated; and joins and leaves of
 * different components on the same system incident (and its board copy), merged into one update —
 * they commute (see `membershipItems` in dynamo-component-store.ts). Any other key two decisions
 * share (a pointer, the summary, a component) sends the later decision in the next transaction.
 *
 * A cancelled transaction is mapped back to the decisions: a failed item that belongs to one
 * decision fails that decision (as if it had been sent alone); the decisions whose items all passed
 * are sent again; a failed merged update sends its decisions again one by one (`alone`), so that the
 * one whose condition failed is found and the others still commit. Nothing is ever half-written:
 * a decision's items are in exactly one transaction that commits or does not.
 *
 * Deadlines (shared/deadline.ts): a decision whose caller runs out of time is rejected at once and
 * taken out of the queue if it was not sent yet; the transaction itself runs until every decision
 * in it has run out of time (or without a deadline if one of them has none).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Member } from '#shared/domain/components/component-status.ts';
import { ACTIVE_STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { currentAbortSignal, runWithSignal } from '#shared/deadline.ts';
import { db, tableName } from '#shared/store/client.ts';
import type { TransactItem } from '#shared/store/transact.ts';

/** A component joining or leaving a system incident: one update of the incident item or of its board copy. */
export interface MembershipPart {
  readonly kind: 'membership';
  readonly key: { readonly pk: string; readonly sk: string };
  /** The incident item is conditional on being an active system incident of `impact`; its board copy only on existing. */
  readonly target: 'incident' | 'board';
  readonly impact: number;
  readonly now: string;
  readonly join?: { readonly component: string; readonly member: Member } | undefined;
  readonly leave?: string | undefined;
}

export type CommitPart = { readonly kind: 'item'; readonly item: TransactItem } | MembershipPart;

export type CancellationCode = string | undefined;

export interface GroupedCommit {
  readonly parts: readonly CommitPart[];
  /** Joins and creations commute with their peers: a TransactionConflict is retried with the same items. */
  readonly commutes: boolean;
  /** The error of a transaction cancelled by this decision's own items (`codes` aligned with `parts`). */
  readonly cancelled: (error: TransactionCanceledException, codes: readonly CancellationCode[]) => Error;
}

/** DynamoDB's limit of items per transaction. */
const MAX_ITEMS = 100;
/** Below the 4 MB a transaction may write, in JSON characters (a close over-estimate of item size). */
const MAX_CHARS = 3_000_000;
/** Members set or removed by one merged update: keeps every expression far below DynamoDB's 4 KB. */
const MAX_MERGED = 24;
/** A commuting decision retries a TransactionConflict this often (real DynamoDB only). */
const MAX_CONFLICT_RETRIES = 10;

interface Pending {
  readonly commit: GroupedCommit;
  readonly keys: readonly string[];
  readonly chars: number;
  readonly signal: AbortSignal | undefined;
  conflicts: number;
  /**
   * Sent in a transaction of its own: after a merged update it shared failed its condition, or
   * after a cancellation without per-item reasons, so that its own outcome is known.
   */
  alone: boolean;
  settled: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One item of the transaction being built, and the decisions (with their part index) that wrote it. */
interface Slot {
  readonly owners: { pending: Pending; part: number }[];
  readonly parts: CommitPart[];
}

const keyOf = (part: CommitPart): string => {
  if (part.kind === 'membership') return `${part.key.pk}\u0000${part.key.sk}`;
  const { item } = part;
  const key = (item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? {}) as Record<string, unknown>;
  return `${String(key.pk)}\u0000${String(key.sk)}`;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signal that aborts once every one of `signals` has (none if one of them is missing). */
function whenAllAborted(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  if (signals.some((s) => s === undefined)) return undefined;
  const controller = new AbortController();
  let left = signals.length;
  for (const signal of signals as AbortSignal[]) {
    const onAbort = () => {
      if (--left === 0) controller.abort(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  return controller.signal;
}

/** The one update that sets and removes the members of `parts` (same key, target and impact). */
export function membershipUpdate(parts: readonly MembershipPart[]): TransactItem {
  const [first] = parts;
  if (!first) throw new Error('membershipUpdate needs a part');
  const names: Record<string, string> = { '#members': 'members', '#updated': 'updated_at', '#version': 'version' };
  const values: Record<string, unknown> = { ':now': parts.reduce((max, p) => (p.now > max ? p.now : max), first.now), ':changes': parts.length };
  const set: string[] = [];
  const remove: string[] = [];
  const conditions: string[] = [];
  const joins = parts.flatMap((p) => (p.join ? [p.join] : []));
  parts.forEach((p, i) => {
    names[`#c${i}`] = p.join?.component ?? p.leave ?? '';
    if (p.join) {
      values[`:m${i}`] = p.join.member;
      set.push(`#members.#c${i} = :m${i}`);
      conditions.push(`attribute_not_exists(#members.#c${i})`);
    } else {
      remove.push(`#members.#c${i}`);
      conditions.push(`attribute_exists(#members.#c${i})`);
    }
  });
  if (joins.length > 0) {
    Object.assign(names, { '#components': 'components', '#services': 'affected_services', '#regions': 'affected_regions' });
    Object.assign(values, { ':components': joins.map((j) => j.component), ':services': joins.map((j) => j.member.name), ':regions': joins.flatMap((j) => [...j.member.regions]) });
    set.push('#components = list_append(#components, :components)', '#services = list_append(#services, :services)', '#regions = list_append(#regions, :regions)');
    conditions.unshift('attribute_exists(#members)');
  }
  const leaves = parts.length - joins.length;
  // A leave keeps company: the incident still has a member once these leaves are done.
  if (leaves > 0) conditions.push('size(#members) > :leaves');
  set.push('#updated = :now');
  const update = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''} ADD #version :changes`;
  if (first.target === 'board') {
    return { Update: { TableName: tableName, Key: first.key, UpdateExpression: update, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
  }
  const statuses = ACTIVE_STATUSES.map((_, i) => `:s${i}`);
  return {
    Update: {
      TableName: tableName,
      Key: first.key,
      UpdateExpression: update,
      ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deleted_at) AND #system = :true AND #impact = :impact AND #status IN (${statuses.join(', ')}) AND ${conditions.join(' AND ')}`,
      ExpressionAttributeNames: { ...names, '#system': 'system', '#impact': 'impact', '#status': 'status' },
      ExpressionAttributeValues: { ...values, ...(leaves > 0 ? { ':leaves': leaves } : {}), ':true': true, ':impact': first.impact, ...Object.fromEntries(ACTIVE_STATUSES.map((s, i) => [`:s${i}`, s])) },
    },
  };
}

/** Whether `part` may share `slot`'s item: joins and leaves of different components on one incident item or board copy. */
function merges(slot: Slot, part: CommitPart): boolean {
  const [first] = slot.parts;
  if (part.kind !== 'membership' || first?.kind !== 'membership') return false;
  if (slot.parts.length >= MAX_MERGED || first.target !== part.target || first.impact !== part.impact) return false;
  const component = part.join?.component ?? part.leave;
  return (slot.parts as MembershipPart[]).every((p) => (p.join?.component ?? p.leave) !== component);
}

const render = (slot: Slot): TransactItem => {
  const [part] = slot.parts;
  if (!part) throw new Error('empty slot');
  return part.kind === 'item' ? part.item : membershipUpdate(slot.parts as MembershipPart[]);
};

export class GroupCommit {
  private queue: Pending[] = [];
  private sending = false;

  /** Commits `commit`'s items in the next transaction they fit in; settles when it has committed or failed. */
  submit(commit: GroupedCommit): Promise<void> {
    const signal = currentAbortSignal();
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = {
        commit,
        keys: commit.parts.map(keyOf),
        chars: commit.parts.reduce((n, p) => n + JSON.stringify(p).length, 0),
        signal,
        conflicts: 0,
        alone: false,
        settled: false,
        resolve: () => settle(() => resolve()),
        reject: (error) => settle(() => reject(error)),
      };
      const onAbort = () => {
        this.queue = this.queue.filter((p) => p !== pending);
        pending.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const settle = (done: () => void) => {
        if (pending.settled) return;
        pending.settled = true;
        signal?.removeEventListener('abort', onAbort);
        done();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.enqueue([pending]);
    });
  }

  private enqueue(pending: Pending[], front = false): void {
    const live = pending.filter((p) => !p.settled);
    this.queue = front ? [...live, ...this.queue] : [...this.queue, ...live];
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    // The decisions of this turn of the event loop go together; the sends run in no caller's context.
    setImmediate(() => void runWithSignal(undefined, () => this.drain()));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.send(this.take());
    } finally {
      this.sending = false;
    }
  }

  /**
   * The next transaction: the queue's decisions in order, each if its items fit with the ones
   * before; a decision marked `alone` only in a transaction of its own.
   */
  private take(): Slot[] {
    const slots = new Map<string, Slot>();
    const rest: Pending[] = [];
    let chars = 0;
    let closed = false;
    for (const pending of this.queue) {
      let fits = !closed && (!pending.alone || slots.size === 0) && (slots.size === 0 || chars + pending.chars <= MAX_CHARS);
      let added = 0;
      pending.commit.parts.forEach((part, i) => {
        const slot = slots.get(pending.keys[i] ?? '');
        if (!slot) added++;
        else if (!merges(slot, part)) fits = false;
      });
      if (slots.size > 0 && slots.size + added > MAX_ITEMS) fits = false;
      if (!fits) {
        rest.push(pending);
        continue;
      }
      closed = pending.alone;
      chars += pending.chars;
      pending.commit.parts.forEach((part, i) => {
        const key = pending.keys[i] ?? '';
        const slot = slots.get(key);
        if (slot) {
          slot.parts.push(part);
          slot.owners.push({ pending, part: i });
        } else slots.set(key, { parts: [part], owners: [{ pending, part: i }] });
      });
    }
    this.queue = rest;
    return [...slots.values()];
  }

  private async send(slots: Slot[]): Promise<void> {
    const owners = [...new Set(slots.flatMap((s) => s.owners.map((o) => o.pending)))].filter((p) => !p.settled);
    if (owners.length === 0) return;
    try {
      await runWithSignal(whenAllAborted(owners.map((p) => p.signal)), () => db.send(new TransactWriteCommand({ TransactItems: slots.map(render) })));
      for (const pending of owners) pending.resolve();
    } catch (error) {
      if (error instanceof TransactionCanceledException) return this.cancelled(owners, error, slots);
      for (const pending of owners) pending.reject(error as Error);
    }
  }

  /**
   * A cancelled transaction, decision by decision: one whose own item failed its condition, or any
   * item of it failed otherwise (throttling), fails; one whose items all passed is sent again; one
   * that shared a merged update that failed is sent again on its own; a conflict of a commuting
   * decision is retried after a back-off. Without per-item reasons several decisions are each sent
   * again on their own, and one sent alone fails.
   */
  private cancelled(owners: Pending[], error: TransactionCanceledException, slots: Slot[]): void {
    const reasons = error.CancellationReasons ?? [];
    if (reasons.length !== slots.length && owners.length > 1) {
      for (const pending of owners) pending.alone = true;
      return this.enqueue(owners, true);
    }
    const again: Pending[] = [];
    for (const pending of owners) {
      const codes = pending.commit.parts.map(() => undefined as CancellationCode);
      let mergedFailed = false;
      let ownFailed = false;
      slots.forEach((slot, i) => {
        const code = reasons[i]?.Code;
        for (const owner of slot.owners) {
          if (owner.pending !== pending) continue;
          codes[owner.part] = code;
          if (code === 'ConditionalCheckFailed') {
            if (slot.owners.length > 1) mergedFailed = true;
            else ownFailed = true;
          }
        }
      });
      const failed = codes.filter((c) => c && c !== 'None');
      if (failed.length === 0 && owners.length > 1) again.push(pending);
      else if (ownFailed || failed.length === 0 || failed.some((c) => c !== 'ConditionalCheckFailed' && c !== 'TransactionConflict')) pending.reject(pending.commit.cancelled(error, codes));
      else if (mergedFailed) {
        pending.alone = true;
        again.push(pending);
      } else if (pending.commit.commutes && pending.conflicts < MAX_CONFLICT_RETRIES) this.retryLater(pending);
      else pending.reject(pending.commit.cancelled(error, codes));
    }
    this.enqueue(again, true);
  }

  private retryLater(pending: Pending): void {
    const delay = Math.random() * 10 * 2 ** Math.min(pending.conflicts, 6);
    pending.conflicts++;
    void sleep(delay).then(() => this.enqueue([pending], true));
  }
}
