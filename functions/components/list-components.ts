import * as z from 'zod';
import { api, ok } from '#shared/http/api.ts';
import { ComponentResponse } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/component-deps.ts';
import { listComponents } from '#shared/use-cases/components.ts';

export const handler = api('listComponents', { response: z.object({ items: z.array(ComponentResponse) }) }, async () => ok({ items: await listComponents(componentDeps) }));
