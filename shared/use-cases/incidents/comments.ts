import { ulid } from '#shared/domain/ids.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { touch, type Actor } from '#shared/domain/incidents/incident.ts';
import type { Comment } from '#shared/store/incidents/incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { writeSide } from '#shared/use-cases/incidents/side-write.ts';

export async function addComment(deps: Deps, id: string, body: string, actor: Actor): Promise<Comment> {
  let comment: Comment | undefined;
  await writeSide(deps, id, (incident, now) => {
    comment = { id: ulid(Date.parse(now)), incident_id: id, author: actor.name, body, created_at: now };
    return { entry: touch(incident, 'incident.comment_added', actor, now, body).entry, side: { kind: 'putComment', comment } };
  });
  return comment as Comment;
}

export async function listComments(deps: Deps, id: string, limit: number, cursor: string | undefined) {
  if (!(await deps.store.get(id))) throw new NotFoundError(`Incident ${id} does not exist.`);
  return deps.store.comments(id, limit, cursor);
}
