/**
 * The production action runners, one module per SDK client so that each reactor function bundles
 * only the client it calls (shared/automation/aws-lambda-action.ts, aws-ssm-action.ts); this one
 * has the webhook runner on the notifications' HTTP client.
 */
import { webhookRunner, type ActionRunners } from '#shared/automation/actions.ts';
import type { HttpPost } from '#shared/notify/http.ts';

export function webhookActions(post: HttpPost): ActionRunners {
  return { webhook: webhookRunner(post) };
}
