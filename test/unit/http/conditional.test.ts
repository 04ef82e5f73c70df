import { describe, expect, it } from 'vitest';
import { conditionalOk, ifNoneMatchHits, weakEtagOf } from '#shared/http/conditional.ts';

describe('conditional GET', () => {
  it('gives equal bodies equal weak ETags and different bodies different ones', () => {
    expect(weakEtagOf({ a: 1, items: [] })).toBe(weakEtagOf({ a: 1, items: [] }));
    expect(weakEtagOf({ a: 1 })).not.toBe(weakEtagOf({ a: 2 }));
    expect(weakEtagOf({ a: 1 })).toMatch(/^W\/"[\w-]{22}"$/);
  });

  it('compares If-None-Match weakly, in lists, and with *', () => {
    expect(ifNoneMatchHits('"7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('W/"7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('"6", W/"7"', '"7"')).toBe(true);
    expect(ifNoneMatchHits('*', '"7"')).toBe(true);
    expect(ifNoneMatchHits('"6"', '"7"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"7"')).toBe(false);
    expect(ifNoneMatchHits('', '"7"')).toBe(false);
  });

  it('answers 304 without a body when the client has the current ETag, else 200 with it', () => {
    const body = { items: [1, 2] };
    const fresh = conditionalOk({}, body);
    expect(fresh).toEqual({ status: 200, body, headers: { etag: weakEtagOf(body) } });
    expect(conditionalOk({ 'if-none-match': weakEtagOf(body) }, body)).toEqual({ status: 304, headers: { etag: weakEtagOf(body) } });
    expect(conditionalOk({ 'if-none-match': '"3"' }, body, '"3"', { 'cache-control': 'no-cache' })).toEqual({ status: 304, headers: { etag: '"3"', 'cache-control': 'no-cache' } });
  });
});
