/** Schema building blocks shared by every area: bounded strings, times, list parameters, paging. */
import * as z from 'zod';

export const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
export const nonEmpty = (max: number) => text(max).min(1, 'must not be empty');
export const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T10:00:00Z' });

/** API Gateway joins repeated query parameters with commas: `status=open&status=acknowledged` → `open,acknowledged`. */
export const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(item).min(1, 'give at least one value').max(10, 'at most 10 values'),
  );

export const Limit = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 100')
  .max(100, 'must be between 1 and 100')
  .default(20);

export const Cursor = z.string().max(2000);

export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });

/** A page of a list response. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable(), limit: z.number().int() });
