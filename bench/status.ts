/**
 * Public status answers on a 1,000-incident table and on a 20,000-incident table (issue 10's
 * goals): the summary, Statuspage incidents.json, the RSS feed and a per-incident feed; p50 of
 * each at both sizes and the DynamoDB items each answer reads against what it shows. Each size
 * has its own worker process (bench/status-child.ts) and table in one emulator; the parent
 * alternates measurement blocks between them (A B B A …) so that drift of the emulator or of the
 * machine's load touches both sizes alike. The few active incidents are the same at both sizes:
 * only the table's size differs. Each answer's DynamoDB reads are also recorded once and replayed
 * directly on a raw client (one after another), in the same alternating blocks, so the report
 * gives the answers' ratio and their ratio beyond the emulator's. The tables have no stream
 * (bench/harness.ts ensureReadTable): with one, DynamoDB Local's reads slowed down on the larger
 * table (the same 2 reads of the incident feed 1.9 ×, measured 2026-12-02).
 * Each size is measured by a fresh worker after seeding, so the seeding's heap weighs on neither.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ForkedWorker } from './forked-worker.ts';
import { blockOrder, handlerEnv } from './harness.ts';
import type { Goal } from './report.ts';
import { progress, round, summarize } from './stats.ts';
import type { CaseResult, StatusRequest } from './status-child.ts';

export interface StatusBenchArgs {
  readonly endpoint: string;
  readonly sizes: readonly number[];
  readonly iterations: number;
  readonly warmup: number;
  readonly blockSize: number;
  readonly seedConcurrency: number;
  readonly ratioLimit: number;
}

export interface StatusSize {
  readonly incidents: number;
  readonly seedSeconds: number;
  readonly cases: CaseResult[];
}

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'status-child.ts');
class Worker extends ForkedWorker<StatusRequest> {
  constructor(label: string, env: Record<string, string>) {
    super(workerFile, `status worker ${label}`, env);
  }
}

export async function measureStatus(args: StatusBenchArgs): Promise<{ sizes: StatusSize[]; ratioLimit: number }> {
  const [small, large] = args.sizes;
  if (small === undefined || large === undefined) throw new Error('measureStatus needs two sizes');
  const env = { a: handlerEnv(args.endpoint, `bench-status-${small}`), b: handlerEnv(args.endpoint, `bench-status-${large}`) };
  const workers = { a: new Worker(`${small}`, env.a), b: new Worker(`${large}`, env.b) };
  try {
    await Promise.all([workers.a.ready, workers.b.ready]);
    const seeded: Record<'a' | 'b', { seedSeconds: number; activeIds: string[]; cases: string[] }> = { a: { seedSeconds: 0, activeIds: [], cases: [] }, b: { seedSeconds: 0, activeIds: [], cases: [] } };
    for (const [side, size] of [['a', small], ['b', large]] as const) {
      progress(`status: seeding ${size} incidents`);
      seeded[side] = await workers[side].call({ kind: 'seed', size, seedConcurrency: args.seedConcurrency });
      // Measured by a fresh process: the seeding worker's heap (20,000 incidents built in memory)
      // made its every answer slower, the incident feed's 2 reads 1.7× slower, which is the
      // bench's cost, not the table's.
      workers[side].kill();
      workers[side] = new Worker(`${size}`, env[side]);
      await workers[side].ready;
      await workers[side].call({ kind: 'adopt', activeIds: seeded[side].activeIds });
    }
    // Each case's answers, and the same reads made directly (the emulator's own share), in alternating blocks.
    const samples: Record<'a' | 'b', Map<string, number[]>> = { a: new Map(), b: new Map() };
    const bare: Record<'a' | 'b', Map<string, number[]>> = { a: new Map(), b: new Map() };
    for (const caseName of seeded.a.cases) {
      for (const side of ['a', 'b'] as const) {
        await workers[side].call({ kind: 'block', caseName, n: args.warmup });
        await workers[side].call({ kind: 'bare', caseName, n: args.warmup });
      }
      const blocks = Math.max(1, Math.ceil(args.iterations / args.blockSize / 2));
      for (const side of blockOrder(blocks)) {
        const got = await workers[side].call<number[]>({ kind: 'block', caseName, n: args.blockSize });
        samples[side].set(caseName, [...(samples[side].get(caseName) ?? []), ...got]);
        const direct = await workers[side].call<number[]>({ kind: 'bare', caseName, n: args.blockSize });
        bare[side].set(caseName, [...(bare[side].get(caseName) ?? []), ...direct]);
      }
    }
    const sizes: StatusSize[] = [];
    for (const [side, size] of [['a', small], ['b', large]] as const) {
      const probes = await workers[side].call<Omit<CaseResult, 'latency_ms' | 'direct_ms'>[]>({ kind: 'probe' });
      const cases = probes.map((p) => ({ ...p, latency_ms: summarize(samples[side].get(p.case) ?? []), direct_ms: summarize(bare[side].get(p.case) ?? []) }));
      for (const c of cases) progress(`status ${size}: ${c.case.padEnd(28)} p50 ${c.latency_ms.p50.toFixed(1)} ms (its reads made directly ${c.direct_ms.p50.toFixed(1)} ms), ${c.itemsRead} items read for ${c.shown} shown`);
      sizes.push({ incidents: size, seedSeconds: seeded[side].seedSeconds, cases });
    }
    return { sizes, ratioLimit: args.ratioLimit };
  } finally {
    workers.a.kill();
    workers.b.kill();
  }
}

/** Two rows of the Goals table: the p50 ratio (worst case) and the items read per answer. */
export function statusGoals(result: { sizes: StatusSize[]; ratioLimit: number }): Goal[] {
  const [small, large] = result.sizes;
  if (!small || !large) return [];
  const ratios = large.cases.map((c) => {
    const base = small.cases.find((s) => s.case === c.case);
    const ratio = base ? c.latency_ms.p50 / base.latency_ms.p50 : Number.POSITIVE_INFINITY;
    // The emulator's own growth: the same reads, made directly, at both sizes.
    const direct = base ? c.direct_ms.p50 / base.direct_ms.p50 : Number.POSITIVE_INFINITY;
    return { case: c.case, ratio, direct, beyond: ratio / direct };
  });
  const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const worstBeyond = ratios.reduce((a, b) => (b.beyond > a.beyond ? b : a));
  // Feeds and the summary read what they show (+1 for a month step); incidents.json also reads its
  // context (components with their status: the active incidents and maintenance windows).
  const reads = large.cases.map((c) => {
    const base = small.cases.find((s) => s.case === c.case);
    return { case: c.case, read: c.itemsRead, shown: c.shown, sameAsSmall: base !== undefined && c.itemsRead <= base.itemsRead + 1 };
  });
  // status (site): the status page also reads its context (the component list, one outage Query per component).
  const strict = reads.filter((r) => r.case !== 'statuspage incidents.json' && r.case !== 'status page (HTML)');
  const readsPass = reads.every((r) => r.sameAsSmall) && strict.every((r) => r.read <= r.shown + 1);
  return [
    {
      id: 'status-p50-ratio',
      goal: `Public status (summary, incidents.json, RSS feed, incident feed): p50 at ${large.incidents.toLocaleString('en')} incidents ≤ ${result.ratioLimit} × p50 at ${small.incidents.toLocaleString('en')}`,
      measured: `worst ${round(worst.ratio, 2)} × (${worst.case}); ${ratios.map((r) => `${r.case} ${round(r.ratio, 2)} (its reads made directly ${round(r.direct, 2)})`).join(', ')}`,
      value: round(worst.ratio, 3),
      limit: result.ratioLimit,
      pass: worst.ratio <= result.ratioLimit,
    },
    {
      id: 'status-p50-ratio-beyond-emulator',
      goal: `Public status: the answers' p50 ratio (${large.incidents.toLocaleString('en')} / ${small.incidents.toLocaleString('en')}) over the ratio of the same DynamoDB reads made directly ≤ ${result.ratioLimit} (the service's own growth, DynamoDB Local's taken out)`,
      measured: `worst ${round(worstBeyond.beyond, 2)} (${worstBeyond.case}); ${ratios.map((r) => `${r.case} ${round(r.beyond, 2)}`).join(', ')}`,
      value: round(worstBeyond.beyond, 3),
      limit: result.ratioLimit,
      pass: worstBeyond.beyond <= result.ratioLimit,
    },
    {
      id: 'status-items-read',
      goal: 'Public status: DynamoDB items read per answer ≤ items shown + 1 (incidents.json: + its components context), the same at both table sizes',
      measured: reads.map((r) => `${r.case} ${r.read}/${r.shown}`).join(', '),
      value: Math.max(...strict.map((r) => r.read - r.shown)),
      limit: 1,
      pass: readsPass,
    },
  ];
}
