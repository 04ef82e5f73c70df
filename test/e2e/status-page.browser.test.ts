/**
 * The published status page in a real Chromium (Debian's, through playwright-core), as a person
 * reads it: components, an active incident with its public update and a scheduled maintenance,
 * found by role, heading and text. Also: nothing private reaches any published file, the page
 * weighs ≤ 50 KB gzip with no script, and the live routes answer the same page.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext, PHONE } from '../support/browser.ts';
import { baseUrl, call } from '../support/http.ts';

const SECRET = `SECRET-MARKER-${Date.now()}`;
const siteRoot = path.join(inject('dataDir'), 'site');
const root = path.resolve(import.meta.dirname, '../..');

/**
 * The published files. The publisher keeps writing while the other e2e files change incidents: a
 * file is written as `<name>.<pid>.<n>.tmp` and renamed over its target (shared/site/
 * local-site-writer.ts), so a `.tmp` may be gone by the time it is read; the targets never are.
 */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.endsWith('.tmp')) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let browser: Browser;
let incidentId = '';
const title = 'Elevated error rates on the Payments API';

beforeAll(async () => {
  browser = await launchBrowser();
  const api = await call<{ id: string }>('POST', '/v1/components', { role: 'admin', body: { name: 'Payments API', display_group: 'Core platform' } });
  const web = await call<{ id: string }>('POST', '/v1/components', { role: 'admin', body: { name: 'Customer dashboard', display_group: 'Core platform' } });
  await call('POST', '/v1/components', { role: 'admin', body: { name: 'Developer documentation', display_group: 'Websites' } });
  expect(api.status).toBe(201);
  const start = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const end = new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString();
  const maintenance = await call('POST', '/v1/maintenances', { role: 'responder', body: { title: 'Database upgrade', description: 'Writes pause for up to 10 minutes.', components: [web.body.id], start_time: start, end_time: end } });
  expect(maintenance.status).toBe(201);
  const incident = await call<{ id: string }>('POST', '/v1/incidents', {
    role: 'responder',
    body: { title, severity: 'high', components: [api.body.id], is_public: true, public_message: 'We are investigating elevated error rates.', internal_notes: `notes ${SECRET}` },
  });
  expect(incident.status).toBe(201);
  incidentId = incident.body.id;
  await call('POST', `/v1/incidents/${incidentId}/comments`, { role: 'responder', body: { body: `comment ${SECRET}` } });
  const update = await call('POST', `/v1/incidents/${incidentId}/updates`, { role: 'responder', body: { status: 'identified', message: `internal ${SECRET}`, public_message: 'The cause is identified; a fix is rolling out.' } });
  expect(update.status).toBe(201);
  // A private incident: never on the site.
  await call('POST', '/v1/incidents', { role: 'responder', body: { title: `Private ${SECRET}`, severity: 'critical', is_public: false } });
  // Published: the page served from .local/site shows the update (the publisher runs on the events).
  await waitFor('the published page to show the update', async () => {
    const res = await fetch(`${baseUrl}/status`);
    const text = await res.text();
    return res.ok && text.includes('a fix is rolling out') ? text : undefined;
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the published status page in Chromium', () => {
  it('shows components by group, the active incident with its public updates and the maintenance', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/status`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-/);

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/status$/i);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Status pages' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Core platform' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Websites' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Active incidents' }).isVisible()).toBe(true);
    const incident = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    expect(await incident.isVisible()).toBe(true);
    expect(await incident.getByText('The cause is identified; a fix is rolling out.').isVisible()).toBe(true);
    expect(await incident.getByText('We are investigating elevated error rates.').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Scheduled maintenance' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Database upgrade', exact: true }).isVisible()).toBe(true);
    // Status as text, not colour alone; the uptime bar has a text alternative.
    expect(await page.getByText('Partial outage').first().isVisible()).toBe(true);
    expect(await page.getByText('Operational').first().isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: /uptime over the last 90 days/ }).count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('script').count()).toBe(0);

    // SCREENSHOTS=1 (with this file run alone, so the page shows only its own data) rewrites the committed screenshot.
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: path.join(root, 'docs/screenshots/status-page-desktop.png'), fullPage: true });
    await context.close();
  });

  it('follows the incident link to its own page, and the skip link to the content', async () => {
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/status`);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    // SCREENSHOTS=1 (with this file run alone, so the page shows only its own data) rewrites the committed screenshot.
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: path.join(root, 'docs/screenshots/status-page-phone.png'), fullPage: true });
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL(`**/status/incidents/${incidentId}`);
    expect(await page.getByRole('heading', { level: 1, name: title }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Updates' }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Incident history' }).click();
    expect(await page.getByRole('heading', { level: 1, name: 'Incident history' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: title }).isVisible()).toBe(true);
    await context.close();
  });
});

describe('the published files', () => {
  it('contain no internal note, comment, internal message or private incident', () => {
    const files = filesUnder(siteRoot);
    expect(files.map((f) => path.relative(siteRoot, f))).toEqual(expect.arrayContaining(['status/index.html', 'status/history/index.html', `status/incidents/${incidentId}/index.html`]));
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  });

  it('the status page weighs at most 50 KB gzip (HTML with its inline CSS) and has no script', async () => {
    const res = await fetch(`${baseUrl}/status`);
    const html = await res.text();
    expect(gzipSync(html).length).toBeLessThanOrEqual(50 * 1024);
    expect(html).not.toMatch(/<script/i);
  });
});

describe('the live routes', () => {
  it('answer the same page from the table, with links among the live routes', async () => {
    const res = await call('GET', '/v1/status/page');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.text).toContain(`href="/v1/status/page/incidents/${incidentId}"`);
    expect(res.text).not.toContain(SECRET);
    const one = await call('GET', `/v1/status/page/incidents/${incidentId}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain('a fix is rolling out');
    const history = await call('GET', '/v1/status/page/history');
    expect(history.status).toBe(200);
    expect(history.text).toContain(title);
  });

  it('a private, unknown or malformed incident id is a 4xx problem', async () => {
    const unknown = await call('GET', '/v1/status/page/incidents/INC-20000101-0001');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const malformed = await call('GET', `/v1/status/page/incidents/${'x'.repeat(300)}`);
    expect(malformed.status).toBe(400);
  });
});
