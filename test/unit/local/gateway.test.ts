/** The local gateway counts the API requests it is serving (the site publisher waits for them: shared/local/site-publisher.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Route } from '#lib/routes.ts';
import { createGateway, type LocalGateway } from '#shared/local/gateway.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

/** A gateway with one public route whose handler answers when the test releases it, and a published site file. */
async function slowGateway(): Promise<{ gateway: LocalGateway; url: string; release: () => void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'gateway-'));
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, 'slow.mjs'), 'export const handler = async () => { await globalThis.gatewayTestGate; return { statusCode: 200, body: "done" }; };');
  mkdirSync(path.join(root, 'status'));
  writeFileSync(path.join(root, 'status', 'index.html'), '<p>status</p>');
  let release!: () => void;
  (globalThis as { gatewayTestGate?: Promise<void> }).gatewayTestGate = new Promise<void>((resolve) => (release = resolve));
  const route: Route = { id: 'slow', method: 'GET', path: '/v1/slow', entry: 'slow.mjs', access: 'public', table: 'read', summary: 'Answers when released', tag: 'test' };
  const gateway = createGateway({ routes: [route], root, verifier: () => Promise.reject(new Error('no tokens here')), site: { root, prefixes: ['/status'] } });
  const url = await gateway.listen(0);
  cleanup.push(() => gateway.close());
  return { gateway, url, release };
}

describe('local gateway: API requests in flight', () => {
  it('counts an API request from its arrival until its answer, and neither site files nor unknown paths', async () => {
    const { gateway, url, release } = await slowGateway();
    expect(gateway.inFlight()).toBe(0);
    const answers = Promise.all([fetch(`${url}/v1/slow`), fetch(`${url}/v1/slow`)]);
    const deadline = Date.now() + 3000;
    while (gateway.inFlight() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(gateway.inFlight()).toBe(2);
    // The site and a 404 are answered while the API requests wait, and are not counted.
    expect((await fetch(`${url}/status/index.html`)).status).toBe(200);
    expect((await fetch(`${url}/v1/nothing`)).status).toBe(404);
    expect(gateway.inFlight()).toBe(2);
    release();
    const responses = await answers;
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(['done', 'done']);
    while (gateway.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(gateway.inFlight()).toBe(0);
  });
});
