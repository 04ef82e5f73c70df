/** HTTP side of paging: the optional If-Match of team and schedule changes. */
import { badRequest } from '#shared/http/problem.ts';

/** `"3"` → 3; absent → undefined (the change then applies to the latest version). */
export function optionalVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(ifMatch.trim());
  if (!match?.[1]) throw badRequest(`If-Match must be the ETag of the resource, e.g. "3"; got ${ifMatch}.`);
  return Number(match[1]);
}
