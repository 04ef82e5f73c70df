/** Data loading with live refresh (conditional GETs) and forms whose drafts survive a session end. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from './api.ts';

/** How often an open list or detail asks whether it changed. */
export const POLL_MS = 5000;

export interface Resource<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
  /** Fetch again now, unconditionally. */
  readonly reload: () => Promise<void>;
}

/**
 * GET `path` and keep it fresh: every POLL_MS (while the tab is visible) the same request goes out
 * with `If-None-Match`; a 304 costs no rendering, a 200 replaces the data. `path` null = nothing.
 */
export function useLive<T>(path: string | null, poll = true): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: path !== null });
  const etag = useRef<string | null>(null);
  const current = useRef(path);
  current.current = path;

  const load = useCallback(
    async (conditional: boolean) => {
      if (path === null) return;
      try {
        const headers: Record<string, string> = conditional && etag.current ? { 'if-none-match': etag.current } : {};
        const result = await get<T>(path, { headers });
        if (current.current !== path) return;
        etag.current = result.etag;
        if (result.status === 304) {
          setState((s) => (s.error ? { ...s, error: null } : s));
          return;
        }
        setState({ data: result.data, error: null, loading: false });
      } catch (error) {
        if (current.current !== path) return;
        // A failed refresh keeps what is shown and says why.
        setState((s) => ({ ...s, error, loading: false }));
      }
    },
    [path],
  );

  useEffect(() => {
    etag.current = null;
    setState({ data: null, error: null, loading: path !== null });
    void load(false);
    if (!poll || path === null) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load(true);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [path, poll, load]);

  const reload = useCallback(() => load(false), [load]);
  return { ...state, reload };
}

/**
 * Form state kept in sessionStorage under `key` while the form is open, so a session that
 * expires (the sign-in redirect reloads the page) or a reload loses nothing typed. `clear()`
 * after a successful submit.
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, (next?: T) => void] {
  const storageKey = `incidents.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      return saved ? { ...initial, ...(JSON.parse(saved) as Partial<T>) } : initial;
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (patch: Partial<T>) =>
      setValue((v) => {
        const next = { ...v, ...patch };
        sessionStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      }),
    [storageKey],
  );
  const initialRef = useRef(initial);
  // `initial` is a fresh object each render; the first one is what `clear()` returns to.
  const clear = useCallback(
    (next: T = initialRef.current) => {
      sessionStorage.removeItem(storageKey);
      setValue(next);
    },
    [storageKey],
  );
  return [value, update, clear];
}

export const isForbidden = (error: unknown): boolean => error instanceof ApiError && error.status === 403;
