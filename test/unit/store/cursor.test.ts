import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { cursorList, decodeCursor, encodeCursor, fingerprint, guardCursor, month, timeKey } from '#shared/store/cursor.ts';

const incidents = cursorList('incidents', z.strictObject({ m: month(), s: timeKey() }));
const events = cursorList('events', z.strictObject({ m: month(), s: z.optional(timeKey()) }));
const comments = cursorList('comments', z.strictObject({ sk: timeKey('CMT#') }));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const position = { m: '2026-11', s: '2026-11-24T10:00:00.000Z#INC-20261124-0001' };

describe('pagination cursors', () => {
  it('round-trip on their own list and query', () => {
    expect(decodeCursor(incidents, encodeCursor(incidents, { team: 'a' }, position), { team: 'a' })).toEqual(position);
    expect(decodeCursor(incidents, undefined, {})).toBeUndefined();
  });

  it('are refused by another list even with the same query and position shape', () => {
    const cursor = encodeCursor(events, {}, position);
    expect(() => decodeCursor(incidents, cursor, {})).toThrow(/another list/);
  });

  it('are refused with another query', () => {
    expect(() => decodeCursor(incidents, encodeCursor(incidents, { team: 'a' }, position), { team: 'b' })).toThrow(/different query/);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON but not an envelope', b64({ hello: 1 })],
    ['the old version', b64({ v: 1, f: 'x', p: {} })],
    ['a position of the wrong shape', null],
  ])('refuse %s with an InvalidInputError (a 400)', (_name, raw) => {
    const forged = raw ?? encodeCursor(comments, { comments: 'INC-1' }, { sk: 'TL#2026-11-24T10:00:00.000Z#X' });
    expect(() => decodeCursor(comments, forged, { comments: 'INC-1' })).toThrow(InvalidInputError);
  });

  it('refuse forged positions: extra keys, unbounded strings, garbage months', () => {
    const forge = (p: Record<string, string>) => b64({ v: 2, l: 'incidents', f: fingerprint({}), p });
    expect(decodeCursor(incidents, forge(position), {})).toEqual(position);
    for (const p of [{ ...position, pk: 'INC#x' }, { m: '2026-13', s: position.s }, { m: position.m, s: `${position.s}${'9'.repeat(300)}` }, { m: position.m, s: 'zzz' }]) {
      expect(() => decodeCursor(incidents, forge(p), {}), JSON.stringify(p)).toThrow(InvalidInputError);
    }
  });

  it('turn a DynamoDB ValidationException on a read from a cursor into the same 400, and pass other errors on', async () => {
    const validation = Object.assign(new Error('The provided starting key is outside query boundaries'), { name: 'ValidationException' });
    await expect(guardCursor({ sk: 'x' }, () => Promise.reject(validation))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(guardCursor(undefined, () => Promise.reject(validation))).rejects.toBe(validation);
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    await expect(guardCursor({ sk: 'x' }, () => Promise.reject(throttled))).rejects.toBe(throttled);
  });
});
