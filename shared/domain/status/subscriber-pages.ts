/**
 * The small pages a subscriber sees after following a link (confirm, unsubscribe). A link's GET
 * only shows a form that POSTs back to the same URL: mail scanners and link previewers fetch every
 * link in a message, and a GET that acted would confirm addresses nobody confirmed (defeating the
 * double opt-in) or unsubscribe people who did not ask.
 */
import { html } from '#shared/domain/status/html.ts';
import { STATUS_CSS } from '#shared/domain/status/status-pages.ts';
import { unsafeRaw } from '#shared/domain/status/html.ts';

export function subscriberPage(title: string, message: string, statusUrl: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${unsafeRaw(STATUS_CSS)}</style></head>
<body><main id="main"><h1>${title}</h1><p>${message}</p><p><a href="${statusUrl}">Current status</a></p></main></body></html>
`.value;
}

/** The page a link's GET shows: what the button will do, and the button (a POST to this same URL). */
export function subscriberFormPage(title: string, message: string, button: string, statusUrl: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${unsafeRaw(STATUS_CSS)}</style></head>
<body><main id="main"><h1>${title}</h1><p>${message}</p><form method="post"><button type="submit">${button}</button></form><p><a href="${statusUrl}">Current status</a></p></main></body></html>
`.value;
}
