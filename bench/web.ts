/**
 * The /incidents app: what it costs to download and how fast the list paints.
 *
 * - Transfer size: the production build (web/build.ts, minified), JavaScript + CSS gzipped at
 *   level 9, as a CDN serves them. Goal ≤ 100 KB (KiB here, 1024 bytes) in total.
 * - First contentful paint of the list: the real local runtime (in its own child process, like
 *   bench/notifications.ts) with 1,000 incidents in the table, Debian's headless Chromium, a fresh
 *   context per run. Each run signs in through the local sign-in page; the measured navigation is
 *   the redirect back to /incidents/ (config.json, code exchange, /v1/me, summary, first page of
 *   50), read from the browser's Performance API (`first-contentful-paint`). Also reported: the
 *   time until the list's 50 rows are in the page (`list_ready_ms`, performance.now() when the
 *   last row appears), which includes the API calls. Goal: FCP p50 ≤ 1000 ms.
 *
 * Environment: BENCH_WEB_INCIDENTS (default 1000; BENCH_QUICK=1: 300), BENCH_WEB_RUNS (default 7; quick: 3).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_GOALS = { transferKiB: 100, fcpMs: 1000 } as const;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const r1 = (v: number) => Math.round(v * 10) / 10;

/** JS + CSS of the production build, raw and gzipped. */
export async function measureTransfer(): Promise<Record<string, unknown>> {
  const { buildWebApp } = await import('../web/build.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-web-build-'));
  try {
    const built = await buildWebApp(dir);
    const files = [built.script, built.stylesheet, 'index.html'].map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { file: name.replace(/-\w+\./, '-[hash].'), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const jsCss = files.filter((f) => !f.file.endsWith('.html'));
    const gzip = jsCss.reduce((sum, f) => sum + f.gzip, 0);
    return { files, js_css_gzip_bytes: gzip, js_css_gzip_kib: r1(gzip / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The paint measurement itself (runs in the child process). */
async function measurePaint(): Promise<Record<string, unknown>> {
  const incidents = Number(process.env.BENCH_WEB_INCIDENTS ?? (process.env.BENCH_QUICK === '1' ? 300 : 1000));
  const runs = Number(process.env.BENCH_WEB_RUNS ?? (process.env.BENCH_QUICK === '1' ? 3 : 7));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-web-'));
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const { startLocalRuntime } = await import('#shared/local/runtime.ts');
  const { freePort } = await import('#shared/local/dynamodb-local.ts');
  const { loadIssuer } = await import('#shared/local/issuer.ts');
  const { launchBrowser } = await import('../test/support/browser.ts');
  const runtime = await startLocalRuntime({ root: ROOT, dataDir, port: await freePort(), host: '127.0.0.1', inMemory: true });
  const browser = await launchBrowser();
  try {
    const token = await (await loadIssuer(dataDir)).sign({ role: 'responder', username: 'bench' });
    const seedStart = performance.now();
    let next = 0;
    const severities = ['critical', 'high', 'medium', 'low'];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < incidents) {
          const i = next++;
          const res = await fetch(`${runtime.url}/v1/incidents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `Bench incident number ${i}`, severity: severities[i % 4], assigned_team: `team-${i % 10}` }),
          });
          if (res.status !== 201) throw new Error(`seeding: create answered ${res.status}: ${await res.text()}`);
        }
      }),
    );
    const seedSeconds = r1((performance.now() - seedStart) / 1000);

    const samples: { fcp: number; listReady: number }[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${runtime.url}/incidents/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sign in to the incident service' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/incidents/', { waitUntil: 'commit' });
      // Evaluated through the DevTools protocol (the page's CSP forbids eval, so no waitForFunction):
      // the moment the 50th row is added, seen by a MutationObserver.
      const ready = await page.evaluate<number>(`new Promise((resolve) => {
        const done = () => document.querySelectorAll('table.incidents tbody tr').length >= 50 && (resolve(performance.now()), true);
        if (!done()) new MutationObserver((_, observer) => { if (done()) observer.disconnect(); }).observe(document.documentElement, { childList: true, subtree: true });
      })`);
      const fcp = await page.evaluate<number>(
        "(performance.getEntriesByName('first-contentful-paint')[0] || { startTime: NaN }).startTime",
      );
      await context.close();
      // The first run warms the handlers' module cache (a cold start), like a first visit after deploy.
      if (run > 0) samples.push({ fcp: r1(fcp), listReady: r1(ready) });
    }
    return {
      incidents,
      runs,
      seed_seconds: seedSeconds,
      fcp_ms: { p50: median(samples.map((s) => s.fcp)), max: Math.max(...samples.map((s) => s.fcp)), samples: samples.map((s) => s.fcp) },
      list_ready_ms: { p50: median(samples.map((s) => s.listReady)), max: Math.max(...samples.map((s) => s.listReady)), samples: samples.map((s) => s.listReady) },
    };
  } finally {
    await browser.close();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Transfer size in this process, the paint in a child process; returns both. */
export async function benchWeb(): Promise<Record<string, unknown>> {
  const transfer = await measureTransfer();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`web benchmark failed (exit ${code}):\n${err.slice(-2000)}`);
  return { transfer, paint: JSON.parse(line) as Record<string, unknown>, goals: WEB_GOALS };
}

if (process.argv.includes('--child')) {
  measurePaint().then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchWeb(), null, 2));
}
