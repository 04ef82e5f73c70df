/**
 * Request schemas of the public status routes: feed options and the per-incident feed file name.
 * Strict like every query of the API (an unknown parameter is a 400 naming it).
 */
import * as z from 'zod/mini';
import { ComponentId } from '#shared/schemas/component.ts';
import { schema } from '#shared/schemas/common.ts';

/** `max_items`: how many entries a feed holds. */
export const MaxItems = /* @__PURE__ */ schema(() =>
  z._default(
    z.coerce.number({ message: 'must be a number' }).check(z.int('must be an integer'), z.minimum(1, 'must be between 1 and 100'), z.maximum(100, 'must be between 1 and 100')),
    20,
  ),
);

/** `ttl`: minutes a reader may cache the feed (RSS `ttl`, and `Cache-Control: max-age`). */
export const FeedTtl = /* @__PURE__ */ schema(() =>
  z._default(
    z.coerce.number({ message: 'must be a number of minutes' }).check(z.int('must be an integer number of minutes'), z.minimum(1, 'must be between 1 and 1440 minutes'), z.maximum(1440, 'must be between 1 and 1440 minutes')),
    5,
  ),
);

/** `true` or `false`, nothing else (`maybe`, `1`, `yes` are a 400). */
export const BooleanFlag = /* @__PURE__ */ schema(() => z.pipe(z.enum(['true', 'false'], { message: 'must be true or false' }), z.transform((v: 'true' | 'false') => v === 'true')));

export const IncidentFeedQuery = /* @__PURE__ */ schema(() => z.strictObject({
  include_resolved: z._default(BooleanFlag, true),
  max_items: MaxItems,
  ttl: FeedTtl,
  component: z.optional(ComponentId),
}));

/** `INC-20261124-0042.rss`: HTTP API path variables are whole segments, so the suffix is part of the value. */
export const FEED_FILE_PATTERN = /^(INC-\d{8}-\d{4,10})\.(rss|atom|json)$/;
export const FeedFileParams = /* @__PURE__ */ schema(() => z.strictObject({
  file: z.string().check(z.maxLength(40, 'at most 40 characters'), z.regex(FEED_FILE_PATTERN, 'must be an incident id with .rss, .atom or .json, e.g. INC-20261124-0042.rss')),
}));

export const SingleIncidentFeedQuery = /* @__PURE__ */ schema(() => z.strictObject({ max_items: MaxItems, ttl: FeedTtl }));

export type IncidentFeedInput = z.output<typeof IncidentFeedQuery>;
