/**
 * The list: summary cards, filters kept in the URL (a filtered view can be shared), newest first,
 * cursor pagination. It refreshes itself with conditional requests while it is open.
 */
import { useState } from 'preact/hooks';
import { STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { INCIDENT_TYPES, SEVERITIES } from '#shared/domain/severity.ts';
import { useLive } from '../hooks.ts';
import { href, navigate } from '../router.ts';
import type { Component, Incident, Page, Severity, Summary } from '../types.ts';
import { ErrorNotice, Loading, SeverityBadge, StatusBadge, statusLabel, Time } from '../ui.tsx';
import { toInstant } from '../validate.ts';

export const PAGE_SIZE = 50;
const FILTERS = ['status', 'severity', 'incident_type', 'component', 'team', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];

/** An ISO instant as a `datetime-local` value in the browser's zone. */
function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  return new Date(time.getTime() - time.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function SummaryCard({ title, count, bySeverity }: { title: string; count: number; bySeverity: Record<Severity, number> | undefined }) {
  const parts = SEVERITIES.filter((s) => (bySeverity?.[s] ?? 0) > 0);
  return (
    <div class="card">
      <h2>{title}</h2>
      <p class="count">{count}</p>
      <ul class="by-severity" aria-label={`${title} by severity`}>
        {parts.length === 0 ? <li class="muted">none</li> : parts.map((s) => <li key={s}>{statusLabel(s)}: {bySeverity?.[s]}</li>)}
      </ul>
    </div>
  );
}

export function SummaryCards() {
  const summary = useLive<Summary>('/v1/incidents/summary');
  if (summary.loading) return <Loading what="the summary" />;
  const s = summary.data;
  return (
    <section aria-label="Summary" class="cards">
      <ErrorNotice error={summary.error} />
      {s && (
        <>
          <SummaryCard title="Active" count={s.active} bySeverity={s.active_by_severity} />
          <SummaryCard title="Investigating" count={s.by_status.investigating ?? 0} bySeverity={s.by_status_and_severity.investigating} />
          <SummaryCard title="Resolved" count={s.by_status.resolved ?? 0} bySeverity={s.by_status_and_severity.resolved} />
        </>
      )}
    </section>
  );
}

function Filters({ query, components }: { query: URLSearchParams; components: Component[] }) {
  const initial = () => Object.fromEntries(FILTERS.map((f) => [f, f === 'from' || f === 'to' ? isoToLocal(query.get(f)) : (query.get(f) ?? '')])) as Record<FilterName, string>;
  const [values, setValues] = useState(initial);
  const set = (name: FilterName) => (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });

  function apply(event: Event) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = values[f].trim();
      if (!v) continue;
      next.set(f, f === 'from' || f === 'to' ? (toInstant(v) ?? v) : v);
    }
    navigate('/', next);
  }

  const active = FILTERS.filter((f) => query.get(f)).length;
  // On a phone the filters start folded, so the incidents are on the first screen.
  const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 48rem)').matches;
  return (
    <details class="filters-box" open={!narrow || undefined}>
      <summary>Filters{active ? ` (${active} in use)` : ''}</summary>
    <form class="filters" onSubmit={apply} aria-label="Filters">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" value={values.status} onChange={set('status')}>
          <option value="">Any status</option>
          <option value="active">Active (not resolved or closed)</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-severity">Severity</label>
        <select id="f-severity" value={values.severity} onChange={set('severity')}>
          <option value="">Any severity</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-type">Type</label>
        <select id="f-type" value={values.incident_type} onChange={set('incident_type')}>
          <option value="">Any type</option>
          {INCIDENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {statusLabel(t.replace(/_/g, ' '))}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-component">Service</label>
        <select id="f-component" value={values.component} onChange={set('component')}>
          <option value="">Any service</option>
          {components.map((c) => (
            <option key={c.id} value={c.id}>
              {c.display_group ? `${c.display_group} / ${c.name}` : c.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="f-team">Team</label>
        <input id="f-team" type="text" maxLength={100} value={values.team} onInput={set('team')} />
      </div>
      <div>
        <label for="f-from">Created from</label>
        <input id="f-from" type="datetime-local" value={values.from} onInput={set('from')} />
      </div>
      <div>
        <label for="f-to">Created until</label>
        <input id="f-to" type="datetime-local" value={values.to} onInput={set('to')} />
      </div>
      <div class="actions">
        <button type="submit">Apply filters</button>
        <a class="button secondary" href={href('/')}>
          Clear filters
        </a>
      </div>
    </form>
    </details>
  );
}

export function IncidentList({ query, canWrite }: { query: URLSearchParams; canWrite: boolean }) {
  const apiQuery = new URLSearchParams();
  for (const f of [...FILTERS, 'cursor']) {
    const v = query.get(f);
    if (v) apiQuery.set(f, v);
  }
  apiQuery.set('limit', String(PAGE_SIZE));
  const page = useLive<Page<Incident>>(`/v1/incidents?${apiQuery.toString()}`);
  const components = useLive<{ items: Component[] }>('/v1/components', false);
  const names = new Map((components.data?.items ?? []).map((c) => [c.id, c.name]));
  const filtered = FILTERS.some((f) => query.get(f));

  const older = () => {
    const next = new URLSearchParams(query);
    if (page.data?.next_cursor) next.set('cursor', page.data.next_cursor);
    navigate('/', next);
  };
  const newest = new URLSearchParams(query);
  newest.delete('cursor');

  return (
    <section aria-labelledby="list-heading">
      <div class="heading-row">
        <h1 id="list-heading">Incidents</h1>
        {canWrite && (
          <a class="button" href={href('/new')}>
            Report an incident
          </a>
        )}
      </div>
      <SummaryCards />
      {/* Keyed by the URL so that opening a shared link or "Clear filters" resets the form. */}
      <Filters key={query.toString()} query={query} components={components.data?.items ?? []} />
      <ErrorNotice error={page.error} />
      {page.loading ? (
        <Loading what="incidents" />
      ) : (
        <>
          <table class="incidents">
            <caption>
              {filtered ? 'Incidents matching the filters' : 'All incidents'}, newest first{query.get('cursor') ? ' (older page)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Severity</th>
                <th scope="col">Started</th>
                <th scope="col">Services</th>
                <th scope="col">Team</th>
              </tr>
            </thead>
            <tbody>
              {(page.data?.items ?? []).map((i) => (
                <tr key={i.id}>
                  <td data-label="Incident">
                    <a href={href(`/incident/${encodeURIComponent(i.id)}`)}>{i.id}</a>
                  </td>
                  <td data-label="Title">{i.title}</td>
                  <td data-label="Status">
                    <StatusBadge status={i.status} />
                  </td>
                  <td data-label="Severity">
                    <SeverityBadge severity={i.severity} />
                  </td>
                  <td data-label="Started">
                    <Time at={i.start_time} />
                  </td>
                  <td data-label="Services">{i.components.map((id) => names.get(id) ?? id).join(', ') || i.affected_services.join(', ') || '—'}</td>
                  <td data-label="Team">{i.assigned_team ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.data?.items.length === 0 && <p class="muted">No incidents {filtered ? 'match these filters' : 'yet'}.</p>}
          <nav class="pager" aria-label="Pages">
            {query.get('cursor') && (
              <a class="button secondary" href={href('/', newest)}>
                Newest incidents
              </a>
            )}
            {page.data?.next_cursor && (
              <button type="button" class="secondary" onClick={older}>
                Older incidents
              </button>
            )}
          </nav>
        </>
      )}
    </section>
  );
}
