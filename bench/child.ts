/**
 * Runs an exported async function of a bench module in a fresh node process (through tsx) with
 * the given environment, and returns what it resolved to. For parts whose modules read the
 * environment once at load, so they get a process of their own.
 *
 * Lines the child logs as Powertools JSON at ERROR level (on stderr) are tallied by error message into
 * `loggedErrors` of the result, so that a 5xx in a benchmark says what went wrong.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const MARKER = '@@bench-result@@';

export function runInChild(file: string, exportName: string, args: unknown, env: Record<string, string>): Promise<Record<string, unknown>> {
  const script = [
    `const mod = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    `const result = await mod[${JSON.stringify(exportName)}](${JSON.stringify(args)});`,
    `process.stdout.write('\\n${MARKER}' + JSON.stringify(result) + '\\n');`,
    'process.exit(0);',
  ].join('\n');
  return runNode(['--import', 'tsx', '--input-type=module', '-e', script], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }).then(({ code, stdout, stderr }) => {
    const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
    if (code !== 0 || !line) throw new Error(`${exportName} in ${file} failed (exit ${code}):\n${stderr.slice(-3000)}`);
    return { ...(JSON.parse(line.slice(MARKER.length)) as Record<string, unknown>), loggedErrors: tallyErrors(`${stdout}\n${stderr}`) };
  });
}

export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Spawn to exit, ms. */
  readonly wallMs: number;
}

/** Runs `node <args>` with exactly `env` and collects its output; the exit code is the caller's to judge. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}

interface LogLine {
  level?: string;
  message?: string;
  error?: { message?: string };
}

function tallyErrors(stdout: string): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const text of stdout.split('\n')) {
    if (!text.startsWith('{')) continue;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      continue;
    }
    if (line.level !== 'ERROR') continue;
    // Retry counts vary per request; tally the message without them.
    const message = (line.error?.message ?? line.message ?? '(no message)').replace(/\(\d+ attempts\)/, '(n attempts)');
    tally[message] = (tally[message] ?? 0) + 1;
  }
  return tally;
}
