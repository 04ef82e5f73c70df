/** Request schemas of post-incident reviews: action items and the report (reviews, issue 13). */
import * as z from 'zod/mini';
import { ACTION_ITEM_STATUSES } from '#shared/domain/reviews/action-item.ts';
import { nonEmpty, notEmptyPatch, schema } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

const DueDate = /* @__PURE__ */ schema(() => z.string().check(z.regex(DATE, 'must be a date like 2026-12-01'), z.refine(isRealDate, 'must be a calendar date that exists')));

const HttpsLink = /* @__PURE__ */ schema(() =>
  z.string().check(
    z.maxLength(2000, 'at most 2000 characters'),
    z.refine((v) => {
      try {
        const url = new URL(v);
        return url.protocol === 'https:' && url.hostname.length > 0 && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    }, 'must be an https URL, e.g. https://tracker.example.com/TICKET-12'),
  ),
);

const Owner = /* @__PURE__ */ schema(() => nonEmpty(200).check(z.regex(/^\S+$/, 'must be a user id (a token subject), without spaces')));

const Status = /* @__PURE__ */ schema(() => z.enum(ACTION_ITEM_STATUSES, { message: `must be one of ${ACTION_ITEM_STATUSES.join(', ')}` }));

export const CreateActionItemBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    title: nonEmpty(200),
    owner: z.optional(z.nullable(Owner)),
    due_date: z.optional(z.nullable(DueDate)),
    status: z.optional(Status),
    link: z.optional(z.nullable(HttpsLink)),
  }),
);

export const PatchActionItemBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      title: z.optional(nonEmpty(200)),
      owner: z.optional(z.nullable(Owner)),
      due_date: z.optional(z.nullable(DueDate)),
      status: z.optional(Status),
      link: z.optional(z.nullable(HttpsLink)),
    })
    .check(notEmptyPatch()),
);

export const ActionItemParams = /* @__PURE__ */ schema(() =>
  z.extend(IncidentIdParams, { item_id: z.string().check(z.maxLength(26, 'at most 26 characters (a ULID)'), z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an action item id (a ULID) from GET /v1/incidents/{id}/action_items')) }),
);

export const ReportQuery = /* @__PURE__ */ schema(() => z.strictObject({ format: z.optional(z.enum(['md', 'json'], { message: 'must be md or json' })) }));
