/**
 * Kill the local runtime (SIGKILL) in the middle of the writes and start it again on the same
 * data dir: every change's event reaches the webhook subscriber (test/support/restart-scenario.ts;
 * bench/restart.ts runs it with 500 writes).
 */
import { describe, expect, it } from 'vitest';
import { runRestartScenario } from '../support/restart-scenario.ts';

describe('local runtime killed mid-writes', () => {
  it('delivers every committed change after the restart, none lost, at most one delivery batch (10) twice', { timeout: 300_000 }, async () => {
    const result = await runRestartScenario({ writes: 150, killAfter: 75, concurrency: 8 });
    expect(result.failed).toBe(0);
    expect(result.orphan_stopped).toBe(true);
    expect(result.acknowledged_before_kill).toBe(75);
    // Everything acknowledged is in the table, plus whatever the kill cut off but had committed.
    expect(result.changes).toBeGreaterThanOrEqual(result.acknowledged_before_kill + result.acknowledged_after_restart);
    expect(result.missing_ids).toEqual([]);
    expect(result.unexpected).toBe(0);
    // At least once: a duplicate needs the kill to land between the subscriber's 2xx and the
    // delivered marker's write. The subscriber's sends take turns but its markers are written while
    // the next sends go out, so the sends of its one batch in flight (at most 10) may go out again
    // (docs/architecture.md, "Reliability"); the subscriber de-duplicates them by CloudEvent id.
    expect(result.duplicates).toBeLessThanOrEqual(10);
  });
});
