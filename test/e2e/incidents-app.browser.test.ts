/**
 * The /incidents app in a real browser (Debian's Chromium through playwright-core) against the
 * local server of this tier (the same entry as `npm start`). Elements are found by role and
 * label, as a person finds them. `SCREENSHOTS=1` also writes docs/screenshots/*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, PHONE } from '../support/browser.ts';
import { pkceChallenge } from '#shared/local/sign-in.ts';
import { baseUrl, call } from '../support/http.ts';

const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : undefined;

/** Browser-side expressions as strings: this project's TypeScript has no DOM library (Node code). */
const IS_FOCUSED = (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement;
const OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

let browser: Browser;
let context: BrowserContext | undefined;
const components: Record<string, string> = {};
const run = randomUUID().slice(0, 8);

beforeAll(async () => {
  browser = await launchBrowser();
  for (const [name, group] of [
    [`Checkout API ${run}`, 'Shop'],
    [`Payments ${run}`, 'Shop'],
    [`Login ${run}`, 'Accounts'],
  ] as const) {
    const res = await call<{ id: string }>('POST', '/v1/components', { role: 'admin', body: { name, display_group: group } });
    expect(res.status).toBe(201);
    components[name] = res.body.id;
  }
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
  context = await newContext(browser, viewport);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

async function signIn(page: Page, role: 'viewer' | 'responder' | 'admin' = 'responder', person = 'sam', hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/incidents/${hash}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Sign in to the incident service' }).waitFor();
  await page.getByLabel('Person').fill(person);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

const shot = async (page: Page, name: string) => {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
};

describe('the /incidents app is served safely', () => {
  it('serves the page with a strict CSP (no unsafe-inline) and the right content types', async () => {
    const html = await fetch(`${baseUrl}/incidents/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await html.text();
    expect(body).not.toMatch(/<script>|<style>|\sstyle=|\son\w+=/);
    const script = /src="(app-\w+\.js)"/.exec(body)?.[1];
    const css = /href="(app-\w+\.css)"/.exec(body)?.[1];
    const js = await fetch(`${baseUrl}/incidents/${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${baseUrl}/incidents/${css}`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${baseUrl}/incidents/config.json`)).headers.get('content-type')).toBe('application/json');
    expect((await fetch(`${baseUrl}/incidents/../package.json`)).status).toBe(404);
    const redirect = await fetch(`${baseUrl}/incidents`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/incidents/');
  });

  it('issues tokens only for the PKCE verifier of the code, refreshes them and revokes the refresh token', async () => {
    const redirectUri = `${baseUrl}/incidents/`;
    const verifier = randomUUID() + randomUUID();
    const code = async (): Promise<string> => {
      const res = await fetch(`${baseUrl}/_local/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          response_type: 'code',
          client_id: 'incident-service-local',
          redirect_uri: redirectUri,
          state: 's1',
          code_challenge: pkceChallenge(verifier),
          code_challenge_method: 'S256',
          username: 'kim',
          role: 'admin',
        }),
      });
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.origin + location.pathname).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe('s1');
      return location.searchParams.get('code') ?? '';
    };
    const form = (body: Record<string, string>, endpoint = 'token') =>
      fetch(`${baseUrl}/_local/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: 'incident-service-local', ...body }) });

    const wrong = await form({ grant_type: 'authorization_code', code: await code(), redirect_uri: redirectUri, code_verifier: 'x'.repeat(43) });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    const good = await code();
    const ok = await form({ grant_type: 'authorization_code', code: good, redirect_uri: redirectUri, code_verifier: verifier });
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(3600);
    const me = await call<{ name: string; roles: string[] }>('GET', '/v1/me', { token: tokens.access_token });
    expect(me.body).toMatchObject({ name: 'kim', roles: ['admin'] });
    // A code is used once.
    expect((await form({ grant_type: 'authorization_code', code: good, redirect_uri: redirectUri, code_verifier: verifier })).status).toBe(400);

    const refreshed = await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '/v1/me', { token: ((await refreshed.json()) as { access_token: string }).access_token })).status).toBe(200);
    expect((await form({ token: tokens.refresh_token }, 'revoke')).status).toBe(200);
    expect((await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(400);

    // No open redirect: a redirect_uri elsewhere gets the error page, not a code.
    const elsewhere = await fetch(`${baseUrl}/_local/authorize?response_type=code&client_id=incident-service-local&redirect_uri=https://evil.example/&code_challenge=${pkceChallenge(verifier)}&code_challenge_method=S256`);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('redirect_uri must be a URL on this server');
  });
});

describe('signing in and the create form', () => {
  it('signs in through the local sign-in page and keeps the token out of storage', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam');
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('sam');
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ/);
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
  });

  it('shows every required-field message next to its field and moves the focus to them', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam', '#/new');
    await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
    await page.getByRole('button', { name: 'Create incident' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'fields need attention' });
    await summary.waitFor();
    expect(await summary.evaluate(IS_FOCUSED)).toBe(true);
    await expect.poll(() => page.getByLabel('Incident Title (required)').getAttribute('aria-invalid')).toBe('true');
    const titleField = page.locator('.field', { has: page.getByLabel('Incident Title (required)') });
    expect(await titleField.textContent()).toContain('Enter the incident title.');
    expect(await page.getByRole('group', { name: 'Impact (required)' }).textContent()).toContain('Choose the impact.');
    expect(await page.getByRole('group', { name: 'Affected services (required)' }).textContent()).toContain('Choose at least one affected service.');
    expect(await page.locator('.field', { has: page.getByLabel('Start date (required)') }).textContent()).toContain('Enter the start date and time.');
    // The description of the invalid field names its message (screen readers read it with the field).
    const described = await page.getByLabel('Incident Title (required)').getAttribute('aria-describedby');
    expect(described).toContain('title-error');

    await page.getByLabel('Incident Title (required)').fill('Short');
    await page.getByRole('button', { name: 'Create incident' }).click();
    await expect.poll(() => titleField.textContent()).toContain('at least 8 characters (it has 5)');

    // Impact 0 plans a maintenance window and then also asks for its end.
    await page.getByRole('radio', { name: /0 · maintenance/ }).check();
    await page.getByRole('button', { name: 'Plan maintenance' }).click();
    expect(await page.locator('.field', { has: page.getByLabel('Maintenance end (required)') }).textContent()).toContain('Enter when the maintenance ends.');
    await shot(page, 'form-errors-desktop');
  });

  it('plans a maintenance window with impact 0', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam', '#/new');
    const title = `Database upgrade ${run}`;
    await page.getByLabel('Incident Title (required)').fill(title);
    await page.getByRole('radio', { name: /0 · maintenance/ }).check();
    await page.getByRole('checkbox', { name: `Payments ${run}` }).check();
    await page.getByLabel('Maintenance start (required)').fill('2030-01-10T02:00');
    await page.getByLabel('Maintenance end (required)').fill('2030-01-10T01:00');
    await page.getByRole('button', { name: 'Plan maintenance' }).click();
    await expect.poll(() => page.locator('.field', { has: page.getByLabel('Maintenance end (required)') }).textContent()).toContain('after the start');
    await page.getByLabel('Maintenance end (required)').fill('2030-01-10T04:00');
    await page.getByRole('button', { name: 'Plan maintenance' }).click();
    await page.getByRole('heading', { name: 'Maintenance windows' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Planned');
  });
});

describe('an incident from the form to resolved', () => {
  it('creates through the form, finds it with a filter, acknowledges, updates and resolves it', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam', '#/new');
    const title = `Checkout fails for cards ${run}`;
    await page.getByLabel('Incident Title (required)').fill(title);
    await page.getByRole('radio', { name: /2 · major/ }).check();
    await page.getByRole('checkbox', { name: `Checkout API ${run}` }).check();
    await page.getByRole('button', { name: 'Use the current time' }).click();
    await page.getByLabel('Team (optional)').fill(`shop-${run}`);
    await page.getByRole('button', { name: 'Create incident' }).click();

    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'created' }).count()).toBe(1);
    const id = (await page.locator('article p.muted').first().textContent()) ?? '';
    expect(id).toMatch(/^INC-\d{8}-\d{4,}$/);
    const stored = await call<{ impact: number; severity: string; components: string[]; assigned_team: string }>('GET', `/v1/incidents/${id}`, { role: 'viewer' });
    expect(stored.body).toMatchObject({ impact: 2, severity: 'high', components: [components[`Checkout API ${run}`]], assigned_team: `shop-${run}` });

    // The list, filtered by service and status; the filters land in the URL.
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('link', { name: id }).waitFor();
    await shot(page, 'list-desktop');
    await page.getByLabel('Service').selectOption({ label: `Shop / Checkout API ${run}` });
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain(`component=${components[`Checkout API ${run}`]}`);
    expect(page.url()).toContain('status=open');
    await page.getByRole('caption').filter({ hasText: 'matching the filters' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2); // header + the one incident
    await page.getByRole('link', { name: id }).click();

    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.locator('.badges').textContent()).toContain('Acknowledged');
    // Only the moves the API allows from acknowledged are offered.
    const moves = await page.getByRole('group', { name: 'Change the status' }).getByRole('button').allTextContents();
    expect(moves).toEqual(['Start investigating', 'Mark identified', 'Start monitoring', 'Resolve', 'Close (review done)']);

    await page.getByLabel('New status (optional)').selectOption('investigating');
    await page.getByLabel('Message (required)').fill('Card processor times out; failing over.');
    await page.getByLabel('Public message (optional)').fill('Some card payments fail. We are on it.');
    await page.getByRole('button', { name: 'Add update' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Timeline' }).textContent()).toContain('Card processor times out; failing over.');
    expect(await page.locator('.badges').textContent()).toContain('Investigating');

    await page.getByRole('textbox', { name: 'Comment' }).fill('Processor status page confirms.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Comments' }).textContent()).toContain('Processor status page confirms.');
    await page.getByLabel('Person').fill('riley');
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Assignments' }).textContent()).toContain('riley');
    await shot(page, 'detail-desktop');

    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.locator('.badges').textContent()).toContain('Resolved');
    expect(await page.getByRole('group', { name: 'Change the status' }).getByRole('button').allTextContents()).toEqual(['Reopen', 'Close (review done)']);
    const final = await call<{ status: string; resolved_at: string | null }>('GET', `/v1/incidents/${id}`, { role: 'viewer' });
    expect(final.body.status).toBe('resolved');
    expect(final.body.resolved_at).not.toBeNull();

    // The component grid names each component's status in words.
    await page.getByRole('link', { name: 'Components' }).click();
    await page.getByRole('heading', { name: 'Component status' }).waitFor();
    const tile = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Checkout API ${run}` }) });
    await expect.poll(() => tile.textContent()).toContain('Operational');
    await shot(page, 'components-desktop');
  });

  it('creates an incident with the keyboard alone', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam', '#/new');
    await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
    const title = `Login page errors ${run}`;
    /**
     * Tab until `target` has the focus, as a keyboard user moves: at most once around the page
     * (other tests share the server, so the component list can hold hundreds of checkboxes).
     */
    const tabTo = async (target: ReturnType<Page['getByLabel']>) => {
      const stops = await page.evaluate<number>("document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length");
      for (let i = 0; i <= stops; i++) {
        if (await target.evaluate(IS_FOCUSED)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('could not reach the control with Tab');
    };
    await tabTo(page.getByLabel('Incident Title (required)'));
    await page.keyboard.type(title);
    await page.keyboard.press('Tab'); // the first impact radio (none chosen yet)
    await page.keyboard.press('ArrowDown'); // 1 · minor
    await page.keyboard.press('ArrowDown'); // 2 · major
    await page.keyboard.press('ArrowDown'); // 3 · outage
    expect(await page.getByRole('radio', { name: /3 · outage/ }).isChecked()).toBe(true);
    await tabTo(page.getByRole('checkbox', { name: `Login ${run}` }));
    await page.keyboard.press('Space');
    await tabTo(page.getByRole('button', { name: 'Use the current time' }));
    await page.keyboard.press('Enter');
    await tabTo(page.getByRole('button', { name: 'Create incident' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    // The new view starts at its content.
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    const list = await call<{ items: { title: string; impact: number; components: string[] }[] }>('GET', `/v1/incidents?component=${components[`Login ${run}`]}`, { role: 'viewer' });
    expect(list.body.items).toEqual([expect.objectContaining({ title, impact: 3, components: [components[`Login ${run}`]] })]);
  });
});

describe('safety, roles and live data', () => {
  it('renders a title with HTML in it as text', async () => {
    const title = '<img src=x onerror=alert(1)> checkout';
    const created = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title, severity: 'low', description: '<script>alert(2)</script>' } });
    const page = await openPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await signIn(page, 'viewer', 'riley', `#/incident/${created.body.id}`);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe(title);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.getByText('<script>alert(2)</script>').count()).toBe(1);
    await page.getByRole('link', { name: 'All incidents' }).click();
    await page.getByRole('cell', { name: title }).first().waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('shows a viewer no write controls', async () => {
    const created = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Viewer check ${run}`, severity: 'low' } });
    const page = await openPage();
    await signIn(page, 'viewer', 'riley', `#/incident/${created.body.id}`);
    await page.getByRole('heading', { name: `Viewer check ${run}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add update' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add comment' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Report/ }).count()).toBe(0);
    // Even at the form's address a viewer gets no form, and is told why.
    await page.evaluate("location.hash = '#/new'");
    await page.getByRole('alert').filter({ hasText: 'Not allowed' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create incident' }).count()).toBe(0);
  });

  it('refreshes an open detail by itself when the incident changes', async () => {
    const created = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Live refresh ${run}`, severity: 'medium' } });
    const page = await openPage();
    await signIn(page, 'responder', 'sam', `#/incident/${created.body.id}`);
    await page.getByRole('heading', { name: `Live refresh ${run}` }).waitFor();
    await call('PUT', `/v1/incidents/${created.body.id}/status`, { role: 'responder', body: { status: 'monitoring' } });
    await expect.poll(() => page.locator('.badges').textContent(), { timeout: 12_000, interval: 500 }).toContain('Monitoring');
  });

  it('says when someone else changed the incident during an edit (412) and offers a reload', async () => {
    const created = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Edit race ${run}`, severity: 'medium' } });
    const page = await openPage();
    await signIn(page, 'responder', 'sam', `#/incident/${created.body.id}`);
    await page.getByRole('button', { name: 'Edit the details' }).click();
    await page.getByLabel('Internal notes (never public)').fill('Mine: restart the pool');
    await call('PATCH', `/v1/incidents/${created.body.id}`, { role: 'responder', body: { assignee: 'someone' }, headers: { 'if-match': '"1"' } });
    await page.getByRole('button', { name: 'Save changes' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Someone else changed this incident' });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Reload the incident' }).click();
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('someone');
    expect(await page.getByLabel('Internal notes (never public)').inputValue()).toBe('Mine: restart the pool');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await call<{ internal_notes: string; assignee: string }>('GET', `/v1/incidents/${created.body.id}`, { role: 'viewer' })).body).toMatchObject({ internal_notes: 'Mine: restart the pool', assignee: 'someone' });
  });

  it('keeps what was typed when the session ends while the form is open', async () => {
    const page = await openPage();
    await signIn(page, 'responder', 'sam', '#/new');
    await page.getByLabel('Incident Title (required)').fill(`Half-typed report ${run}`);
    await page.getByRole('radio', { name: /1 · minor/ }).check();
    // Tokens live in memory only: a reload ends the session like an expiry does.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to the incident service' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
    expect(await page.getByLabel('Incident Title (required)').inputValue()).toBe(`Half-typed report ${run}`);
    expect(await page.getByRole('radio', { name: /1 · minor/ }).isChecked()).toBe(true);
  });

  it('works at phone width', async () => {
    const page = await openPage(PHONE);
    await signIn(page, 'responder', 'sam');
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    await page.getByRole('table').waitFor();
    const overflow = await page.evaluate<number>(OVERFLOW);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'list-phone');
    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await page.getByRole('button', { name: 'Create incident' }).click();
    await page.getByRole('alert').filter({ hasText: 'fields need attention' }).waitFor();
    expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await shot(page, 'form-errors-phone');
  });
});
