/**
 * A pending escalation timer survives a crash of `npm start` (issue 9): its timer is an item in the
 * table, and the local scheduler re-reads the table when it starts, so a step due while the
 * runtime was down fires late rather than never, and once.
 *
 * Its own runtime on its own data dir (kept on disk), LOCAL_SCHEDULER_SPEED=60: a minute lasts 1 s.
 * Step 1 pages alice at once; step 2 (bob) is due 6 s later. The runtime is killed with SIGKILL
 * as soon as alice is paged, stays down past bob's due time, and is started again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#shared/local/dynamodb-local.ts';
import { loadIssuer } from '#shared/local/issuer.ts';
import { exited, killOrphan, startChild, stopChild, type LocalChild } from '../support/restart-scenario.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'incident-timer-restart-'));
const receivers: WebhookReceiver[] = [];
let runtime: LocalChild | undefined;

afterAll(async () => {
  if (runtime) await stopChild(runtime.process);
  killOrphan(dataDir);
  await Promise.all(receivers.map((r) => r.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local escalation timers across a crash', () => {
  it('a step due while npm start was down fires after the restart, once', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const env = { LOCAL_SCHEDULER_SPEED: '60' };
    runtime = await startChild(dataDir, port, env);
    const base = `http://127.0.0.1:${port}`;
    const issuer = await loadIssuer(dataDir);
    const admin = await issuer.sign({ role: 'admin', username: 'timer-admin' });
    const send = async (method: string, p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, `${method} ${p}: ${JSON.stringify(json)}`).toBeLessThan(300);
      return json;
    };
    const [alice, bob] = [await startReceiver(), await startReceiver()] as [WebhookReceiver, WebhookReceiver];
    receivers.push(alice, bob);
    // Their preferences match no event: every request they get is a page.
    for (const [id, r] of [['alice', alice], ['bob', bob]] as const) {
      await send('PUT', `/v1/users/${id}/notification_preferences`, { enabled: true, channels: [{ channel: 'slack', target: r.url }], event_types: ['component.status_changed'] });
    }
    await send('POST', '/v1/teams', { id: 'night', name: 'Night shift', members: ['alice', 'bob'] });
    await send('POST', '/v1/escalation_policies', {
      name: 'Night shift',
      conditions: { teams: ['night'] },
      steps: [
        { delay_minutes: 0, targets: [{ type: 'user', id: 'alice' }] },
        { delay_minutes: 6, targets: [{ type: 'user', id: 'bob' }] },
      ],
      repeat: 0,
    });
    const incident = await send('POST', '/v1/incidents', { title: 'Night batch failing', severity: 'critical', assigned_team: 'night' });

    await alice.waitFor((r) => r.delivered().length >= 1, 30_000);
    const killedAt = Date.now();
    runtime.process.kill('SIGKILL');
    await exited(runtime.process);
    expect(bob.delivered()).toHaveLength(0);
    // Stay down past bob's due time (6 s after step 1).
    await new Promise((r) => setTimeout(r, Math.max(0, 8_000 - (Date.now() - killedAt))));

    runtime = await startChild(dataDir, port, env);
    await bob.waitFor((r) => r.delivered().length >= 1, 60_000);
    expect(bob.delivered()[0]?.body).toContain(String(incident.id));
    const escalations = (await (await fetch(`${base}/v1/incidents/${String(incident.id)}/escalations`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { step: number; outcome: string }[] };
    expect(escalations.items.filter((e) => e.step === 2)).toHaveLength(1);
    // Fired once: nothing more arrives.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(bob.delivered()).toHaveLength(1);
  });
});
