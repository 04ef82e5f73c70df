/** The small pages a subscriber sees after following a link (confirm, unsubscribe). */
import { html } from '#shared/domain/status/html.ts';
import { STATUS_CSS } from '#shared/domain/status/status-pages.ts';
import { unsafeRaw } from '#shared/domain/status/html.ts';

export function subscriberPage(title: string, message: string, statusUrl: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${unsafeRaw(STATUS_CSS)}</style></head>
<body><main id="main"><h1>${title}</h1><p>${message}</p><p><a href="${statusUrl}">Current status</a></p></main></body></html>
`.value;
}
