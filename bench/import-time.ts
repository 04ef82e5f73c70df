/**
 * Cold import time of each bundle: fresh `node` processes that `await import()` the bundle and
 * print the time measured inside the process around the import (so node's own start-up is not in
 * the figure), plus the process CPU time spent in that import (less sensitive to other load on
 * the machine). Bare node start-up is measured separately as spawn wall time of `node -e ""`.
 *
 * Runs are round-robin over all bundles (round 1 imports every bundle once, then round 2, …), so a
 * change of background load during the phase touches every bundle alike instead of a few.
 */
import { pathToFileURL } from 'node:url';
import { runNode } from './child.ts';
import { mapLimit, progress, round, summarize, type Stats } from './stats.ts';

export interface ImportOptions {
  readonly runs: number;
  /** Rounds run first and dropped (page cache, first-run effects). */
  readonly warmup: number;
  readonly concurrency: number;
  /** Extra node flags, e.g. --enable-source-maps. */
  readonly nodeArgs?: readonly string[];
}

export interface ImportTarget {
  readonly id: string;
  readonly file: string;
}

export interface ImportResult {
  readonly id: string;
  readonly nodeArgs: readonly string[];
  /** In-process import time (performance.now() around the import), ms. */
  readonly import: Stats;
  /** Process CPU time (user + system) during the import, ms. */
  readonly cpu: Stats;
  /** Whole spawn (start-up + import + exit) wall time, ms. */
  readonly wall: Stats;
  readonly samples: number[];
}

/** What the handler's config needs at module load, and nothing inherited (no NODE_OPTIONS). */
export const importEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  TABLE_NAME: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});

async function spawnNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; wallMs: number }> {
  const { code, stdout, stderr, wallMs } = await runNode(args, env);
  if (code !== 0) throw new Error(`node ${args.join(' ').slice(0, 200)} exited with ${code}: ${stderr.slice(-2000)}`);
  return { stdout, wallMs };
}

const importScript = (file: string): string =>
  [
    `const url = ${JSON.stringify(pathToFileURL(file).href)};`,
    'const c0 = process.cpuUsage();',
    'const t0 = performance.now();',
    'const mod = await import(url);',
    'const ms = performance.now() - t0;',
    'const c = process.cpuUsage(c0);',
    "if (typeof mod.handler !== 'function') throw new Error('bundle exports no handler');",
    'process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000 }));',
  ].join('\n');

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly wallMs: number;
}

export async function measureImports(targets: readonly ImportTarget[], options: ImportOptions, label = 'import'): Promise<ImportResult[]> {
  const nodeArgs = options.nodeArgs ?? [];
  const rounds = options.warmup + options.runs;
  const tasks = Array.from({ length: rounds }, (_, r) => targets.map((target) => ({ r, target }))).flat();
  const perTarget = new Map<string, Sample[]>(targets.map((t) => [t.id, []]));
  let done = 0;
  await mapLimit(tasks, options.concurrency, async ({ r, target }) => {
    const { stdout, wallMs } = await spawnNode([...nodeArgs, '--input-type=module', '-e', importScript(target.file)], importEnv());
    const parsed = JSON.parse(stdout) as { ms: number; cpuMs: number };
    if (r >= options.warmup) perTarget.get(target.id)?.push({ ms: parsed.ms, cpuMs: parsed.cpuMs, wallMs });
    done += 1;
    if (done % (targets.length * 5) === 0) progress(`${label}: ${done}/${tasks.length} spawns`);
  });
  return targets.map((target) => {
    const kept = perTarget.get(target.id) ?? [];
    return {
      id: target.id,
      nodeArgs,
      import: summarize(kept.map((s) => s.ms)),
      cpu: summarize(kept.map((s) => s.cpuMs)),
      wall: summarize(kept.map((s) => s.wallMs)),
      samples: kept.map((s) => round(s.ms, 3)),
    };
  });
}

export async function measureNodeStartup(runs: number, concurrency: number): Promise<{ concurrency: number; wall: Stats; samples: number[] }> {
  const all = await mapLimit(Array.from({ length: runs + 2 }, (_, i) => i), concurrency, async () => (await spawnNode(['-e', ''], importEnv())).wallMs);
  const samples = all.slice(2);
  progress(`node -e "" start-up (concurrency ${concurrency}): p50 ${summarize(samples).p50.toFixed(1)} ms`);
  return { concurrency, wall: summarize(samples), samples: samples.map((v) => round(v, 3)) };
}
