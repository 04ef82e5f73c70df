import { ackPage } from '#shared/http/ack-page.ts';
import { api } from '#shared/http/api.ts';
import { AckTokenParams } from '#shared/schemas/escalation.ts';
import { useAckLink } from '#shared/use-cases/paging/ack-link.ts';
import { ackLinkDeps } from '#shared/use-cases/paging/route-deps.ts';

export const handler = api('useAckLink', { params: AckTokenParams }, async ({ params }) => ackPage(await useAckLink(ackLinkDeps(), params.token), 'POST'));
