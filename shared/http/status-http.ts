/**
 * HTTP caching of public status answers: a strong `ETag` from the body's SHA-256, `Last-Modified`
 * from the read model's last public change, `Cache-Control: public, max-age`, and a 304 without a
 * body for a matching `If-None-Match` (or, without it, an `If-Modified-Since` not older than the
 * answer). The same bytes are what the publisher writes to the static site, so a CDN and a reader
 * revalidate alike.
 */
import { createHash } from 'node:crypto';
import type { ApiResult } from '#shared/http/api.ts';

/** JSON answers of the status routes may be cached this long (seconds). */
export const STATUS_MAX_AGE_SECONDS = 30;

export const etagOfBody = (body: string): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** True when the `If-None-Match` list names `etag` (weak comparison, RFC 9110 13.1.2) or is `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** Seconds precision, as HTTP dates have. */
function notModifiedSince(header: string | undefined, lastModified: string): boolean {
  if (!header) return false;
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  return Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
}

export interface CachedBody {
  readonly text: string;
  readonly contentType: string;
  /** ISO time of the last change the body shows. */
  readonly lastModified: string;
  readonly maxAgeSeconds: number;
}

/** 200 with the caching headers, or 304 with the same headers and no body. */
export function cachedAnswer(headers: Readonly<Record<string, string | undefined>>, body: CachedBody): ApiResult {
  const etag = etagOfBody(body.text);
  const caching = {
    etag,
    'last-modified': new Date(body.lastModified).toUTCString(),
    'cache-control': `public, max-age=${body.maxAgeSeconds}`,
  };
  const ifNoneMatch = headers['if-none-match'];
  const notModified = ifNoneMatch !== undefined ? matchesIfNoneMatch(ifNoneMatch, etag) : notModifiedSince(headers['if-modified-since'], body.lastModified);
  if (notModified) return { status: 304, headers: caching };
  return { status: 200, text: body.text, contentType: body.contentType, headers: caching };
}

/** A JSON body with the caching headers. */
export function cachedJson(headers: Readonly<Record<string, string | undefined>>, value: unknown, lastModified: string, maxAgeSeconds = STATUS_MAX_AGE_SECONDS): ApiResult {
  return cachedAnswer(headers, { text: JSON.stringify(value), contentType: 'application/json; charset=utf-8', lastModified, maxAgeSeconds });
}
