/**
 * iCalendar (RFC 5545) on-call feeds, rendered with ical-generator: one VEVENT per final shift,
 * in UTC (`DTSTART:20261102T080000Z`), with a UID derived from the person, the schedule and the
 * shift's start and end, so a calendar app that polls the feed sees the same event again rather
 * than a new one. Pure: no AWS imports.
 */
import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Shift } from '#shared/domain/paging/rotation.ts';

/** Days ahead a feed covers. */
export const FEED_DAYS = 60;
const DAY = 86_400_000;

/**
 * The window of a feed fetched at `now`: from the start of the current UTC day, FEED_DAYS long.
 * Fixed per day, so two fetches on one day are identical, and a shift's UID changes only when the
 * shift itself (or its clipping at the window's edge) changes.
 */
export function feedWindow(now: Date): { from: number; to: number } {
  const from = Math.floor(now.getTime() / DAY) * DAY;
  return { from, to: from + FEED_DAYS * DAY };
}

/** `<32 hex>@incident-service`: SHA-256 of person, schedule, start and end. */
export function shiftUid(user: string, scheduleId: string, shift: Pick<Shift, 'start' | 'end'>): string {
  return `${createHash('sha256').update(`${user}\n${scheduleId}\n${shift.start}\n${shift.end}`).digest('hex').slice(0, 32)}@incident-service`;
}

export interface FeedEvent {
  readonly scheduleId: string;
  readonly scheduleName: string;
  readonly shift: Shift;
  /** The schedule's last change: DTSTAMP (stable between fetches). */
  readonly stamp: string;
}

export interface Feed {
  readonly name: string;
  readonly description: string;
  readonly events: readonly FeedEvent[];
  /** Whose feed: `person` titles events with the schedule, `schedule` with the person. */
  readonly kind: 'person' | 'schedule';
  readonly url?: string | undefined;
}

export function renderFeed(feed: Feed): string {
  const calendar = ical({
    prodId: { company: 'incident-service', product: 'on-call', language: 'EN' },
    name: feed.name,
    description: feed.description,
    method: ICalCalendarMethod.PUBLISH,
    // REFRESH-INTERVAL / X-PUBLISHED-TTL: calendar apps poll hourly.
    ttl: 3600,
  });
  for (const e of feed.events) {
    calendar.createEvent({
      id: shiftUid(e.shift.user_id, e.scheduleId, e.shift),
      start: new Date(e.shift.start),
      end: new Date(e.shift.end),
      stamp: new Date(e.stamp),
      summary: feed.kind === 'person' ? `On call: ${e.scheduleName}` : `${e.shift.user_id} on call (${e.scheduleName})`,
      description: `${e.shift.user_id} is on call for ${e.scheduleName} (${e.scheduleId}) from ${e.shift.start} to ${e.shift.end}.`,
      ...(feed.url ? { url: feed.url } : {}),
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
