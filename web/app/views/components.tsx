/** The component status grid (each component's current impact and incident) and the maintenance windows. */
import { useLive } from '../hooks.ts';
import { href } from '../router.ts';
import type { BoardEntry, Component, Maintenance, Page } from '../types.ts';
import { ErrorNotice, Loading, Time } from '../ui.tsx';
import { groupComponents } from './new-incident.tsx';

const BOARD_LABELS: Record<BoardEntry['status'], [string, string]> = {
  operational: ['✓', 'Operational'],
  maintenance: ['🔧', 'Under maintenance'],
  minor: ['△', 'Minor impact'],
  major: ['▲', 'Major impact'],
  outage: ['✕', 'Outage'],
};

export function ComponentGrid() {
  const board = useLive<{ generated_at: string; components: BoardEntry[] }>('/v1/component_status');
  if (board.loading) return <Loading what="the component status" />;
  const entries = board.data?.components ?? [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const groups = groupComponents(entries as unknown as Component[]);
  return (
    <section aria-labelledby="grid-heading">
      <h1 id="grid-heading">Component status</h1>
      <ErrorNotice error={board.error} />
      {board.data && (
        <p class="muted">
          As of <Time at={board.data.generated_at} />; refreshes on its own.
        </p>
      )}
      {entries.length === 0 && !board.error && <p class="muted">No components are registered.</p>}
      {groups.map(([group, members]) => (
        <section key={group} aria-labelledby={`g-${group}`}>
          <h2 id={`g-${group}`}>{group}</h2>
          <ul class="grid">
            {members.map((m) => {
              const e = byId.get(m.id) as BoardEntry;
              const [icon, label] = BOARD_LABELS[e.status];
              return (
                <li key={e.id} class={`tile board-${e.status}`}>
                  <h3>{e.name}</h3>
                  <p class="badge">
                    <span aria-hidden="true">{icon} </span>
                    {label}
                  </p>
                  {e.incident && (
                    <p>
                      Incident: <a href={href(`/incident/${encodeURIComponent(e.incident.id)}`)}>{e.incident.title}</a> ({e.incident.status})
                    </p>
                  )}
                  {e.maintenance && (
                    <p>
                      Maintenance: {e.maintenance.title}, until <Time at={e.maintenance.end_time} />
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}

const MAINTENANCE_LABELS: Record<Maintenance['status'], string> = { planned: 'Planned', in_progress: 'In progress', completed: 'Completed' };

export function Maintenances({ canWrite }: { canWrite: boolean }) {
  const page = useLive<Page<Maintenance>>('/v1/maintenances?limit=100');
  const components = useLive<{ items: Component[] }>('/v1/components', false);
  const names = new Map((components.data?.items ?? []).map((c) => [c.id, c.name]));
  if (page.loading) return <Loading what="maintenance windows" />;
  const items = page.data?.items ?? [];
  const sections: [string, Maintenance[]][] = [
    ['In progress', items.filter((m) => m.status === 'in_progress')],
    ['Planned', items.filter((m) => m.status === 'planned')],
    ['Completed', items.filter((m) => m.status === 'completed')],
  ];
  return (
    <section aria-labelledby="mnt-heading">
      <div class="heading-row">
        <h1 id="mnt-heading">Maintenance windows</h1>
        {canWrite && (
          <a class="button" href={href('/new')}>
            Plan maintenance (impact 0)
          </a>
        )}
      </div>
      <ErrorNotice error={page.error} />
      {sections.map(([title, list]) => (
        <section key={title} aria-labelledby={`m-${title}`}>
          <h2 id={`m-${title}`}>{title}</h2>
          {list.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <table class="incidents">
              <caption class="sr-only">{title} maintenance windows</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Start</th>
                  <th scope="col">End</th>
                  <th scope="col">Services</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td data-label="Title">{m.title}</td>
                    <td data-label="Status">
                      <span class={`badge mnt-${m.status}`}>{MAINTENANCE_LABELS[m.status]}</span>
                    </td>
                    <td data-label="Start">
                      <Time at={m.start_time} />
                    </td>
                    <td data-label="End">
                      <Time at={m.end_time} />
                    </td>
                    <td data-label="Services">{m.components.map((c) => names.get(c) ?? c).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </section>
  );
}
