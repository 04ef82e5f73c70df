/**
 * The small HTML pages of acknowledge links. Every interpolation is escaped; the page loads
 * nothing (CSP `default-src 'none'`), posts only to itself, is never cached and never framed.
 */
import type { ApiResult } from '#shared/http/api.ts';
import type { AckLinkState } from '#shared/use-cases/paging/ack-link.ts';

const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function page(status: number, title: string, body: string): ApiResult {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1.2rem;padding:.6rem 1.4rem}</style>
</head><body><h1>${escape(title)}</h1>${body}</body></html>`;
  return { status, text: html, contentType: 'text/html; charset=utf-8', headers: HEADERS };
}

const summary = (state: Extract<AckLinkState, { claims: unknown }>) => {
  const incident = 'incident' in state ? state.incident : undefined;
  return `<p>Incident <strong>${escape(state.claims.incident)}</strong>${incident ? `: ${escape(incident.title)} (${escape(incident.severity)}, ${escape(incident.status)})` : ''}</p><p>Page to <strong>${escape(state.claims.user)}</strong>.</p>`;
};

export function ackPage(state: AckLinkState, method: 'GET' | 'POST'): ApiResult {
  switch (state.state) {
    case 'invalid':
      return page(404, 'Link not valid', '<p>This acknowledge link is not valid. Nothing was changed.</p>');
    case 'expired':
      return page(410, 'Link expired', `${summary(state)}<p>This acknowledge link has expired. Nothing was changed; sign in to acknowledge.</p>`);
    case 'used':
      return page(409, 'Link already used', `${summary(state)}<p>This acknowledge link was already used (${escape(state.used_at)}). Nothing was changed.</p>`);
    case 'not_open':
      return page(409, 'Nothing to acknowledge', `${summary(state)}<p>The incident is ${escape(state.incident?.status ?? 'gone')}; nothing was changed.</p>`);
    case 'ready':
      return method === 'GET'
        ? page(200, 'Acknowledge incident?', `${summary(state)}<form method="post"><button type="submit">Acknowledge</button></form>`)
        : page(409, 'Nothing to acknowledge', `${summary(state)}<p>Nothing was changed.</p>`);
    case 'acknowledged':
      return page(200, 'Acknowledged', `${summary(state)}<p>Acknowledged as ${escape(state.claims.user)}. Escalation stops.</p>`);
  }
}
