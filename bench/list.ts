/**
 * GET /v1/incidents on a 1,000-incident table and on a 20,000-incident table, both in the same
 * DynamoDB Local (same JIT and GC state, so only the table size differs). Each table gets its own
 * child process (the table name is fixed at module load); the parent alternates measurement blocks
 * between them so emulator drift touches both sizes alike.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ForkedWorker } from './forked-worker.ts';
import { blockOrder, handlerEnv } from './harness.ts';
import { LIST_CASES, LIST_LIMIT, type ListCase, type ProbeReport, type SeedReport, type WorkerRequest } from './list-protocol.ts';
import { progress, round, summarize, type Stats } from './stats.ts';

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'list-worker.ts');
class Worker extends ForkedWorker<WorkerRequest> {
  constructor(label: string, env: Record<string, string>) {
    super(workerFile, `list worker ${label}`, env);
  }
}

export interface ListOptions {
  /** One DynamoDB Local holding both tables (their streams are turned off, see list-worker.ts). */
  readonly endpoint: string;
  readonly sizes: readonly number[];
  readonly iterations: number;
  readonly warmup: number;
  readonly blockSize: number;
  readonly seedConcurrency: number;
  /** Seeding through the store switches to BatchWrite when it would take longer than this. */
  readonly storeBudgetSeconds: number;
}

export interface ListSizeResult {
  readonly incidents: number;
  readonly table: string;
  readonly seed: SeedReport;
  readonly cases: Record<ListCase, Stats & { samples: number[] }>;
  readonly probes: ProbeReport[];
}

export interface ListResult {
  readonly limit: number;
  readonly iterations: number;
  readonly warmup: number;
  readonly blockSize: number;
  readonly sizes: ListSizeResult[];
  /** p50 of the largest table / p50 of the smallest, per case. */
  readonly ratioP50: Record<ListCase, number>;
}

export async function measureList(options: ListOptions): Promise<ListResult> {
  if (options.sizes.length !== 2) throw new Error('measureList compares exactly two table sizes');
  const workers = options.sizes.map((n) => new Worker(`${n}`, handlerEnv(options.endpoint, `bench-list-${n}`)));
  try {
    await Promise.all(workers.map((w) => w.ready));
    const seeds: SeedReport[] = [];
    for (const [i, worker] of workers.entries()) {
      const count = options.sizes[i] as number;
      progress(`list: seeding ${count} incidents into bench-list-${count} (store.create, concurrency ${options.seedConcurrency})`);
      const report = await worker.call<SeedReport>({ type: 'seed', count, concurrency: options.seedConcurrency, storeBudgetSeconds: options.storeBudgetSeconds });
      progress(
        `list: seeded ${count} in ${report.seconds} s (${report.perSecond}/s; ${report.viaStore} via store, ${report.viaBatchWrite} via BatchWrite), ${report.openInCurrentMonth} open this month`,
      );
      seeds.push(report);
    }
    for (const worker of workers) await worker.call({ type: 'warmup', n: options.warmup });
    progress(`list: warm-up done (${options.warmup} per case per table)`);

    const samples = workers.map(() => Object.fromEntries(LIST_CASES.map((c) => [c, [] as number[]])) as Record<ListCase, number[]>);
    const [a, b] = [0, 1];
    for (const side of blockOrder(Math.ceil(options.iterations / options.blockSize))) {
      const index = side === 'a' ? a : b;
      const worker = workers[index] as Worker;
      for (const listCase of LIST_CASES) {
        const block = await worker.call<number[]>({ type: 'block', listCase, n: options.blockSize });
        samples[index]?.[listCase].push(...block);
      }
    }
    const probes = await Promise.all(workers.map((w) => w.call<ProbeReport[]>({ type: 'probe' })));

    const sizes: ListSizeResult[] = workers.map((_, i) => {
      const cases = Object.fromEntries(
        LIST_CASES.map((c) => {
          const values = samples[i]?.[c] ?? [];
          return [c, { ...summarize(values), samples: values.map((v) => round(v, 3)) }];
        }),
      ) as ListSizeResult['cases'];
      return { incidents: options.sizes[i] as number, table: `bench-list-${options.sizes[i]}`, seed: seeds[i] as SeedReport, cases, probes: probes[i] ?? [] };
    });
    for (const size of sizes) {
      for (const c of LIST_CASES) {
        const probe = size.probes.find((p) => p.listCase === c);
        progress(
          `list ${String(size.incidents).padStart(6)} ${c.padEnd(12)} p50 ${size.cases[c].p50.toFixed(2)} ms, p99 ${size.cases[c].p99.toFixed(2)} ms, read ${probe?.itemsRead}, calls ${probe?.calls}`,
        );
      }
    }
    const small = sizes[0] as ListSizeResult;
    const large = sizes[sizes.length - 1] as ListSizeResult;
    const ratioP50 = Object.fromEntries(LIST_CASES.map((c) => [c, round(large.cases[c].p50 / small.cases[c].p50, 3)])) as Record<ListCase, number>;
    await Promise.all(workers.map((w) => w.call({ type: 'exit' }).catch(() => undefined)));
    return { limit: LIST_LIMIT, iterations: options.iterations, warmup: options.warmup, blockSize: options.blockSize, sizes, ratioP50 };
  } finally {
    for (const worker of workers) worker.kill();
  }
}
