/** The repository of action items (reviews, issue 13). */
import type { ActionItem } from '#shared/domain/reviews/action-item.ts';

/** The incident does not exist (or was deleted): nothing was written. */
export class IncidentGone extends Error {}
/** The incident already has the maximum number of action items: nothing was written. */
export class TooManyActionItems extends Error {}
/** The item changed (or vanished) since it was read: nothing was written. */
export class ActionItemChanged extends Error {}

export interface ActionItemStore {
  /** One transaction: the incident exists, its item counter stays ≤ `max`, the item is new. */
  add(item: ActionItem, max: number): Promise<void>;
  /** Every action item of an incident (a bounded partition range: at most `MAX_ACTION_ITEMS`). */
  list(incidentId: string): Promise<ActionItem[]>;
  get(incidentId: string, itemId: string): Promise<ActionItem | undefined>;
  /** Writes `item` (version n + 1) if the stored one is still version n. */
  replace(item: ActionItem): Promise<void>;
}
