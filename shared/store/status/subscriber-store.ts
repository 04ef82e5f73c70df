/**
 * Public status subscribers (e-mail, double opt-in): what the subscriber use cases need from storage.
 * shared/store/status/dynamo-subscriber-store.ts implements it (docs/data-model.md, "Public subscribers").
 */
export interface StatusSubscriber {
  id: string;
  email: string;
  /** Empty: every public incident; else incidents naming one of these components. */
  components: string[];
  state: 'pending' | 'confirmed';
  /** The nonce of the one confirmation link that is valid now; null once confirmed. */
  confirm_nonce: string | null;
  /** What a confirmation applies (a confirmed subscriber changing components confirms again). */
  pending_components: string[] | null;
  created_at: string;
  confirmed_at: string | null;
}

/** What fan-out needs of a confirmed subscriber. */
export type ConfirmedSubscriber = Pick<StatusSubscriber, 'id' | 'email' | 'components'>;

/** The nonce did not match (used, superseded, or the subscriber is gone). */
export class LinkAlreadyUsed extends Error {}

export interface SubscriberStore {
  byAddress(addressKey: string): Promise<StatusSubscriber | undefined>;
  get(id: string): Promise<StatusSubscriber | undefined>;
  /** Writes the subscriber (new or with a fresh nonce), its address item and the outbox entry, in one transaction. */
  requestConfirmation(subscriber: StatusSubscriber, addressKey: string, isNew: boolean, entry: { id: string; at: string }, pendingTtlSeconds: number): Promise<void>;
  /** Confirms when `nonce` is still the pending one (single use); LinkAlreadyUsed otherwise. */
  confirm(id: string, nonce: string, at: string, addressKey: (email: string) => string): Promise<StatusSubscriber>;
  remove(subscriber: StatusSubscriber, addressKey: string): Promise<void>;
  /** Every confirmed subscriber (one partition; bounded). */
  confirmed(): Promise<ConfirmedSubscriber[]>;
}
