/**
 * The answers of a subscriber link's GET pages (confirm, unsubscribe). Kept apart from
 * subscriber-deps.ts: these pages read nothing, so their functions bundle no store and no SDK.
 */
import { config } from '#shared/config.ts';
import { subscriberLinkPage } from '#shared/domain/status/subscriber-pages.ts';
import type { TokenPurpose } from '#shared/domain/status/subscriber-token.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { siteBaseUrl } from '#shared/use-cases/status/site-url.ts';

/** The status page the subscriber pages link to (the published one). */
export const siteStatusPageUrl = (): string => `${siteBaseUrl()}/status`;

/** The answer to a confirmation or unsubscribe link's GET (it changes nothing): the form, or a 400 page saying why the link cannot work. */
export function subscriberLinkResponse(token: string, purpose: TokenPurpose, form: Parameters<typeof subscriberLinkPage>[1]) {
  if (!config.SUBSCRIBER_SECRET) throw new Error('SUBSCRIBER_SECRET is not set');
  const page = subscriberLinkPage({ secret: config.SUBSCRIBER_SECRET, token, purpose, now: systemClock() }, form, siteStatusPageUrl());
  return { status: page.status, text: page.text, contentType: HTML, headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
}
