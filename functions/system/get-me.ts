import { api, ok } from '#shared/http/api.ts';

export const handler = api('getMe', {}, async ({ principal }) =>
  ok({ id: principal.id, name: principal.name, kind: principal.kind, roles: principal.roles, scopes: principal.scopes }),
);
