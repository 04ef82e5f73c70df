/**
 * Conditional GET (RFC 9110 §13.1.2): a client that sends `If-None-Match` with the ETag it holds
 * gets `304 Not Modified` and no body when nothing changed. The web app polls open lists and
 * details this way every few seconds, so an unchanged view costs a few hundred bytes.
 *
 * Single resources carry their version as a strong ETag (`"7"`, the same one `If-Match` takes);
 * computed answers (lists, the summary) carry a weak ETag of their JSON (`W/"<hash>"`): equal
 * content, equal tag.
 */
import { createHash } from 'node:crypto';
import type { ApiResult } from '#shared/http/api.ts';

/** A weak ETag of a JSON body: the first 16 bytes of its SHA-256, base64url. */
export function weakEtagOf(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64url').slice(0, 22)}"`;
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 prescribes for it; `*` matches). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.trim() === '') return false;
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

/** 200 with the body and its ETag, or 304 with only the ETag when the client already has it. */
export function conditionalOk(headers: Readonly<Record<string, string | undefined>>, body: unknown, etag: string = weakEtagOf(body), extra: Record<string, string> = {}): ApiResult {
  const responseHeaders = { ...extra, etag };
  if (ifNoneMatchHits(headers['if-none-match'], etag)) return { status: 304, headers: responseHeaders };
  return { status: 200, body, headers: responseHeaders };
}
