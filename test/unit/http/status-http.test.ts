/** HTTP caching of the public status answers: ETag, If-None-Match (weak comparison, lists, *), If-Modified-Since, 304 without a body. */
import { describe, expect, it } from 'vitest';
import { cachedAnswer, etagOfBody, matchesIfNoneMatch } from '#shared/http/status-http.ts';

const body = { text: '<rss/>', contentType: 'application/rss+xml; charset=utf-8', lastModified: '2026-11-24T10:00:00.500Z', maxAgeSeconds: 300 };

describe('status HTTP caching', () => {
  it('derives a strong ETag from the bytes', () => {
    expect(etagOfBody('a')).toMatch(/^"[\w-]{32}"$/);
    expect(etagOfBody('a')).toBe(etagOfBody('a'));
    expect(etagOfBody('a')).not.toBe(etagOfBody('b'));
  });

  it('answers 200 with the caching headers', () => {
    const res = cachedAnswer({}, body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('<rss/>');
    expect(res.contentType).toBe(body.contentType);
    expect(res.headers).toEqual({ etag: etagOfBody('<rss/>'), 'last-modified': 'Tue, 24 Nov 2026 10:00:00 GMT', 'cache-control': 'public, max-age=300' });
  });

  it('answers 304 without a body for a matching If-None-Match', () => {
    const etag = etagOfBody('<rss/>');
    for (const header of [etag, `W/${etag}`, `"x", ${etag}`, '*']) {
      const res = cachedAnswer({ 'if-none-match': header }, body);
      expect(res.status, header).toBe(304);
      expect(res.text).toBeUndefined();
      expect(res.headers?.etag).toBe(etag);
    }
    expect(cachedAnswer({ 'if-none-match': '"other"' }, body).status).toBe(200);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });

  it('uses If-Modified-Since only without If-None-Match, at seconds precision', () => {
    expect(cachedAnswer({ 'if-modified-since': 'Tue, 24 Nov 2026 10:00:00 GMT' }, body).status).toBe(304);
    expect(cachedAnswer({ 'if-modified-since': 'Tue, 24 Nov 2026 09:59:59 GMT' }, body).status).toBe(200);
    expect(cachedAnswer({ 'if-modified-since': 'not a date' }, body).status).toBe(200);
    expect(cachedAnswer({ 'if-none-match': '"other"', 'if-modified-since': 'Tue, 24 Nov 2026 11:00:00 GMT' }, body).status).toBe(200);
  });
});
