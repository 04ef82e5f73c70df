import { api } from '#shared/http/api.ts';
import { probeAnswer } from '#shared/http/health-http.ts';
import { liveness } from '#shared/use-cases/system/health.ts';

/** `GET /health/live`: the process answers; no I/O. */
export const handler = api('healthLive', {}, () => Promise.resolve(probeAnswer(liveness())));
