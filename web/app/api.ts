/**
 * The HTTP API client: bearer token, JSON, problem+json errors with their field paths, ETags.
 * A 401 renews the access token once and retries; when the session cannot be renewed it ends
 * (the forms keep what was typed: see drafts.ts).
 */
import { accessToken, endSession, refresh } from './auth.ts';

let apiBase = '';
export const configureApi = (url: string): void => {
  apiBase = url.replace(/\/+$/, '');
};

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `The API answered ${status}.`);
  }

  /** Messages by field: `body.title` → `title`, `query.team` → `team`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const field = e.path.split('.').slice(1).join('.') || e.path;
      const top = field.split('.')[0] ?? field;
      out[top] ??= e.message;
    }
    return out;
  }
}

export interface ApiResult<T> {
  readonly status: number;
  readonly data: T | null;
  readonly etag: string | null;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

async function send(method: string, path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${apiBase}${path}`, {
    method,
    headers,
    cache: 'no-store',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  let res = await send(method, path, options, await accessToken());
  if (res.status === 401) {
    if (await refresh()) res = await send(method, path, options, await accessToken());
    if (res.status === 401) {
      endSession('Your session expired. Sign in again: what you typed is kept.');
      throw new ApiError(401, { status: 401, title: 'Unauthorized', detail: 'Your session expired. Sign in again: what you typed is kept.' });
    }
  }
  const etag = res.headers.get('etag');
  if (res.status === 304) return { status: 304, data: null, etag };
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { detail: text };
  }
  if (!res.ok) {
    const problem = (json && typeof json === 'object' ? json : {}) as Problem;
    if (res.status === 403 && !problem.detail) problem.detail = 'You are not allowed to do this (your role does not permit it).';
    throw new ApiError(res.status, { status: res.status, ...problem });
  }
  return { status: res.status, data: json as T, etag };
}

export const get = <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options);
export const post = <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body });

/** A readable message for any error a request can throw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const title = error.status === 403 ? 'Not allowed' : (error.problem.title ?? `Error ${error.status}`);
    return `${title}: ${error.message}`;
  }
  if (error instanceof TypeError) return 'The API cannot be reached. Check your connection; the page retries on its own.';
  return error instanceof Error ? error.message : String(error);
}
