/**
 * Action items of a post-incident review: what the team will change so that it does not happen
 * again. They belong to an incident and outlive its closing (closing records that the review is
 * done; the items are then worked off).
 */
export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** At most this many action items per incident (a review, not a backlog). */
export const MAX_ACTION_ITEMS = 100;

export interface ActionItem {
  id: string;
  incident_id: string;
  title: string;
  /** The owner's user id (a token subject). */
  owner: string | null;
  /** A calendar date, `2026-12-01`. */
  due_date: string | null;
  status: ActionItemStatus;
  /** An https link to the ticket or document that tracks it. */
  link: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** When it was last marked done (null while open). */
  done_at: string | null;
  /** Incremented by every change; a write applies only to the version it read. */
  version: number;
}

export interface NewActionItem {
  title: string;
  owner?: string | null;
  due_date?: string | null;
  status?: ActionItemStatus;
  link?: string | null;
}

export type ActionItemPatch = Partial<NewActionItem>;

export function newActionItem(id: string, incidentId: string, input: NewActionItem, by: string, now: string): ActionItem {
  const status = input.status ?? 'open';
  return {
    id,
    incident_id: incidentId,
    title: input.title,
    owner: input.owner ?? null,
    due_date: input.due_date ?? null,
    status,
    link: input.link ?? null,
    created_by: by,
    created_at: now,
    updated_at: now,
    done_at: status === 'done' ? now : null,
    version: 1,
  };
}

/** The item after a patch: `done_at` follows the status. */
export function patchActionItem(item: ActionItem, patch: ActionItemPatch, now: string): ActionItem {
  const next: ActionItem = { ...item, updated_at: now, version: item.version + 1 };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.owner !== undefined) next.owner = patch.owner;
  if (patch.due_date !== undefined) next.due_date = patch.due_date;
  if (patch.link !== undefined) next.link = patch.link;
  if (patch.status !== undefined && patch.status !== item.status) {
    next.status = patch.status;
    next.done_at = patch.status === 'done' ? now : null;
  }
  return next;
}

/** Open items first; within each, by due date (none last), then by creation. */
export function orderActionItems(items: readonly ActionItem[]): ActionItem[] {
  const rank = (i: ActionItem) => (i.status === 'open' ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.due_date ?? '9999-99-99').localeCompare(b.due_date ?? '9999-99-99') ||
      a.created_at.localeCompare(b.created_at) ||
      a.id.localeCompare(b.id),
  );
}
