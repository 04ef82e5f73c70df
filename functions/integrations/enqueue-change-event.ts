import { api } from '#shared/http/api.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { receiveChangeEvent } from '#shared/use-cases/integrations/record-change-event.ts';

/** Public, PagerDuty Change Events API: answers in PagerDuty's JSON, not problem+json (docs/api.md). */
export const handler = api('enqueueChangeEvent', { raw: true }, async ({ rawBody, event }) => {
  const answer = await receiveChangeEvent(integrationDeps, rawBody, event.requestContext.http.sourceIp);
  return { status: answer.status, body: answer.body, ...(answer.headers ? { headers: answer.headers } : {}) };
});
