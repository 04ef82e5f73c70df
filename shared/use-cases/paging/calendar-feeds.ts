/**
 * iCalendar feeds of on-call shifts, for calendar apps that send no bearer token: the feed URL
 * carries the person's id and their feed secret. A person creates (or rotates) and revokes their
 * own secret through an authenticated route; only its SHA-256 hash is stored and compared in
 * constant time. A wrong, revoked or never-created secret and an unknown person all answer the
 * same 404, so the URL tells nothing about who exists.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '#shared/domain/errors.ts';
import { feedWindow, renderFeed, type FeedEvent } from '#shared/domain/paging/calendar.ts';
import { shiftsBetween } from '#shared/domain/paging/rotation.ts';
import { schedulePeople, type Schedule } from '#shared/domain/paging/schedule.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';

/** `cal_` + 32 random bytes, base64url. */
export const CALENDAR_SECRET_PATTERN = /^cal_[A-Za-z0-9_-]{43}$/;
/** Schedules a person feed looks through (pages of the schedule list). */
export const MAX_FEED_SCHEDULES = 500;

const hash = (secret: string): Buffer => createHash('sha256').update(secret).digest();
/** Compared against when there is no stored secret, so both cases cost the same. */
const NO_SECRET = hash('no secret');

const notFound = () => new NotFoundError('There is no calendar feed at this address. Create a feed secret with POST /v1/users/me/calendar_secret and use the URLs it returns.');

export interface CreatedSecret {
  user_id: string;
  secret: string;
  created_at: string;
  feeds: { person: string; schedule: string };
}

export function feedUrls(baseUrl: string, user: string, secret: string) {
  const base = `${baseUrl.replace(/\/$/, '')}/v1/calendar/${encodeURIComponent(user)}/${secret}`;
  return { person: base, schedule: `${base}/schedules/{schedule_id}` };
}

/** A new secret for `user` (replacing any previous one: the old URLs stop working). Shown once. */
export async function createCalendarSecret(deps: PagingDeps, user: string, baseUrl: string): Promise<CreatedSecret> {
  const secret = `cal_${randomBytes(32).toString('base64url')}`;
  const createdAt = deps.now().toISOString();
  await deps.paging.putCalendarSecret({ user_id: user, secret_hash: hash(secret).toString('hex'), created_at: createdAt });
  return { user_id: user, secret, created_at: createdAt, feeds: feedUrls(baseUrl, user, secret) };
}

export async function revokeCalendarSecret(deps: PagingDeps, user: string): Promise<void> {
  if (!(await deps.paging.deleteCalendarSecret(user))) throw new NotFoundError(`${user} has no calendar feed secret.`);
}

async function verify(deps: PagingDeps, user: string, secret: string): Promise<void> {
  const stored = await deps.paging.getCalendarSecret(user);
  const expected = stored ? Buffer.from(stored.secret_hash, 'hex') : NO_SECRET;
  const matches = expected.length === 32 && timingSafeEqual(hash(secret), expected);
  if (!stored || !matches) throw notFound();
}

function events(schedule: Schedule, from: number, to: number, user?: string): FeedEvent[] {
  return shiftsBetween(schedule, from, to)
    .filter((shift) => user === undefined || shift.user_id === user)
    .map((shift) => ({ scheduleId: schedule.id, scheduleName: schedule.name, shift, stamp: schedule.updated_at }));
}

/** Everyone's shifts of one schedule over the next 60 days. */
export async function scheduleFeed(deps: PagingDeps, user: string, secret: string, scheduleId: string): Promise<string> {
  await verify(deps, user, secret);
  const schedule = await deps.paging.getSchedule(scheduleId);
  if (!schedule) throw new NotFoundError(`Schedule ${scheduleId} does not exist.`);
  const { from, to } = feedWindow(deps.now());
  return renderFeed({ kind: 'schedule', name: `On call: ${schedule.name}`, description: `Who is on call for ${schedule.name}, next 60 days (UTC).`, events: events(schedule, from, to) });
}

/** The person's own shifts in every schedule that names them, over the next 60 days. */
export async function personFeed(deps: PagingDeps, user: string, secret: string): Promise<string> {
  await verify(deps, user, secret);
  const { from, to } = feedWindow(deps.now());
  const all: FeedEvent[] = [];
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await deps.paging.listSchedules(100, cursor);
    for (const schedule of page.items) if (schedulePeople(schedule).has(user)) all.push(...events(schedule, from, to, user));
    seen += page.items.length;
    cursor = page.next_cursor ?? undefined;
  } while (cursor && seen < MAX_FEED_SCHEDULES);
  all.sort((a, b) => a.shift.start.localeCompare(b.shift.start) || a.scheduleId.localeCompare(b.scheduleId));
  return renderFeed({ kind: 'person', name: `On call: ${user}`, description: `When ${user} is on call, next 60 days (UTC).`, events: all });
}
