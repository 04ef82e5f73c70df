/**
 * Opaque pagination cursors: base64url JSON of the list they belong to, a fingerprint of the query
 * and a position. A cursor that does not decode, belongs to another list or query, or whose
 * position does not have the exact shape of that list's keys is a 400 with a clear message, never a
 * 500 and never a silently wrong page. What reaches DynamoDB as a start key was validated here;
 * `guardCursor` turns the one thing shape cannot rule out (a well-formed position outside the
 * query's key range, which DynamoDB refuses with a ValidationException) into the same 400.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { schema } from '#shared/schemas/common.ts';

/** One paginated list: its name (bound into every cursor) and the exact shape of its position. */
export interface CursorList<P extends Record<string, string | undefined>> {
  readonly name: string;
  readonly position: z.ZodMiniType<P>;
}

export function cursorList<P extends Record<string, string | undefined>>(name: string, position: z.ZodMiniType<P>): CursorList<P> {
  return { name, position };
}

/** Building blocks of positions: every field bounded and anchored. */
export const month = () => z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));
/** `<ISO time>#<id>`, the sort key of time-ordered items (shared/store/keys.ts `timeSortKey`). */
export const timeKey = (prefix = '') =>
  z.string().check(z.maxLength(200), z.regex(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})#[A-Za-z0-9_-]{1,64}$`)));

const Envelope = /* @__PURE__ */ schema(() => z.strictObject({ v: z.literal(2), l: z.string(), f: z.string(), p: z.record(z.string(), z.string()) }));

const INVALID = 'cursor is not valid: pass the next_cursor of a previous page unchanged.';

export function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query ?? null)).digest('base64url').slice(0, 12);
}

export function encodeCursor<P extends Record<string, string | undefined>>(list: CursorList<P>, query: unknown, position: P): string {
  return Buffer.from(JSON.stringify({ v: 2, l: list.name, f: fingerprint(query), p: position })).toString('base64url');
}

export function decodeCursor<P extends Record<string, string | undefined>>(list: CursorList<P>, cursor: string | undefined, query: unknown): P | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError(INVALID);
  }
  const envelope = Envelope.safeParse(parsed);
  if (!envelope.success) throw new InvalidInputError(INVALID);
  if (envelope.data.l !== list.name) {
    throw new InvalidInputError(`cursor belongs to another list: a next_cursor is valid only on the list that returned it.`);
  }
  if (envelope.data.f !== fingerprint(query)) {
    throw new InvalidInputError('cursor belongs to a different query: keep the same filters when paging, or drop the cursor to start over.');
  }
  const position = list.position.safeParse(envelope.data.p);
  if (!position.success) throw new InvalidInputError(INVALID);
  return position.data;
}

/**
 * Runs a read that starts from a decoded position: DynamoDB's ValidationException there (a start
 * key outside the key condition, bounds in the wrong order) can only come from the cursor, so it
 * is the same 400 as any other invalid cursor.
 */
export async function guardCursor<T>(position: unknown, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (position !== undefined && (error as Error).name === 'ValidationException') throw new InvalidInputError(INVALID);
    throw error;
  }
}
