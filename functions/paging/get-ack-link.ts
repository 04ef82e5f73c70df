import { ackPage } from '#shared/http/ack-page.ts';
import { api } from '#shared/http/api.ts';
import { AckTokenParams } from '#shared/schemas/escalation.ts';
import { inspectAckLink } from '#shared/use-cases/paging/ack-link.ts';
import { ackLinkDeps } from '#shared/use-cases/paging/route-deps.ts';

/** Shows what the link would do; never acknowledges (link previewers prefetch GETs). */
export const handler = api('getAckLink', { params: AckTokenParams }, async ({ params }) => ackPage(await inspectAckLink(ackLinkDeps(), params.token), 'GET'));
