/** HTTP side of paging: the optional If-Match of team and schedule changes, calendar secrets and feeds. */
import { ROLE_LEVEL } from '#lib/routes.ts';
import { roleLevel, type Principal } from '#shared/http/auth.ts';
import { badRequest, forbidden } from '#shared/http/problem.ts';

/** `"3"` → 3; absent → undefined (the change then applies to the latest version). */
export function optionalVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(ifMatch.trim());
  if (!match?.[1]) throw badRequest(`If-Match must be the ETag of the resource, e.g. "3"; got ${ifMatch}.`);
  return Number(match[1]);
}

/** `me` is the caller; another person's calendar secret needs an admin (403 otherwise). */
export function calendarOwner(id: string, principal: Principal): string {
  const user = id === 'me' ? principal.id : id;
  const admin = roleLevel(principal) >= ROLE_LEVEL.admin || principal.scopes.includes('incidents:admin');
  if (user !== principal.id && !admin) throw forbidden(`You can manage only your own calendar feed secret (${principal.id}, or 'me'); an admin can revoke anyone's.`);
  return user;
}

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';
/** Feeds are per person (the URL is a secret): never in a shared cache. */
export const CALENDAR_HEADERS = { 'cache-control': 'private, max-age=300', 'content-disposition': 'inline; filename="oncall.ics"' };
