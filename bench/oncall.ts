/**
 * Who is on call: the cost must not grow with a rotation's age (no walking shift by shift from the
 * start). Two schedules that differ only in when their rotation started, five years ago and
 * yesterday, both hourly (the most hand-offs per year) in Europe/Berlin (DST changes in between):
 * the pure function `onCallAt` (what `whoIsOnCall` computes after its one GetItem) is timed on the
 * same instants for both, in alternating blocks (A B B A …) so drift cancels out, and the use case
 * `whoIsOnCall` over an in-memory store is timed the same way (its extra cost is the await).
 *
 * Goal: p50(5 years) / p50(yesterday) ≤ 1.2.
 *
 * The zone offsets of the days around the instants are cached after the first call (rotation.ts
 * `offsetAt`); a cold lookup adds a few Intl offset calls whatever the rotation's age.
 */
import { handoff, onCallAt, shiftIndexAt } from '#shared/domain/paging/rotation.ts';
import { newSchedule, type Schedule } from '#shared/domain/paging/schedule.ts';
import type { PagingStore } from '#shared/store/paging/paging-store.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { whoIsOnCall } from '#shared/use-cases/paging/who-is-on-call.ts';
import { blockOrder } from './harness.ts';
import { progress, round, summarize, type Stats } from './stats.ts';

export const ONCALL_RATIO_LIMIT = 1.2;

export interface OnCallResult {
  readonly callsPerSample: number;
  readonly samplesPerSide: number;
  readonly rotation: string;
  /** µs per call. */
  readonly pure: { readonly old: Stats; readonly recent: Stats; readonly ratioP50: number };
  readonly useCase: { readonly old: Stats; readonly recent: Stats; readonly ratioP50: number };
  readonly checked: boolean;
}

const localDateTime = (date: Date): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date).replace(' ', 'T');

function scheduleStartingAt(id: string, start: Date): Schedule {
  const participants = Array.from({ length: 7 }, (_, i) => `person-${i}`);
  return newSchedule(id, { name: id, rotations: [{ participants, shift_type: 'hourly', start: localDateTime(start), time_zone: 'Europe/Berlin' }] }, 'bench', new Date().toISOString());
}

/** Only what `whoIsOnCall` calls: the schedule by id. */
function memoryStore(schedules: readonly Schedule[]): PagingStore {
  const byId = new Map(schedules.map((s) => [s.id, s]));
  const unused = (): never => {
    throw new Error('not used by the benchmark');
  };
  return {
    getSchedule: (id: string) => Promise.resolve(byId.get(id)),
    getTeam: unused,
    getTeams: unused,
    listTeams: unused,
    putTeam: unused,
    deleteTeam: unused,
    listSchedules: unused,
    putSchedule: unused,
    deleteSchedule: unused,
    referencesTo: unused,
    getCalendarSecret: unused,
    putCalendarSecret: unused,
    deleteCalendarSecret: unused,
  };
}

export async function measureOnCall(options: { quick: boolean }): Promise<OnCallResult> {
  const now = Date.now();
  const old = scheduleStartingAt('SCH-OLD', new Date(now - 5 * 365.25 * 86_400_000));
  const recent = scheduleStartingAt('SCH-RECENT', new Date(now - 86_400_000));
  const deps: PagingDeps = { paging: memoryStore([old, recent]), now: () => new Date(now) };
  const callsPerSample = 200;
  const samplesPerSide = options.quick ? 60 : 400;
  const blockSize = 20;
  // The same instants for both sides: spread over the last 20 hours (after both starts).
  const instants = Array.from({ length: callsPerSample }, (_, i) => now - 20 * 3_600_000 + Math.floor((i * 20 * 3_600_000) / callsPerSample) + (i % 7) * 1_000);
  const isoInstants = instants.map((t) => new Date(t).toISOString());

  // Both rotations hand off at the same wall-clock minute, so their shift indexes differ by a
  // constant: a jump that lands on the wrong shift would be cheap and wrong, and this catches it.
  const offsets = new Set<number>();
  let checked = true;
  for (const t of instants) {
    const [ko, kr] = [shiftIndexAt(old.rotations[0]!, t), shiftIndexAt(recent.rotations[0]!, t)];
    offsets.add(ko - kr);
    const rotation = old.rotations[0]!;
    if (!(handoff(rotation, ko) <= t && t < handoff(rotation, ko + 1)) || onCallAt(old, t)[0] !== rotation.participants[ko % 7]) checked = false;
  }
  if (offsets.size !== 1) checked = false;

  const pureSample = (schedule: Schedule) => (): number => {
    const t0 = performance.now();
    for (const t of instants) onCallAt(schedule, t);
    return ((performance.now() - t0) * 1000) / callsPerSample;
  };
  const useCaseSample = (id: string) => async (): Promise<number> => {
    const t0 = performance.now();
    for (const at of isoInstants) await whoIsOnCall(deps, id, at);
    return ((performance.now() - t0) * 1000) / callsPerSample;
  };

  const run = async (a: () => number | Promise<number>, b: () => number | Promise<number>) => {
    for (let i = 0; i < 20; i++) {
      await a();
      await b();
    }
    const samples = { a: [] as number[], b: [] as number[] };
    for (const side of blockOrder(Math.ceil(samplesPerSide / blockSize))) {
      for (let i = 0; i < blockSize; i++) samples[side].push(await (side === 'a' ? a : b)());
    }
    const sa = summarize(samples.a);
    const sb = summarize(samples.b);
    return { old: sa, recent: sb, ratioP50: round(sa.p50 / sb.p50, 3) };
  };

  progress('oncall: pure function, 5 years vs yesterday');
  const pure = await run(pureSample(old), pureSample(recent));
  progress('oncall: use case, 5 years vs yesterday');
  const useCase = await run(useCaseSample(old.id), useCaseSample(recent.id));
  progress(`oncall: p50 ratio pure ${pure.ratioP50}, use case ${useCase.ratioP50}`);
  return { callsPerSample, samplesPerSide, rotation: 'hourly, 7 participants, Europe/Berlin', pure, useCase, checked };
}
