/**
 * The small pages a subscriber sees after following a link (confirm, unsubscribe). A link's GET
 * only shows a form that POSTs back to the same URL: mail scanners and link previewers fetch every
 * link in a message, and a GET that acted would confirm addresses nobody confirmed (defeating the
 * double opt-in) or unsubscribe people who did not ask.
 */
import { InvalidInputError } from '#shared/domain/errors.ts';
import { html } from '#shared/domain/status/html.ts';
import { STATUS_CSS } from '#shared/domain/status/status-pages.ts';
import { unsafeRaw } from '#shared/domain/status/html.ts';
import { verifyToken, type TokenPurpose } from '#shared/domain/status/subscriber-token.ts';

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

/**
 * A link's GET page: the form, or, if the link cannot work (malformed, not signed with this
 * service's key, made for the other purpose, expired), why, and no button, so a person who follows
 * an old link learns it before pressing anything. It checks the link only; whether the subscriber
 * still exists is the POST's business (it answers the same either way).
 */
export function subscriberLinkPage(
  link: { readonly secret: string; readonly token: string; readonly purpose: TokenPurpose; readonly now: Date },
  form: { readonly title: string; readonly message: string; readonly button: string },
  statusUrl: string,
): { readonly status: 200 | 400; readonly text: string } {
  try {
    verifyToken(link.secret, link.token, link.purpose, Math.floor(link.now.getTime() / 1000));
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { status: 400, text: subscriberPage('Link not valid', error.message, statusUrl) };
  }
  return { status: 200, text: subscriberFormPage(form.title, form.message, form.button, statusUrl) };
}
