/**
 * Escalation writes are conditional (incident version, escalation version, timer state). When a
 * condition fails someone else acted meanwhile: re-read and decide again (the decision may now
 * be "nothing to do").
 */
import { ExtraWriteRejected, VersionConflict } from '#shared/store/incidents/incident-store.ts';
import { EscalationWriteRejected } from '#shared/store/paging/escalation-store.ts';

const MAX_ATTEMPTS = 5;

export const isConflict = (error: unknown): boolean => error instanceof VersionConflict || error instanceof ExtraWriteRejected || error instanceof EscalationWriteRejected;

export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error) || n >= MAX_ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * n));
    }
  }
}
