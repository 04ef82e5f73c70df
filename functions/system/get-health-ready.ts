import { api } from '#shared/http/api.ts';
import { probeAnswer } from '#shared/http/health-http.ts';
import { readiness } from '#shared/use-cases/system/health.ts';

/** `GET /health/ready`: 200 when the table answers with this function's credentials, else 503. */
export const handler = api('healthReady', {}, async () => probeAnswer(await readiness()));
