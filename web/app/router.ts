/**
 * Hash routes, so the app is one static index.html that any static host serves without rewrite
 * rules: `#/` list (filters in the query: `#/?status=open&severity=high`), `#/new`,
 * `#/incident/INC-20261124-0042`, `#/components`, `#/maintenances`.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  readonly view: 'list' | 'new' | 'incident' | 'components' | 'maintenances' | 'not-found';
  readonly id?: string;
  readonly query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', search = ''] = raw.split('?', 2);
  const query = new URLSearchParams(search);
  const segments = pathPart.split('/').filter(Boolean);
  if (segments.length === 0) return { view: 'list', query };
  if (segments[0] === 'new' && segments.length === 1) return { view: 'new', query };
  if (segments[0] === 'components' && segments.length === 1) return { view: 'components', query };
  if (segments[0] === 'maintenances' && segments.length === 1) return { view: 'maintenances', query };
  if (segments[0] === 'incident' && segments.length === 2) return { view: 'incident', id: decodeURIComponent(segments[1] ?? ''), query };
  return { view: 'not-found', query };
}

export const href = (path: string, query?: URLSearchParams): string => {
  const q = query?.toString();
  return `#${path}${q ? `?${q}` : ''}`;
};

export function navigate(path: string, query?: URLSearchParams): void {
  location.hash = href(path, query);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
