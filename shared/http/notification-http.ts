/** HTTP side of notifications: who the caller is for the use cases, and whose preferences they may touch. */
import { ROLE_LEVEL } from '#lib/routes.ts';
import { roleLevel, type Principal } from '#shared/http/auth.ts';
import { forbidden } from '#shared/http/problem.ts';
import type { Caller } from '#shared/use-cases/notifications/subscriptions.ts';

export function callerOf(principal: Principal): Caller {
  return { id: principal.id, name: principal.name, admin: roleLevel(principal) >= ROLE_LEVEL.admin || principal.scopes.includes('incidents:admin') };
}

/** `me` is the caller; another person's preferences need an admin (403 otherwise). */
export function preferencesOwner(id: string, caller: Caller): string {
  const user = id === 'me' ? caller.id : id;
  if (user !== caller.id && !caller.admin) {
    throw forbidden(`You can read and change only your own notification preferences (${caller.id}, or 'me'); an admin can change anyone's.`);
  }
  return user;
}
