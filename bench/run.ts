/**
 * `npm run bench`: bundle sizes, cold import time, DynamoDB Local baselines, the create handler
 * against its own DynamoDB calls, and list latency on 1k vs 20k incidents. Writes
 * bench/results.json (every raw figure) and renders BENCHMARKS.md from it.
 *
 * Exits non-zero only when the harness fails; a missed goal is reported, not thrown.
 * BENCH_QUICK=1 runs a small smoke version (fewer iterations, smaller tables) for development and
 * writes its output under the temp directory, never over the published figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTION_NODE_OPTIONS } from '#lib/bundling.ts';
import { WORKER_FUNCTIONS } from '#lib/functions.ts';
import { routes } from '#lib/routes.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '#shared/local/dynamodb-local.ts';
import { bundleProbes, bundleHandlers } from './bundles.ts';
import { runInChild } from './child.ts';
import { PAGING_GOAL_P99_MS } from './paging.ts';
import { measureBaselines } from './dynamo-baseline.ts';
import { applyEnv, handlerEnv } from './harness.ts';
import { measureImports, measureNodeStartup, type ImportResult } from './import-time.ts';
import { measureList } from './list.ts';
import { renderMarkdown, type Goal, type Results } from './report.ts';
import { elapsedSeconds, kib, progress, round } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';

const settings = {
  quick,
  bundleSizeLimitKiB: 400,
  importRuns: quick ? 5 : 25,
  importWarmup: 2,
  /** One process at a time: a cold start has its sandbox's CPU to itself (see the method notes). */
  importConcurrency: 1,
  importP50LimitMs: 50,
  importRatioLimit: 1.7,
  dynamoIterations: quick ? 50 : 300,
  dynamoWarmup: quick ? 20 : 100,
  createIterations: quick ? 50 : 400,
  createWarmup: quick ? 20 : 100,
  createBlockSize: 25,
  createRatioLimit: 1.2,
  /** Day sequence and the assigned team's on-call lookup (in parallel), then one transaction. */
  createCallsLimit: 3,
  listSizes: quick ? [200, 2000] : [1000, 20000],
  listIterations: quick ? 50 : 300,
  listWarmup: quick ? 20 : 100,
  listBlockSize: 25,
  listSeedConcurrency: Number(process.env.BENCH_SEED_CONCURRENCY ?? 16),
  listStoreBudgetSeconds: 120,
  listRatioLimit: 1.2,
  // Public status (bench/status.ts).
  statusSizes: (quick ? [200, 2000] : [1000, 20000]),
  statusIterations: quick ? 20 : 150,
  statusWarmup: quick ? 5 : 30,
  statusBlockSize: quick ? 5 : 15,
  statusRatioLimit: 1.2,
};

/** Whether the CDK functions run with source maps enabled (lib/bundling.ts, FUNCTION_NODE_OPTIONS). */
function deployedWithSourceMaps(): boolean {
  return FUNCTION_NODE_OPTIONS.includes('--enable-source-maps');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Parts contributed as separate modules: a failure is recorded (and fails the run at the end) without losing the other results. */
const harnessErrors: { part: string; error: string }[] = [];

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

async function optional(part: string, run: () => Promise<Record<string, unknown>>): Promise<Outcome> {
  progress(`${part}: running`);
  try {
    const result = await run();
    progress(`${part}: done`);
    return { ok: true, result };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`${part} failed:`, message);
    harnessErrors.push({ part, error: message });
    return { ok: false, error: message };
  }
}

/** Reads a nested field of a sub-benchmark's result without trusting its shape. */
function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

function notMeasured(id: string, goal: string, limit: number, error: string): Goal {
  return { id, goal, measured: `not measured: ${error.split('\n')[0] ?? error}`, value: Number.NaN, limit, pass: null };
}

function componentStatusGoals(outcome: Outcome): Goal[] {
  const roundTrips = 'DynamoDB round trips per component-status decision (happy path) ≤ 2';
  const identical = 'Concurrent identical component-status reports: exactly one 201 (the rest 409)';
  if (!outcome.ok) return [notMeasured('component-status-round-trips', roundTrips, 2, outcome.error), notMeasured('component-status-identical', identical, 1, outcome.error)];
  const min = Number(field(outcome.result, 'sequential', 'roundTripsPerDecision', 'happyPathMin'));
  const max = Number(field(outcome.result, 'sequential', 'roundTripsPerDecision', 'happyPathMax'));
  const statuses = (field(outcome.result, 'concurrentIdentical', 'statuses') ?? {}) as Record<string, number>;
  const callers = Number(field(outcome.result, 'concurrentIdentical', 'callers'));
  const created = statuses['201'] ?? 0;
  return [
    { id: 'component-status-round-trips', goal: roundTrips, measured: min === max ? `${max}` : `${min}–${max}`, value: max, limit: 2, pass: max <= 2 },
    {
      id: 'component-status-identical',
      goal: identical,
      measured: Object.entries(statuses).map(([code, n]) => `${n} × ${code}`).join(', ') || 'none',
      value: created,
      limit: 1,
      pass: created === 1 && (statuses['409'] ?? 0) === callers - 1,
    },
  ];
}

// Paging: who is on call costs the same for old and new rotations (bench/oncall.ts).
function onCallGoals(outcome: Outcome): Goal[] {
  const goal = 'Who is on call: p50 for a rotation started 5 years ago / one started yesterday ≤ 1.2 (pure function and use case)';
  if (!outcome.ok) return [notMeasured('oncall-age-ratio', goal, 1.2, outcome.error)];
  const pure = Number(field(outcome.result, 'pure', 'ratioP50'));
  const useCase = Number(field(outcome.result, 'useCase', 'ratioP50'));
  const us = (side: string, which: string) => Number(field(outcome.result, side, which, 'p50')).toFixed(2);
  const worst = Math.max(pure, useCase);
  return [
    {
      id: 'oncall-age-ratio',
      goal,
      measured: `pure ${pure.toFixed(2)} (${us('pure', 'old')} µs / ${us('pure', 'recent')} µs), use case ${useCase.toFixed(2)}${field(outcome.result, 'checked') === true ? '' : ' — answers did not check out'}`,
      value: worst,
      limit: 1.2,
      pass: worst <= 1.2 && field(outcome.result, 'checked') === true,
    },
  ];
}

function notificationGoals(outcome: Outcome): Goal[] {
  const goal = 'Notification write-to-webhook p99 ≤ 2000 ms (local runtime), none lost';
  if (!outcome.ok) return [notMeasured('notifications-p99', goal, 2000, outcome.error)];
  const p99 = Number(field(outcome.result, 'from_request_ms', 'p99'));
  const lost = Number(field(outcome.result, 'lost'));
  const limit = Number(field(outcome.result, 'goal', 'p99_ms_at_most') ?? 2000);
  return [{ id: 'notifications-p99', goal, measured: `${p99} ms, ${lost} lost of ${String(field(outcome.result, 'events'))}`, value: p99, limit, pass: p99 <= limit && lost === 0 }];
}

// Restart without loss (issue 14): bench/restart.ts.
function restartGoals(outcome: Outcome): Goal[] {
  const goal = 'SIGKILL of the local runtime in the middle of 500 writes, restart: every change delivered to the webhook, none twice (by CloudEvent id)';
  if (!outcome.ok) return [notMeasured('restart-lossless', goal, 0, outcome.error)];
  const missing = Number(field(outcome.result, 'missing'));
  const duplicates = Number(field(outcome.result, 'duplicates'));
  const unexpected = Number(field(outcome.result, 'unexpected'));
  const changes = Number(field(outcome.result, 'changes'));
  return [
    {
      id: 'restart-lossless',
      goal,
      measured: `${missing} lost, ${duplicates} twice, of ${changes} changes (${String(field(outcome.result, 'cut_off_by_kill'))} requests cut off by the kill; caught up ${String(field(outcome.result, 'catch_up_ms'))} ms after the restart)`,
      value: missing + duplicates,
      limit: 0,
      pass: missing === 0 && duplicates === 0 && unexpected === 0 && changes > 0,
    },
  ];
}

/** Alarm storms (issue 14): 200 concurrent reports over 50 components, in process and over HTTP. */
function stormGoals(inProcess: Outcome, http: Outcome): Goal[] {
  const row = (id: string, where: string, outcome: Outcome, at: string[]): Goal[] => {
    const noErrors = `Alarm storm ${where} (200 reports over 50 components): 0 × 5xx (so 0 × 503), every component in one active incident at its highest impact`;
    const latency = `Alarm storm ${where}: p99 ≤ 1000 ms`;
    if (!outcome.ok) return [notMeasured(`${id}-errors`, noErrors, 0, outcome.error), notMeasured(`${id}-p99`, latency, 1000, outcome.error)];
    const statuses = (field(outcome.result, ...at, 'statuses') ?? {}) as Record<string, number>;
    const fiveXx = Object.entries(statuses).reduce((n, [code, count]) => n + (Number(code) >= 500 ? count : 0), 0);
    const violations = (field(outcome.result, ...at, 'violations') ?? []) as unknown[];
    const p99 = Number(field(outcome.result, ...at, 'latencyMs', 'p99'));
    const againP99 = field(outcome.result, ...at, 'again', 'latencyMs', 'p99');
    const again = againP99 === undefined ? undefined : Number(againP99);
    return [
      {
        id: `${id}-errors`,
        goal: noErrors,
        measured: `${Object.entries(statuses).map(([code, n]) => `${n} × ${code}`).join(', ')}; ${violations.length} invariant violation(s)`,
        value: fiveXx + violations.length,
        limit: 0,
        pass: fiveXx === 0 && violations.length === 0,
      },
      {
        id: `${id}-p99`,
        goal: latency,
        measured: `${round(p99, 1)} ms (wall ${String(field(outcome.result, ...at, 'wallMs'))} ms)${again === undefined ? '' : `; a second storm once the emulator is warm: ${round(again, 1)} ms`}`,
        value: p99,
        limit: 1000,
        pass: p99 <= 1000,
      },
    ];
  };
  return [...row('storm-in-process', 'in process', inProcess, ['storm']), ...row('storm-http', 'over HTTP (local runtime)', http, [])];
}

// Paging: incident created → first page delivered (bench/paging.ts).
function pagingGoals(outcome: Outcome): Goal[] {
  const goal = `Incident created → first page delivered to the on-call person's webhook, p99 ≤ ${PAGING_GOAL_P99_MS} ms (local runtime, one creator)`;
  if (!outcome.ok) return [notMeasured('paging-p99', goal, PAGING_GOAL_P99_MS, outcome.error)];
  const p99 = Number(field(outcome.result, 'sequential', 'from_request_ms', 'p99'));
  const missed = Number(field(outcome.result, 'sequential', 'not_paged'));
  const contended = Number(field(outcome.result, 'concurrent', 'from_request_ms', 'p99'));
  return [{
    id: 'paging-p99',
    goal,
    measured: `${p99.toFixed(0)} ms, ${missed} not paged of ${String(field(outcome.result, 'sequential', 'incidents'))} (4 concurrent creators: p99 ${contended.toFixed(0)} ms)`,
    value: round(p99, 1),
    limit: PAGING_GOAL_P99_MS,
    pass: missed === 0 && p99 <= PAGING_GOAL_P99_MS,
  }];
}

// Automated responses (bench/automated-responses.ts).
function automationGoals(outcome: Outcome): Goal[] {
  const goal = 'Incident created → automated response started (webhook received) p99 ≤ 5000 ms (local runtime), none lost, none twice';
  if (!outcome.ok) return [notMeasured('automation-p99', goal, 5000, outcome.error)];
  const p99 = Number(field(outcome.result, 'from_request_ms', 'p99'));
  const lost = Number(field(outcome.result, 'lost'));
  const twice = Number(field(outcome.result, 'twice'));
  return [{ id: 'automation-p99', goal, measured: `${p99} ms, ${lost} lost, ${twice} twice of ${String(field(outcome.result, 'incidents'))}`, value: p99, limit: 5000, pass: p99 <= 5000 && lost === 0 && twice === 0 }];
}

// Paging escalation: local timers (bench/timers.ts).
function timerGoals(outcome: Outcome): Goal[] {
  const delay = 'Local timers: fire delay after the due time p99 ≤ 1000 ms over 200 timers';
  const restart = 'Local timers: 0 lost and 0 fired twice over 1,000 timers with a restart in the middle';
  const trips = 'A timer firing: ≤ 3 DynamoDB round trips and ≤ 1 Scheduler call';
  if (!outcome.ok) return [notMeasured('timers-delay', delay, 1000, outcome.error), notMeasured('timers-restart', restart, 0, outcome.error), notMeasured('timers-round-trips', trips, 3, outcome.error)];
  const p99 = Number(field(outcome.result, 'fire_delay_ms', 'p99'));
  const lost = Number(field(outcome.result, 'restart', 'lost'));
  const twice = Number(field(outcome.result, 'restart', 'fired_twice'));
  const rt = Number(field(outcome.result, 'firing', 'dynamodb_round_trips_max'));
  const sc = Number(field(outcome.result, 'firing', 'scheduler_calls_max'));
  return [
    { id: 'timers-delay', goal: delay, measured: `${p99} ms (n ${String(field(outcome.result, 'fire_delay_ms', 'n'))})`, value: p99, limit: 1000, pass: p99 <= 1000 },
    { id: 'timers-restart', goal: restart, measured: `${lost} lost, ${twice} fired twice of ${String(field(outcome.result, 'restart', 'timers'))} (${String(field(outcome.result, 'restart', 'fired_before_restart'))} before the restart)`, value: lost + twice, limit: 0, pass: lost === 0 && twice === 0 },
    { id: 'timers-round-trips', goal: trips, measured: `${rt} DynamoDB round trips, ${sc} Scheduler call(s)`, value: rt, limit: 3, pass: rt <= 3 && sc <= 1 },
  ];
}

// Web app (bench/web.ts).
function webGoals(outcome: Outcome): Goal[] {
  const size = 'JavaScript + CSS for /incidents ≤ 100 KiB gzip in total';
  const fcp = 'First contentful paint of the list ≤ 1000 ms (headless Chromium, 1,000 incidents in the table), p50';
  if (!outcome.ok) return [notMeasured('web-transfer', size, 100, outcome.error), notMeasured('web-fcp', fcp, 1000, outcome.error)];
  const kibs = Number(field(outcome.result, 'transfer', 'js_css_gzip_kib'));
  const p50 = Number(field(outcome.result, 'paint', 'fcp_ms', 'p50'));
  const ready = Number(field(outcome.result, 'paint', 'list_ready_ms', 'p50'));
  const incidents = Number(field(outcome.result, 'paint', 'incidents'));
  return [
    { id: 'web-transfer', goal: size, measured: `${kibs} KiB`, value: kibs, limit: 100, pass: kibs <= 100 },
    { id: 'web-fcp', goal: fcp, measured: `${p50} ms (list of 50 rows ready at ${ready} ms; ${incidents} incidents)`, value: p50, limit: 1000, pass: p50 <= 1000 && incidents >= 1000 },
  ];
}

async function main(): Promise<void> {
  const date = new Date().toISOString();
  const cpus = os.cpus();
  const loadAtStart = os.loadavg().map((v) => round(v, 2));
  progress(`bench on node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}${quick ? ' (QUICK mode)' : ''}`);
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'incident-bench-'));
  const emulators: DynamoDbLocal[] = [];
  try {
    // 1. Bundles, as the CDK builds them.
    const workers = Object.entries(WORKER_FUNCTIONS).map(([id, entry]) => ({ id, entry }));
    const bundles = await bundleHandlers([...routes, ...workers], root, outDir);

    // 2. Cold import of each bundle in fresh processes, before the emulator takes any CPU.
    const nodeStartup = [await measureNodeStartup(settings.importRuns, settings.importConcurrency)];
    const importOptions = { runs: settings.importRuns, warmup: settings.importWarmup, concurrency: settings.importConcurrency };
    // With the NODE_OPTIONS the functions really get (lib/bundling.ts, FUNCTION_NODE_OPTIONS).
    const imports = await measureImports(
      bundles.handlers.map((h) => ({ id: h.id, file: h.file })),
      { ...importOptions, nodeArgs: [...FUNCTION_NODE_OPTIONS] },
    );
    for (const result of imports) {
      progress(`import ${result.id.padEnd(28)} p50 ${result.import.p50.toFixed(1)} ms, p90 ${result.import.p90.toFixed(1)} ms, cpu p50 ${result.cpu.p50.toFixed(1)} ms`);
    }
    const largestFile = bundles.handlers.find((h) => h.id === bundles.largest.id)?.file as string;
    const [withSourceMaps] = await measureImports([{ id: bundles.largest.id, file: largestFile }], { ...importOptions, nodeArgs: ['--enable-source-maps'] }, 'import with source maps');
    if (!withSourceMaps) throw new Error('no source-map import result');
    progress(`import ${bundles.largest.id} with --enable-source-maps: p50 ${withSourceMaps.import.p50.toFixed(1)} ms`);
    // Where import time goes: one dependency per bundle, same settings and method.
    const probeBundles = await bundleProbes(root, outDir);
    const probeResults = await measureImports(
      probeBundles.map((p) => ({ id: p.probe, file: p.file })),
      importOptions,
      'import probes',
    );
    const attribution = probeBundles.map((probe, i) => {
      const result = probeResults[i] as ImportResult;
      progress(`import probe ${probe.probe.padEnd(30)} ${String(kib(probe.bytes)).padStart(7)} KiB, p50 ${result.import.p50.toFixed(1)} ms, cpu p50 ${result.cpu.p50.toFixed(1)} ms`);
      return { probe: probe.probe, bytes: probe.bytes, import: result.import, cpu: result.cpu, samples: result.samples };
    });

    // 3-5 each get their own, fresh DynamoDB Local: with streams on (as ensureTable creates the
    // table), the emulator's writes slow down by an order of magnitude once another table in the
    // same instance holds a few thousand stream records, which would distort every later phase.
    const emulator = async (purpose: string): Promise<DynamoDbLocal> => {
      const instance = await startDynamoDbLocal();
      emulators.push(instance);
      progress(`DynamoDB Local for ${purpose} on ${instance.endpoint}`);
      return instance;
    };
    const stop = async (instance: DynamoDbLocal): Promise<void> => {
      await instance.stop();
      emulators.splice(emulators.indexOf(instance), 1);
    };

    // 3. DynamoDB Local baselines.
    const baseline = await emulator('baselines');
    const dynamodb = await measureBaselines(baseline.endpoint, 'bench-baseline', settings.dynamoIterations, settings.dynamoWarmup);
    await stop(baseline);

    // 4. Create: the env must be in place before the handler's modules load (config parses at load).
    const createDb = await emulator('create');
    applyEnv(handlerEnv(createDb.endpoint, 'bench-create'));
    const { ensureTable } = await import('#shared/local/create-table.ts');
    const { directClient } = await import('./harness.ts');
    const setup = directClient(createDb.endpoint);
    await ensureTable(setup.raw, 'bench-create');
    setup.raw.destroy();
    const { measureCreate } = await import('./create.ts');
    const create = await measureCreate({ endpoint: createDb.endpoint, iterations: settings.createIterations, warmup: settings.createWarmup, blockSize: settings.createBlockSize });

    await stop(createDb);

    // 4b. Component status (bench/component-status.ts), in a child process with its own emulator:
    // its handler reads the environment at load. Its contended scenario answers 503s by design,
    // each logged at ERROR as one JSON line; runInChild tallies them by message (`loggedErrors`).
    const componentDb = await emulator('component status');
    const componentStatus = await optional('component status', () =>
      runInChild(path.join(root, 'bench', 'component-status.ts'), 'benchComponentStatus', { endpoint: componentDb.endpoint }, {
        ...handlerEnv(componentDb.endpoint, 'bench-component-status'),
        POWERTOOLS_DEV: 'false',
      }),
    );
    await stop(componentDb);

    // 4c. PagerDuty enqueue (bench/enqueue.ts): a trigger against a component-status report in the
    // same child process and run, and the round trips of a repeated trigger; its own emulator.
    const enqueueDb = await emulator('enqueue');
    const enqueue = await optional('enqueue', () => runInChild(path.join(root, 'bench', 'enqueue.ts'), 'benchEnqueue', { endpoint: enqueueDb.endpoint }, { ...handlerEnv(enqueueDb.endpoint, 'bench-enqueue'), ...(quick ? { BENCH_QUICK: '1' } : {}) }));
    await stop(enqueueDb);

    // 5. List on two table sizes, one child process per table, both tables in one emulator.
    const listDb = await emulator('list');
    const list = await measureList({
      endpoint: listDb.endpoint,
      sizes: settings.listSizes,
      iterations: settings.listIterations,
      warmup: settings.listWarmup,
      blockSize: settings.listBlockSize,
      seedConcurrency: settings.listSeedConcurrency,
      storeBudgetSeconds: settings.listStoreBudgetSeconds,
    });
    await stop(listDb);

    // 6. Notifications (bench/notifications.ts): the whole local runtime in its own child process.
    const notifications = await optional('notifications', async () => {
      const { benchNotifications } = await import('./notifications.ts');
      return benchNotifications();
    });

    // 7. Restart without loss (bench/restart.ts): the local runtime as child processes, killed and restarted.
    const restart = await optional('restart', async () => {
      const { benchRestart } = await import('./restart.ts');
      return benchRestart();
    });

    // 6b. Alarm storm over HTTP (bench/component-storm-http.ts): against bin/local.ts in its own process.
    const componentStormHttp = await optional('component storm (HTTP)', async () => {
      const { benchComponentStormHttp } = await import('./component-storm-http.ts');
      return benchComponentStormHttp();
    });

    // 7. Who is on call (bench/oncall.ts): a rotation started 5 years ago against one started yesterday.
    const oncall = await optional('oncall', async () => {
      const { measureOnCall } = await import('./oncall.ts');
      return { ...(await measureOnCall({ quick })) };
    });

    // analytics (bench/analytics.ts): 12 months of aggregates at two incident counts, one child
    // process per size (the table name is read at load), both tables in one emulator.
    const analyticsDb = await emulator('analytics');
    const analytics = await optional('analytics', async () => {
      // Seeding is in memory (cheap), so the quick run keeps the goal's sizes and runs fewer iterations; sizes one after the other.
      const run = (incidents: number) => runInChild(path.join(root, 'bench', 'analytics.ts'), 'benchAnalytics', { endpoint: analyticsDb.endpoint, incidents, iterations: quick ? 15 : 60 }, handlerEnv(analyticsDb.endpoint, `bench-analytics-${incidents}`));
      const small = await run(1000);
      const large = await run(20000);
      return { small, large };
    });
    await stop(analyticsDb);

    // 8. Paging escalation timers (bench/timers.ts): local scheduler delay, restart, round trips per firing.
    const timers = await optional('timers', async () => {
      const { benchTimers } = await import('./timers.ts');
      return benchTimers();
    });
    // 8b. Incident created → first page (bench/paging.ts): the whole local runtime in a child process.
    const paging = await optional('paging', () => runInChild(path.join(root, 'bench', 'paging.ts'), 'benchPaging', { incidents: quick ? 20 : 100 }, {}));
    // 7. Public status (bench/status.ts): one child process per table size, both tables in one emulator.
    const statusDb = await emulator('public status');
    const status = await optional('public status', async () => {
      const { measureStatus } = await import('./status.ts');
      return measureStatus({ endpoint: statusDb.endpoint, sizes: settings.statusSizes, iterations: settings.statusIterations, warmup: settings.statusWarmup, blockSize: settings.statusBlockSize, seedConcurrency: settings.listSeedConcurrency, ratioLimit: settings.statusRatioLimit });
    });
    await stop(statusDb);

    // 8. The published status site (bench/status-site.ts): freshness and weight, in a child process.
    const siteDb = await emulator('status site');
    const statusSite = await optional('status site', () =>
      runInChild(path.join(root, 'bench', 'status-site.ts'), 'benchStatusSite', { endpoint: siteDb.endpoint, changes: quick ? 10 : 50, burst: quick ? 10 : 30 }, {
        ...handlerEnv(siteDb.endpoint, 'bench-status-site'),
        AWS_ENDPOINT_URL_DYNAMODB_STREAMS: siteDb.endpoint,
        STAGE: 'local',
      }),
    );
    await stop(siteDb);

    // 7. Web app (bench/web.ts): /incidents transfer size; list paint in headless Chromium, own child process.
    const web = await optional('web app', async () => {
      const { benchWeb } = await import('./web.ts');
      return benchWeb();
    });

    // Automated responses (bench/automated-responses.ts): created → webhook started, local runtime in its own child process.
    const automatedResponses = await optional('automated responses', async () => {
      const { benchAutomatedResponses } = await import('./automated-responses.ts');
      return benchAutomatedResponses();
    });

    // Goals.
    const largestBundle = bundles.handlers.reduce((x, y) => (y.bytes > x.bytes ? y : x));
    const slowestImport = imports.reduce((x, y) => (y.import.p50 > x.import.p50 ? y : x));
    const probes = list.sizes.flatMap((s) => s.probes.map((p) => ({ ...p, incidents: s.incidents })));
    const maxRead = (c: string) => probes.filter((p) => p.listCase === c).reduce((m, p) => Math.max(m, p.itemsRead), 0);
    const goals: Goal[] = [
      {
        id: 'bundle-size',
        goal: `Every handler bundle ≤ ${settings.bundleSizeLimitKiB} KiB minified (1 KiB = 1024 bytes)`,
        measured: `${kib(largestBundle.bytes)} KiB = ${largestBundle.bytes.toLocaleString('en-US')} bytes (largest: ${largestBundle.id})`,
        value: kib(largestBundle.bytes),
        limit: settings.bundleSizeLimitKiB,
        pass: bundles.handlers.every((h) => h.bytes <= settings.bundleSizeLimitKiB * 1024),
      },
      {
        id: 'import-p50',
        goal: `Every handler's cold import p50 ≤ ${settings.importP50LimitMs} ms (in-process, excludes node start-up)`,
        measured: `${slowestImport.import.p50.toFixed(1)} ms (slowest: ${slowestImport.id})`,
        value: slowestImport.import.p50,
        limit: settings.importP50LimitMs,
        pass: imports.every((i) => i.import.p50 <= settings.importP50LimitMs),
      },
      {
        id: 'create-overhead',
        goal: `Create handler p50 / same DynamoDB calls made directly p50 ≤ ${settings.createRatioLimit}`,
        measured: `${create.ratioP50.toFixed(2)} (${create.handler.p50.toFixed(2)} ms / ${create.direct.p50.toFixed(2)} ms)`,
        value: create.ratioP50,
        limit: settings.createRatioLimit,
        pass: create.ratioP50 <= settings.createRatioLimit,
      },
      {
        id: 'create-calls',
        goal: `DynamoDB calls per create ≤ ${settings.createCallsLimit}`,
        measured: `${create.calls.count} (${Object.entries(create.calls.byCommand).map(([k, v]) => `${k} ${v}`).join(', ')})`,
        value: create.calls.count,
        limit: settings.createCallsLimit,
        pass: create.calls.count <= settings.createCallsLimit,
      },
      ...(['unfiltered', 'status=open'] as const).map((c) => ({
        id: `list-scaling-${c === 'unfiltered' ? 'unfiltered' : 'status'}`,
        goal: `List (${c}, limit ${list.limit}) p50 on ${list.sizes.at(-1)?.incidents} / p50 on ${list.sizes[0]?.incidents} incidents ≤ ${settings.listRatioLimit}`,
        measured: `${list.ratioP50[c].toFixed(2)} (${list.sizes.at(-1)?.cases[c].p50.toFixed(2)} ms / ${list.sizes[0]?.cases[c].p50.toFixed(2)} ms)`,
        value: list.ratioP50[c],
        limit: settings.listRatioLimit,
        pass: list.ratioP50[c] <= settings.listRatioLimit,
      })),
      ...(['unfiltered', 'status=open'] as const).map((c) => ({
        id: `list-read-${c === 'unfiltered' ? 'unfiltered' : 'status'}`,
        goal: `Items read per list page (${c}) ≤ limit + 1 = ${list.limit + 1}`,
        measured: `${maxRead(c)} (max over both table sizes)`,
        value: maxRead(c),
        limit: list.limit + 1,
        pass: maxRead(c) <= list.limit + 1,
      })),
    ];

    goals.push(...webGoals(web));
    // Cold import as a ratio (issue 14): absolute times move 2× with the machine's load, the ratio
    // to the bench's own bare DynamoDB document-client probe (same method, same moment) does not.
    const dynamoProbe = attribution.find((a) => a.probe === 'DynamoDB document client');
    if (dynamoProbe) {
      const ratio = slowestImport.import.p50 / dynamoProbe.import.p50;
      const flags = FUNCTION_NODE_OPTIONS.length > 0 ? FUNCTION_NODE_OPTIONS.join(' ') : 'none';
      goals.push({
        id: 'import-ratio',
        goal: `Slowest handler's cold import p50 / bare DynamoDB document-client probe p50 ≤ ${settings.importRatioLimit} (with the functions' NODE_OPTIONS: ${flags})`,
        measured: `${ratio.toFixed(2)} (${slowestImport.id} ${slowestImport.import.p50.toFixed(1)} ms / probe ${dynamoProbe.import.p50.toFixed(1)} ms)`,
        value: round(ratio, 3),
        limit: settings.importRatioLimit,
        pass: ratio <= settings.importRatioLimit,
      });
    }
    goals.push(...componentStatusGoals(componentStatus), ...notificationGoals(notifications));
    goals.push(...restartGoals(restart));
    // Alarm storms (issue 14): in process and over HTTP.
    goals.push(...stormGoals(componentStatus, componentStormHttp));
    goals.push(...onCallGoals(oncall));
    goals.push(...timerGoals(timers), ...pagingGoals(paging));
    // analytics
    if (analytics.ok) {
      const { analyticsGoals } = await import('./analytics.ts');
      type Run = Parameters<typeof analyticsGoals>[0];
      goals.push(...analyticsGoals(analytics.result.small as Run, analytics.result.large as Run));
    } else {
      goals.push(notMeasured('analytics-p50-ratio', 'Analytics over 12 months: p50 at 20,000 incidents ≤ 1.2 × p50 at 1,000', 1.2, analytics.error));
    }
    // Public status.
    if (status.ok) {
      const { statusGoals } = await import('./status.ts');
      goals.push(...statusGoals(status.result as unknown as Parameters<typeof statusGoals>[0]));
    } else {
      goals.push(notMeasured('status-p50-ratio', 'Public status: p50 at 20,000 incidents ≤ 1.2 × p50 at 1,000', settings.statusRatioLimit, status.error), notMeasured('status-items-read', 'Public status: items read per answer ≤ shown + 1', 1, status.error));
    }

    // The published status site.
    {
      const { statusSiteGoals } = await import('./status-site.ts');
      goals.push(...statusSiteGoals(statusSite));
    }
    // Automated responses.
    goals.push(...automationGoals(automatedResponses));
    // Integrations: /v2/enqueue (bench/enqueue.ts).
    {
      const { enqueueGoals } = await import('./enqueue.ts');
      goals.push(...enqueueGoals(enqueue));
    }

    const results: Results = {
      schema: 2,
      date,
      durationSeconds: elapsedSeconds(),
      machine: {
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        arch: os.arch(),
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)),
      },
      commit: gitCommit(),
      settings: { ...settings, deployedWithSourceMaps: deployedWithSourceMaps() },
      goals,
      bundles,
      importTime: { nodeStartup, handlers: imports, withSourceMaps, attribution },
      dynamodb,
      create,
      componentStatus,
      list,
      notifications,
      restart,
      componentStormHttp,
      oncall,
      timers,
      paging,
      analytics,
      web,
      harnessErrors,
      status,
      statusSite,
      automatedResponses,
      enqueue,
    };
    // A quick (smoke) run never overwrites the published figures.
    const outputDir = quick ? mkdtempSync(path.join(os.tmpdir(), 'incident-bench-quick-')) : root;
    const jsonPath = path.join(outputDir, quick ? 'results.json' : path.join('bench', 'results.json'));
    const mdPath = path.join(outputDir, 'BENCHMARKS.md');
    writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(mdPath, renderMarkdown(results));
    progress(`wrote ${quick ? jsonPath : path.relative(root, jsonPath)} and ${quick ? mdPath : 'BENCHMARKS.md'}`);
    for (const goal of goals) console.log(`${goal.pass === null ? 'N/A ' : goal.pass ? 'PASS' : 'MISS'}  ${goal.goal}: ${goal.measured}`);
    progress(`done in ${elapsedSeconds()} s`);
    if (harnessErrors.length > 0) throw new Error(`${harnessErrors.length} part(s) of the benchmark failed: ${harnessErrors.map((e) => e.part).join(', ')} (results were written)`);
  } finally {
    await Promise.all(emulators.map((instance) => instance.stop()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench harness failed:', error);
    process.exit(1);
  },
);
