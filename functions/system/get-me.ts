import { api, ok } from '#shared/http/api.ts';

export const handler = api('getMe', {}, ({ principal }) =>
  Promise.resolve(ok({ id: principal.id, name: principal.name, kind: principal.kind, roles: principal.roles, scopes: principal.scopes })),
);
