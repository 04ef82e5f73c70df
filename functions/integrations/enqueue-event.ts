import { api } from '#shared/http/api.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { receiveEvent } from '#shared/use-cases/integrations/pd-request.ts';

/** Public, PagerDuty Events API v2: answers in PagerDuty's JSON, not problem+json (docs/api.md). */
export const handler = api('enqueueEvent', { raw: true }, async ({ rawBody, event }) => {
  const answer = await receiveEvent(integrationDeps, rawBody, event.requestContext.http.sourceIp);
  return { status: answer.status, body: answer.body, ...(answer.headers ? { headers: answer.headers } : {}) };
});
