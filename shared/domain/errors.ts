/**
 * Typed domain errors. The domain and use cases throw these; the HTTP layer maps them to
 * problem+json by `instanceof` (shared/http/problem.ts). No HTTP or AWS knowledge here.
 */
export abstract class DomainError extends Error {
  override readonly name: string = this.constructor.name;
  /** Extra members for the problem body (e.g. the allowed next states). */
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.details = details;
  }
}

/** Input that passes the schema but breaks a rule (e.g. snooze time in the past). */
export class InvalidInputError extends DomainError {}

export class NotFoundError extends DomainError {}

/** The request conflicts with the current state (illegal transition, duplicate, existing incident). */
export class ConflictError extends DomainError {}

/** The caller's view of the resource is stale (If-Match did not match). */
export class PreconditionFailedError extends DomainError {}

/** A precondition header is required but missing. */
export class PreconditionRequiredError extends DomainError {}

/** Idempotency key reused with a different request. */
export class IdempotencyMismatchError extends DomainError {}

/**
 * Nothing was written and the request may simply be retried: others kept changing the same data
 * for the whole retry budget, the store was throttled, or the time budget ran out.
 */
export class UnavailableError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 1, details: Record<string, unknown> = {}) {
    super(message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
