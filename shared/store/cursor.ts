/**
 * Opaque pagination cursors: base64url JSON of a position plus a fingerprint of the query it
 * belongs to. A cursor that does not decode, or that belongs to another query, is a 400 with a
 * clear message, never a 500 and never a silently wrong page.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { schema } from '#shared/schemas/common.ts';

const Position = /* @__PURE__ */ schema(() => z.strictObject({ v: z.literal(1), f: z.string(), p: z.record(z.string(), z.string()) }));

export function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query ?? null)).digest('base64url').slice(0, 12);
}

export function encodeCursor(query: unknown, position: Record<string, string>): string {
  return Buffer.from(JSON.stringify({ v: 1, f: fingerprint(query), p: position })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, query: unknown): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
  }
  const result = Position.safeParse(parsed);
  if (!result.success) throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
  if (result.data.f !== fingerprint(query)) {
    throw new InvalidInputError('cursor belongs to a different query: keep the same filters when paging, or drop the cursor to start over.');
  }
  return result.data.p;
}
