/**
 * RFC 9457 problem details. Every error the API returns goes through `toProblem`, which maps typed
 * errors by `instanceof`; anything unknown becomes a 500 whose detail never leaks internals.
 */
import {
  ConflictError,
  DomainError,
  IdempotencyMismatchError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnavailableError,
} from '#shared/domain/errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** An error that already knows its HTTP status (auth, parsing, content negotiation). */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, title: string, detail: string, options: { type?: string; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.type = options.type ?? slug(title);
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

function slug(title: string): string {
  return `/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '')}`;
}

export const badRequest = (detail: string, errors?: ValidationIssue[]) =>
  new HttpError(400, 'Validation failed', detail, { type: '/problems/validation-failed', extensions: errors ? { errors } : {} });
export const unauthorized = (detail: string) =>
  new HttpError(401, 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
export const forbidden = (detail: string) => new HttpError(403, 'Forbidden', detail);

export interface ValidationIssue {
  /** JSON-pointer-like location, e.g. `body.severity` or `query.limit`. */
  path: string;
  message: string;
}

const DOMAIN_STATUS: ReadonlyArray<[new (...args: never[]) => DomainError, number, string]> = [
  [InvalidInputError, 400, 'Invalid input'],
  [NotFoundError, 404, 'Not found'],
  [ConflictError, 409, 'Conflict'],
  [PreconditionFailedError, 412, 'Precondition failed'],
  [IdempotencyMismatchError, 422, 'Idempotency key reused'],
  [PreconditionRequiredError, 428, 'Precondition required'],
];

// Reliability (issue 14): AWS errors that say "not now" rather than "not this request".
const TRANSIENT_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TransactionConflictException',
  'TimeoutError',
  // The time budget's abort (shared/deadline.ts): out of time before the function's deadline.
  'AbortError',
]);

/**
 * Throttling, a 5xx of the service, a socket timeout, a transaction cancelled by throttling or
 * conflicts that outlasted the retries: the SDK (and shared/store/transact.ts) already retried,
 * nothing was written, and the same request can succeed in a moment. A 503 with Retry-After says
 * exactly that; a 500 would say the request itself is broken.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $fault, $metadata, $retryable, CancellationReasons } = error as Error & {
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
    CancellationReasons?: { Code?: string }[];
  };
  if (error.name === 'TransactionCanceledException') {
    // Without reasons (the stores map every condition they set to a domain error first) it can only be contention.
    if (!CancellationReasons) return true;
    const codes = CancellationReasons.map((r) => r.Code);
    return codes.some((c) => c === 'ThrottlingError' || c === 'TransactionConflict') && !codes.includes('ConditionalCheckFailed') && !codes.includes('ValidationError');
  }
  if (TRANSIENT_AWS_ERRORS.has(error.name) || $retryable?.throttling === true) return true;
  return $fault === 'server' && ($metadata?.httpStatusCode ?? 0) >= 500;
}

export const serviceUnavailable = (detail: string) => new HttpError(503, 'Service unavailable', detail, { headers: { 'retry-after': '1' } });

export function toProblem(error: unknown, instance?: string): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof UnavailableError) {
    return {
      problem: { type: '/problems/unavailable', title: 'Service unavailable', status: 503, detail: error.message, ...(instance ? { instance } : {}), ...error.details },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (isTransientAwsError(error)) {
    return toProblem(serviceUnavailable('The service is busy or briefly unavailable. Retry after the time in Retry-After (with the same Idempotency-Key, a retried create is applied once).'), instance);
  }
  if (error instanceof HttpError) {
    return {
      problem: { type: error.type, title: error.title, status: error.status, detail: error.message, ...(instance ? { instance } : {}), ...error.extensions },
      headers: error.headers,
    };
  }
  if (error instanceof DomainError) {
    const match = DOMAIN_STATUS.find(([cls]) => error instanceof cls);
    if (match) {
      const [, status, title] = match;
      return { problem: { type: slug(title), title, status, detail: error.message, ...(instance ? { instance } : {}), ...error.details }, headers: {} };
    }
  }
  return {
    problem: { type: '/problems/internal-error', title: 'Internal error', status: 500, detail: 'The request could not be completed. It has been logged; retry later or contact the operators with the request id.', ...(instance ? { instance } : {}) },
    headers: {},
  };
}
