/** Request schema of GET /v1/incidents/analytics (UTC days, inclusive, at most 400 of them). */
import * as z from 'zod/mini';
import { schema } from '#shared/schemas/common.ts';

export const ANALYTICS_GROUPS = ['severity', 'service', 'team', 'day'] as const;
export const MAX_ANALYTICS_DAYS = 400;

const day = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a UTC day, e.g. 2026-11-24'), z.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'must be a real calendar day'));
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export const AnalyticsQuery = /* @__PURE__ */ schema(() => z.strictObject({
  from: day(),
  to: day(),
  group_by: z._default(z.enum(ANALYTICS_GROUPS, { message: `must be one of ${ANALYTICS_GROUPS.join(', ')}` }), 'severity'),
}).check(
  z.refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] }),
  z.refine((q) => q.from > q.to || daysBetween(q.from, q.to) <= MAX_ANALYTICS_DAYS, { message: `the window from..to must be at most ${MAX_ANALYTICS_DAYS} days`, path: ['to'] }),
));
