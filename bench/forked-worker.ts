/**
 * A bench worker in its own process (its handler modules read the table name at load): requests
 * go out over IPC with an id, replies (`{id, ok, value | error}`) come back; id 0 says "ready".
 * The list and public-status benches each fork one per table size.
 */
import { fork, type ChildProcess } from 'node:child_process';

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
/** A request without its id (the worker assigns it). */
export type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

export class ForkedWorker<Request extends { id: number }> {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly ready: Promise<void>;

  constructor(file: string, readonly label: string, env: Record<string, string>) {
    this.child = fork(file, [], { execPath: process.execPath, execArgv: ['--import', 'tsx'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let onReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (onReady = resolve));
    this.child.on('message', (reply: WorkerReply) => {
      if (reply.id === 0) return onReady();
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(`${label}: ${reply.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${label} exited with ${code}`));
      this.pending.clear();
    });
  }

  call<T>(request: Body<Request>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
