import { describe, expect, it } from 'vitest';
import { feedWindow, renderFeed, shiftUid } from '#shared/domain/paging/calendar.ts';

const shift = { user_id: 'alice', start: '2026-11-02T08:00:00.000Z', end: '2026-11-09T08:00:00.000Z' };

describe('calendar feeds', () => {
  it('renders one UTC VEVENT per shift with a UID from person, schedule, start and end', () => {
    const text = renderFeed({ kind: 'person', name: 'On call: alice', description: 'd', events: [{ scheduleId: 'SCH-1', scheduleName: 'Zürich primary', shift, stamp: '2026-11-01T00:00:00.000Z' }] });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('\r\nDTSTART:20261102T080000Z\r\n');
    expect(text).toContain('\r\nDTEND:20261109T080000Z\r\n');
    expect(text).toContain(`\r\nUID:${shiftUid('alice', 'SCH-1', shift)}\r\n`);
    expect(text).toContain('\r\nSUMMARY:On call: Zürich primary\r\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('UIDs change with any of their inputs and nothing else', () => {
    const uid = shiftUid('alice', 'SCH-1', shift);
    expect(shiftUid('alice', 'SCH-1', { ...shift })).toBe(uid);
    expect(shiftUid('bob', 'SCH-1', shift)).not.toBe(uid);
    expect(shiftUid('alice', 'SCH-2', shift)).not.toBe(uid);
    expect(shiftUid('alice', 'SCH-1', { ...shift, end: '2026-11-09T09:00:00.000Z' })).not.toBe(uid);
  });

  it('the window starts at the UTC day and lasts 60 days, the same all day long', () => {
    expect(feedWindow(new Date('2026-11-24T00:00:01Z'))).toEqual(feedWindow(new Date('2026-11-24T23:59:59Z')));
    const { from, to } = feedWindow(new Date('2026-11-24T13:00:00Z'));
    expect(new Date(from).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect((to - from) / 86_400_000).toBe(60);
  });
});
