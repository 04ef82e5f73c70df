/**
 * Public status subscribers on the local server: double opt-in through the signed link of the
 * confirmation e-mail (local e-mail sink, GET /_local/events), single use, malformed links → 4xx,
 * public updates by e-mail with public facts only and an unsubscribe link, limits per address and
 * per client, and the address in no output.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, call } from '../support/http.ts';

const stamp = Date.now();
const address = `subscriber-marker-${stamp}@example.com`;
const SECRET = `INTERNAL-${stamp}`;

interface Mail { to: string; type: string; subject?: string; text?: string }
async function mails(): Promise<Mail[]> {
  const res = await fetch(`${baseUrl}/_local/events`);
  return ((await res.json()) as { email: Mail[] }).email;
}
async function waitForMail(match: (m: Mail) => boolean, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mails()).filter(match).at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such e-mail');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const linkIn = (text: string, kind: 'confirm' | 'unsubscribe') => {
  const url = new RegExp(`https?://[^\\s]+/v1/status/subscribers/${kind}\\?token=[A-Za-z0-9_.-]+`).exec(text)?.[0];
  if (!url) throw new Error(`no ${kind} link in ${text}`);
  return new URL(url).pathname + new URL(url).search;
};

describe('public status subscribers', () => {
  let confirmPath = '';
  let unsubscribePath = '';

  it('refuses bad input with a problem naming the field, and stores nothing', async () => {
    const bad = await call('POST', '/v1/status/subscribers', { body: { email: 'not-an-address' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('body.email');
    const unknown = await call('POST', '/v1/status/subscribers', { body: { email: `x-${stamp}@example.com`, components: ['CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A'] } });
    expect(unknown.status).toBe(404);
  });

  it('accepts a subscription without revealing anything, and e-mails a confirmation link', async () => {
    const res = await call('POST', '/v1/status/subscribers', { body: { email: address } });
    expect(res.status).toBe(202);
    expect(res.text).not.toContain(address);
    const mail = await waitForMail((m) => m.type.endsWith('status_subscriber.confirmation_requested'));
    expect(mail.to).toBe('public subscriber');
    confirmPath = linkIn(mail.text ?? '', 'confirm');
  });

  it('shows a confirmation page on GET, which changes nothing (mail scanners fetch links)', async () => {
    for (let i = 0; i < 2; i++) {
      const page = await call('GET', confirmPath);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('<form method="post"><button type="submit">Confirm subscription</button></form>');
    }
    expect((await call('GET', '/v1/status/subscribers/confirm')).status).toBe(400);
  });

  it('confirms once by POST; a replayed, tampered or malformed link is a 4xx problem', async () => {
    const tampered = confirmPath.replace(/token=([^.]+)\.(.)/, (_m, p: string, c: string) => `token=${p}.${c === 'A' ? 'B' : 'A'}`);
    expect((await call('POST', tampered)).status).toBe(400);
    expect((await call('POST', '/v1/status/subscribers/confirm?token=garbage')).status).toBe(400);
    expect((await call('POST', '/v1/status/subscribers/confirm')).status).toBe(400);
    // The GETs above did not confirm: the first POST does.
    const ok = await call('POST', confirmPath);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Subscription confirmed');
    const replay = await call('POST', confirmPath);
    expect(replay.status).toBe(409);
    expect(replay.headers.get('content-type')).toBe('application/problem+json');
  });

  it('gets public incidents by e-mail with public facts only and an unsubscribe link', async () => {
    const incident = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Login delays ${stamp}`, severity: 'high', is_public: true, public_message: 'Sign-in is slow; we are on it.', internal_notes: SECRET } });
    expect(incident.status).toBe(201);
    await call('POST', `/v1/incidents/${incident.body.id}/updates`, { role: 'responder', body: { message: `internal ${SECRET}`, public_message: 'A fix is rolling out.' } });
    const created = await waitForMail((m) => m.to === 'public subscriber' && (m.subject ?? '').includes(`Login delays ${stamp}`) && (m.text ?? '').includes('Sign-in is slow'));
    const update = await waitForMail((m) => m.to === 'public subscriber' && (m.text ?? '').includes('A fix is rolling out.'));
    for (const m of [created, update]) expect(m.text).not.toContain(SECRET);
    unsubscribePath = linkIn(update.text ?? '', 'unsubscribe');
    // A private incident reaches no public subscriber.
    await call('POST', '/v1/incidents', { role: 'responder', body: { title: `Private ${stamp}`, severity: 'critical', is_public: false } });
    // The delivery records show no address.
    const attempts = await call('GET', `/v1/incidents/${incident.body.id}/notifications`, { role: 'viewer' });
    expect(attempts.status).toBe(200);
    expect(attempts.text).toContain('public subscriber');
    expect(attempts.text).not.toContain(address);
  });

  it('shows the unsubscribe page on GET, which does not unsubscribe: the next public update still arrives', async () => {
    for (let i = 0; i < 2; i++) {
      const page = await call('GET', unsubscribePath);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.text).toContain('<h1>Unsubscribe from status updates?</h1>');
      expect(page.text).toContain('<form method="post"><button type="submit">Unsubscribe</button></form>');
      expect(page.text).not.toContain(address);
    }
    expect((await call('POST', '/v1/incidents', { role: 'responder', body: { title: `After a GET ${stamp}`, severity: 'high', is_public: true } })).status).toBe(201);
    await waitForMail((m) => m.to === 'public subscriber' && (m.subject ?? '').includes(`After a GET ${stamp}`));
  });

  it('refuses a tampered, forged, wrong-purpose or malformed unsubscribe link with a 400 (its GET a page without a button, its POST a problem), and the subscriber stays subscribed', async () => {
    const token = new URLSearchParams(unsubscribePath.split('?')[1]).get('token') ?? '';
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ p: 'unsubscribe' });
    const forge = (change: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;
    const confirmToken = new URLSearchParams(confirmPath.split('?')[1]).get('token') ?? '';
    const refused = [
      `token=${payload}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`, // signature changed
      `token=${forge({ s: 'ssub_01JD0000000000000000000000' })}`, // another subscriber, signature kept
      `token=${forge({ e: 4_102_444_800 })}`, // a later expiry, signature kept
      `token=${confirmToken}`, // a (used) confirmation link's token is no unsubscribe link
      `token=${payload}`,
      'token=garbage',
      'token=',
      `token=${'a'.repeat(600)}`,
      `token=${token}&email=${encodeURIComponent(address)}`,
      '',
    ];
    for (const query of refused) {
      const res = await call<{ detail: string }>('POST', `/v1/status/subscribers/unsubscribe${query ? `?${query}` : ''}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.text).not.toContain(address);
    }
    // A person following such a link learns it on the page, before any button: the reason, no form.
    // (A query that is no token at all fails the query schema: a problem, as for the POST.)
    const reasons = ['its signature does not match', 'its signature does not match', 'its signature does not match', 'it is not an unsubscribe link', 'it is malformed', 'it is malformed'];
    for (const [i, reason] of reasons.entries()) {
      const page = await call('GET', `/v1/status/subscribers/unsubscribe?${refused[i] ?? ''}`);
      expect(page.status, refused[i]).toBe(400);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain('<h1>Link not valid</h1>');
      expect(page.text).toContain(`The link is not valid: ${reason}.`);
      expect(page.text).not.toContain('<form');
      expect(page.text).not.toContain(address);
    }
    for (const query of refused.slice(reasons.length)) {
      const res = await call('GET', `/v1/status/subscribers/unsubscribe${query ? `?${query}` : ''}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // Still subscribed: the next public incident is e-mailed, with the same kind of link.
    expect((await call('POST', '/v1/incidents', { role: 'responder', body: { title: `After forged links ${stamp}`, severity: 'high', is_public: true } })).status).toBe(201);
    const mail = await waitForMail((m) => m.to === 'public subscriber' && (m.subject ?? '').includes(`After forged links ${stamp}`));
    const next = new URLSearchParams(linkIn(mail.text ?? '', 'unsubscribe').split('?')[1]).get('token') ?? '';
    expect(JSON.parse(Buffer.from(next.split('.')[0] ?? '', 'base64url').toString('utf8'))).toMatchObject({ p: 'unsubscribe', s: claims.s });
  });

  it('unsubscribes through the link: GET shows the button, POST (twice, or one-click per RFC 8058) unsubscribes, then nothing arrives', async () => {
    const page = await call('GET', unsubscribePath);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<button type="submit">Unsubscribe</button>');
    expect((await call('POST', unsubscribePath)).status).toBe(200);
    expect((await call('POST', unsubscribePath)).status).toBe(200);
    const oneClick = await call('POST', unsubscribePath, { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.status).toBe(200);
    const before = (await mails()).length;
    await call('POST', '/v1/incidents', { role: 'responder', body: { title: `After unsubscribe ${stamp}`, severity: 'high', is_public: true } });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mails()).slice(before).filter((m) => (m.subject ?? '').includes(`After unsubscribe ${stamp}`))).toEqual([]);
  });

  it('limits attempts per address (3 an hour) and per client (10 an hour)', async () => {
    const other = `limit-${stamp}@example.com`;
    for (let i = 0; i < 3; i++) expect((await call('POST', '/v1/status/subscribers', { body: { email: other } })).status).toBe(202);
    const limited = await call('POST', '/v1/status/subscribers', { body: { email: other.toUpperCase() } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.text).toContain('one address');
    // This client has made 7 counted attempts so far (1 + 3 + the limited one + …): fill to 10, then refused.
    const results: number[] = [];
    for (let i = 0; i < 8; i++) results.push((await call('POST', '/v1/status/subscribers', { body: { email: `client-${stamp}-${i}@example.com` } })).status);
    expect(results).toContain(429);
    expect(results.indexOf(429)).toBeGreaterThan(0);
    expect(results.slice(results.indexOf(429)).every((s) => s === 429)).toBe(true);
  });

  it('shows the address in no output: site files, status pages, local events', async () => {
    const site = path.join(inject('dataDir'), 'site');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
    })(site);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(address);
    for (const p of ['/v1/status/page', '/v1/status/page/history', '/_local/events']) expect((await call('GET', p)).text, p).not.toContain(address);
  });
});
