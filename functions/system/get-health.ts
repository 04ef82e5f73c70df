import { api } from '#shared/http/api.ts';
import { probeAnswer } from '#shared/http/health-http.ts';
import { readiness } from '#shared/use-cases/system/health.ts';

/** `GET /health`: readiness (the table answers), kept under the name clients already probe. */
export const handler = api('health', {}, async () => probeAnswer(await readiness()));
