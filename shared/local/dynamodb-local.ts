/**
 * Starts DynamoDB Local, the official AWS emulator, from the jar that ships inside the npm package
 * `amplify-dynamodb-simulator`. Used by `npm start` (data under .local/) and by the test global
 * setup (in memory, free port). It supports transactions and streams, which the service relies on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Directory for the database file; omitted means in memory. */
  readonly dbPath?: string;
  /** Port to listen on; omitted means a free port. */
  readonly port?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java (17 or newer) on the PATH, and `java -version` failed. ' +
        'Install it (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) and try again.',
    );
  }
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' });
      await res.body?.cancel();
      return; // any HTTP answer means it is up
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const PID_FILE = 'dynamodb-local.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A DynamoDB Local left running on this database by a runtime that was killed (SIGKILL, OOM: it
 * could not stop its child) would keep the database files open next to the new one: stop it
 * first. Only a process that is DynamoDB Local on this very directory (by its command line).
 */
async function stopStale(dbPath: string): Promise<void> {
  const file = path.join(dbPath, PID_FILE);
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return;
  }
  const command = Number.isInteger(pid) && pid > 0 ? spawnSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8' }).stdout ?? '' : '';
  if (command.includes('DynamoDBLocal.jar') && command.includes(path.resolve(dbPath))) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    // Bounded: where nothing reaps orphans, a killed process stays a zombie (harmless, files closed).
    const killed = Date.now() + 5000;
    while (alive(pid) && Date.now() < killed) await new Promise((r) => setTimeout(r, 50));
  }
  rmSync(file, { force: true });
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  if (options.dbPath) await stopStale(options.dbPath);
  const port = options.port ?? (await freePort());
  const dir = emulatorDir();
  const args = ['-Xms64m', '-Xmx512m', `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`, '-jar', 'DynamoDBLocal.jar', '-port', String(port), '-disableTelemetry'];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-sharedDb', '-dbPath', path.resolve(options.dbPath));
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const pidFile = options.dbPath && child.pid ? path.join(options.dbPath, PID_FILE) : undefined;
  if (pidFile) writeFileSync(pidFile, `${child.pid}\n`);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (pidFile) rmSync(pidFile, { force: true });
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
