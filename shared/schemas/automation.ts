/**
 * Request schemas of automated-response rules. The conditions are the escalation policies' own
 * schema (shared/schemas/escalation.ts). Strict objects and bounded strings: bad input is a 400
 * naming the field. Allow-lists (Lambda ARNs, SSM documents) and the webhook URL's safety are
 * checked by the use case, which knows the configuration.
 */
import * as z from 'zod/mini';
import { RUN_ON } from '#shared/domain/automation/automated-response.ts';
import { ConditionsSchema } from '#shared/schemas/escalation.ts';
import { listOf, nonEmpty, schema, text } from '#shared/schemas/common.ts';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const SSM_DOCUMENT = /^(arn:aws[a-z-]*:ssm:[a-z0-9-]*:\d{12}:document\/)?[A-Za-z0-9_.-]{3,128}(:\$?[A-Za-z0-9]{1,20})?$/;

export const ActionBody = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('webhook'),
        url: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(2000, 'at most 2000 characters')),
        secret: z.optional(z.string().check(z.minLength(16, 'at least 16 characters'), z.maxLength(200, 'at most 200 characters'))),
      }),
      z.strictObject({
        type: z.literal('lambda'),
        function_arn: z.string().check(z.maxLength(300, 'at most 300 characters'), z.regex(LAMBDA_ARN, 'must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)')),
      }),
      z.strictObject({
        type: z.literal('ssm_automation'),
        document_name: z.string().check(z.maxLength(300, 'at most 300 characters'), z.regex(SSM_DOCUMENT, 'must be an SSM document name or ARN')),
        parameters: z._default(z.record(z.string().check(z.regex(/^[A-Za-z0-9]{1,50}$/, 'parameter names are letters and digits')), listOf(text(4096), 50)), {}),
      }),
    ],
    { message: "type must be 'webhook', 'lambda' or 'ssm_automation'" },
  ),
);

export const RuleBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: nonEmpty(200),
    description: z._default(text(2000), ''),
    enabled: z._default(z.boolean({ message: 'must be true or false' }), true),
    conditions: z._default(ConditionsSchema, { severities: [], components: [], services: [], incident_types: [], teams: [] }),
    run_on: z._default(
      z.array(z.enum(RUN_ON, { message: "must be 'created' or 'severity_raised'" })).check(z.minLength(1, "give at least 'created' or 'severity_raised'"), z.maxLength(RUN_ON.length, `at most ${RUN_ON.length} entries`)),
      ['created' as const],
    ),
    action: ActionBody,
  }),
);
export type RuleBodyInput = z.output<typeof RuleBody>;

export const RuleIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(/^arr_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an automated response id (arr_…)')) }));
