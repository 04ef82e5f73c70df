/**
 * Local mode's scheduler, behind the same TimerScheduler interface as EventBridge Scheduler. The
 * timer items in the table ARE the schedules: a pending timer carries the due-time index (gsi3
 * `TIMERS#PENDING`), and the poller queries it for what is due and hands each timer to the same
 * use case the timer Lambda runs. Nothing is kept in memory, so pending timers survive a restart
 * of `npm start` and fire late rather than never.
 *
 * `arm` only wakes the poller (the item was written in the transaction that armed it); `cancel`
 * has nothing to delete (cancelling removed the item from the index). The poller marks nothing
 * itself: the fire use case settles the timer with a conditional write, so a timer handed over
 * twice (two runtimes on one table, a restart mid-fire) acts once.
 */
import type { Timer } from '#shared/domain/paging/escalation.ts';
import { payloadOf, type TimerPayload, type TimerScheduler } from '#shared/schedule/scheduler.ts';

export interface LocalSchedulerOptions {
  readonly dueTimers: (until: string, limit: number) => Promise<Timer[]>;
  /** Due timers are handed to the `fire` given to start(). */
  /** @default 50 ms */
  readonly intervalMs?: number;
  /** Timers fired at once. @default 16 */
  readonly concurrency?: number;
  readonly now?: () => Date;
  readonly onError?: (message: string, error: unknown) => void;
}

export class LocalScheduler implements TimerScheduler {
  /** Timers handed to `fire`, with how late they were (ms after due): the benchmark reads it. */
  readonly fired: { name: string; lateMs: number }[] = [];
  private readonly inFlight = new Set<string>();
  /** Back-off per timer whose fire failed (name → next try, epoch ms). */
  private readonly retryAt = new Map<string, { at: number; attempts: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> | undefined;
  private wake = false;
  private fire: (payload: TimerPayload) => Promise<unknown> = () => Promise.reject(new Error('local scheduler not started'));

  constructor(private readonly options: LocalSchedulerOptions) {}

  arm(_timer: Timer): Promise<'created' | 'exists'> {
    this.wake = true;
    return Promise.resolve('created');
  }

  cancel(_name: string): Promise<'deleted' | 'gone'> {
    return Promise.resolve('gone');
  }

  /** Polls until stop(), handing each due timer to `fire` (the timer function's handler). */
  start(fire: (payload: TimerPayload) => Promise<unknown>): void {
    if (this.running) return;
    this.fire = fire;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    while (this.inFlight.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll().then(() => undefined).finally(() => {
        this.polling = undefined;
        this.schedule(this.wake ? 0 : (this.options.intervalMs ?? 50));
        this.wake = false;
      });
    }, ms);
  }

  /** One poll: every due timer not yet in flight is handed to `fire`. Exposed for tests. */
  async poll(): Promise<number> {
    const now = (this.options.now ?? (() => new Date()))();
    const concurrency = this.options.concurrency ?? 16;
    let due: Timer[];
    try {
      due = await this.options.dueTimers(now.toISOString(), 100);
    } catch (error) {
      this.options.onError?.('local scheduler: could not read due timers', error);
      return 0;
    }
    let started = 0;
    for (const timer of due) {
      if (!this.running && started > 0) break;
      if (this.inFlight.has(timer.name) || this.inFlight.size >= concurrency) continue;
      const retry = this.retryAt.get(timer.name);
      if (retry && retry.at > now.getTime()) continue;
      this.inFlight.add(timer.name);
      started += 1;
      const lateMs = now.getTime() - Date.parse(timer.due_at);
      void this
        .fire(payloadOf(timer))
        .then(() => {
          this.fired.push({ name: timer.name, lateMs });
          if (this.fired.length > 10_000) this.fired.splice(0, this.fired.length - 10_000);
          this.retryAt.delete(timer.name);
        })
        .catch((error: unknown) => {
          const attempts = (retry?.attempts ?? 0) + 1;
          this.retryAt.set(timer.name, { at: Date.now() + Math.min(30_000, 100 * 2 ** attempts), attempts });
          this.options.onError?.(`local scheduler: timer ${timer.name} failed (attempt ${attempts})`, error);
        })
        .finally(() => {
          this.inFlight.delete(timer.name);
          if (this.inFlight.size === 0 || due.length >= 100) this.wake = true;
        });
    }
    return started;
  }
}
