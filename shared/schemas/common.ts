/**
 * Schema building blocks shared by every area: bounded strings, times, list parameters, paging.
 *
 * Runtime schemas use `zod/mini`, the functional API of zod 4: the same validation and error
 * messages as classic zod, but schemas are plain objects without dozens of methods bound to each
 * instance, so a handler's schemas are built in a fraction of the time at cold start (BENCHMARKS.md).
 */
import { TITLE_MAX, TITLE_MIN } from '#shared/domain/incidents/title.ts';
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships without messages ("Invalid input" for everything); the English locale gives every
// issue without a custom message a useful one: `Unrecognized key: "colour"`, `expected string, received number`.
z.config(en());

/**
 * Builds a top-level schema: `export const X = /* @__PURE__ *\/ schema(() => …)`. The annotation
 * lets the bundler drop every schema a handler does not use (a call into zod is otherwise kept, as
 * it may have side effects), so each Lambda builds only its own route's schemas at cold start.
 * esbuild honours the annotation only at the call site, hence on every declaration.
 */
export function schema<T>(build: () => T): T {
  return build();
}

export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max, `at most ${max} characters`));
export const nonEmpty = (max: number) => text(max).check(z.minLength(1, 'must not be empty'));
/** An incident's or maintenance's title: 8..200 characters (shared/domain/incidents/title.ts), as the web form checks. */
export const titleText = () => text(TITLE_MAX).check(z.minLength(TITLE_MIN, `must have at least ${TITLE_MIN} characters, e.g. "Checkout errors in eu-west-1"`));
export const isoTime = /* @__PURE__ */ schema(() => z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T10:00:00Z' }));

/** API Gateway joins repeated query parameters with commas: `status=open&status=acknowledged` → `open,acknowledged`. */
export const csv = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v)),
    z.array(item).check(z.minLength(1, 'give at least one value'), z.maxLength(10, 'at most 10 values')),
  );

export const Limit = /* @__PURE__ */ schema(() =>
  z._default(
    z.coerce.number({ message: 'must be a number' }).check(z.int('must be an integer'), z.minimum(1, 'must be between 1 and 100'), z.maximum(100, 'must be between 1 and 100')),
    20,
  ),
);

export const Cursor = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(2000)));

export const PageQuery = /* @__PURE__ */ schema(() => z.strictObject({ limit: Limit, cursor: z.optional(Cursor) }));

/** A list of at most `max` items. */
export const listOf = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max, `at most ${max} entries`));

/** `from` ≤ `to` on list queries that take a time range (both are ISO 8601 strings once parsed). */
const orderedRange = () =>
  z.refine<object>(
    (q) => {
      const { from, to } = q as { from?: string; to?: string };
      return !from || !to || Date.parse(from) <= Date.parse(to);
    },
    { message: 'from must not be after to', path: ['from'] },
  );

/** A PATCH body must change something. */
export const notEmptyPatch = () => z.refine<object>((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });

/** A list query over a time range: the given filters, then `from`, `to`, `limit` and `cursor`; `from` ≤ `to`. */
export const rangeQuery = <S extends z.core.$ZodLooseShape>(filters: S) =>
  z.strictObject({ ...filters, from: z.optional(isoTime), to: z.optional(isoTime), limit: Limit, cursor: z.optional(Cursor) }).check(orderedRange());
