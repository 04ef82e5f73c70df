/**
 * One incident: every field, the moves the API allows from its status, an update form, edit with
 * If-Match (412 → reload offered), assignments, comments and the timeline. It refreshes itself
 * (If-None-Match) while open; forms keep their drafts across refreshes and session ends.
 */
import { useEffect, useState } from 'preact/hooks';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { ApiError, messageOf, post, request } from '../api.ts';
import { announce } from '../announce.ts';
import { useDraft, useLive } from '../hooks.ts';
import { href } from '../router.ts';
import type { AssignmentRole, Component, IncidentDetail as Detail, Severity, Status } from '../types.ts';
import { describedBy, ErrorNotice, Field, IMPACT_LABELS, Loading, SeverityBadge, StatusBadge, statusLabel, Time } from '../ui.tsx';

const ASSIGNMENT_ROLES: readonly AssignmentRole[] = ['primary', 'secondary', 'observer', 'commander', 'communications'];

/** The button for a move, named as a person says it. */
export function transitionLabel(from: Status, to: Status): string {
  if (from === 'resolved' && to === 'investigating') return 'Reopen';
  const labels: Record<Status, string> = {
    open: 'Open',
    acknowledged: 'Acknowledge',
    investigating: 'Start investigating',
    identified: 'Mark identified',
    monitoring: 'Start monitoring',
    resolved: 'Resolve',
    closed: 'Close (review done)',
  };
  return labels[to];
}

const TIMELINE_LABELS: Record<string, string> = {
  'incident.created': 'Created',
  'incident.updated': 'Edited',
  'incident.status_changed': 'Status changed',
  'incident.acknowledged': 'Acknowledged',
  'incident.resolved': 'Resolved',
  'incident.update_added': 'Update',
  'incident.comment_added': 'Comment',
  'incident.assigned': 'Assigned',
  'incident.unassigned': 'Unassigned',
  'incident.deleted': 'Deleted',
};

/** A field value (or a change's before/after) as words: lists joined, objects as `key: value`. */
export const show = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.user === 'string') return typeof record.role === 'string' ? `${record.user} (${record.role})` : record.user;
    return Object.entries(record).map(([k, v]) => `${k}: ${show(v)}`).join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
};

function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, setError };
}

function Transitions({ detail, onDone }: { detail: Detail; onDone: () => Promise<void> }) {
  const action = useAction();
  if (detail.allowed_transitions.length === 0) return <p class="muted">This incident is closed: its status cannot change.</p>;
  return (
    <div>
      <ErrorNotice error={action.error} focus />
      <div class="actions" role="group" aria-label="Change the status">
        {detail.allowed_transitions.map((to) => (
          <button
            key={to}
            type="button"
            class={to === 'resolved' ? 'good' : to === 'acknowledged' ? '' : 'secondary'}
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                await request('PUT', `/v1/incidents/${encodeURIComponent(detail.id)}/status`, { body: { status: to } });
                announce(`Status changed to ${to}.`);
                await onDone();
              })
            }
          >
            {transitionLabel(detail.status, to)}
          </button>
        ))}
      </div>
    </div>
  );
}

function UpdateForm({ detail, onDone }: { detail: Detail; onDone: () => Promise<void> }) {
  const [draft, update, clear] = useDraft(`update.${detail.id}`, { status: '', message: '', public_message: '' });
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  const statusStillAllowed = draft.status === '' || detail.allowed_transitions.includes(draft.status as Status);

  const submit = (event: Event) => {
    event.preventDefault();
    if (draft.message.trim() === '') {
      setError('Enter the update message.');
      document.getElementById('u-message')?.focus();
      return;
    }
    setError(undefined);
    void action.run(async () => {
      try {
        await post(`/v1/incidents/${encodeURIComponent(detail.id)}/updates`, {
          message: draft.message.trim(),
          ...(draft.status && statusStillAllowed ? { status: draft.status } : {}),
          ...(draft.public_message.trim() ? { public_message: draft.public_message.trim() } : {}),
        });
      } catch (e) {
        const field = e instanceof ApiError ? e.fieldErrors().message : undefined;
        if (field) {
          setError(`The server says: ${field}`);
          return;
        }
        throw e;
      }
      clear();
      announce('Update added.');
      await onDone();
    });
  };

  return (
    <form onSubmit={submit} aria-labelledby="update-heading" noValidate>
      <h2 id="update-heading">Add an update</h2>
      <ErrorNotice error={action.error} focus />
      <Field id="u-status" label="New status (optional)">
        <select id="u-status" value={statusStillAllowed ? draft.status : ''} onChange={(e) => update({ status: e.currentTarget.value })}>
          <option value="">Keep “{statusLabel(detail.status)}”</option>
          {detail.allowed_transitions.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="u-message" label="Message (required)" error={error}>
        <textarea id="u-message" rows={3} maxLength={5000} value={draft.message} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy('u-message', error)} onInput={(e) => update({ message: e.currentTarget.value })} />
      </Field>
      <Field id="u-public" label="Public message (optional)" hint="Shown on the public status page.">
        <textarea id="u-public" rows={2} maxLength={5000} value={draft.public_message} aria-describedby="u-public-hint" onInput={(e) => update({ public_message: e.currentTarget.value })} />
      </Field>
      <button type="submit" disabled={action.busy}>
        Add update
      </button>
    </form>
  );
}

interface EditValues {
  title: string;
  description: string;
  severity: Severity;
  assigned_team: string;
  assignee: string;
  public_message: string;
  internal_notes: string;
  is_public: boolean;
}

const editValuesOf = (d: Detail): EditValues => ({
  title: d.title,
  description: d.description,
  severity: d.severity,
  assigned_team: d.assigned_team ?? '',
  assignee: d.assignee ?? '',
  public_message: d.public_message ?? '',
  internal_notes: d.internal_notes ?? '',
  is_public: d.is_public,
});

function EditForm({ detail, onDone, onCancel }: { detail: Detail; onDone: () => Promise<void>; onCancel: () => void }) {
  // The version the person started from: a change by anyone else since then is a 412.
  const [base, setBase] = useState(() => ({ version: detail.version, values: editValuesOf(detail) }));
  const [values, setValues, clearDraft] = useDraft<EditValues & { version: number }>(`edit.${detail.id}`, { ...base.values, version: detail.version });
  const [stale, setStale] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const action = useAction();
  const version = values.version;

  const submit = (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (values.title.trim().length < 8) errors.title = 'The title needs at least 8 characters.';
    setFieldErrors(errors);
    if (errors.title) {
      document.getElementById('e-title')?.focus();
      return;
    }
    const patch: Record<string, unknown> = {};
    const nullable = (v: string) => (v.trim() === '' ? null : v.trim());
    if (values.title.trim() !== base.values.title) patch.title = values.title.trim();
    if (values.description !== base.values.description) patch.description = values.description;
    if (values.severity !== base.values.severity) patch.severity = values.severity;
    if (values.assigned_team.trim() !== base.values.assigned_team) patch.assigned_team = nullable(values.assigned_team);
    if (values.assignee.trim() !== base.values.assignee) patch.assignee = nullable(values.assignee);
    if (values.public_message !== base.values.public_message) patch.public_message = nullable(values.public_message);
    if (values.internal_notes !== base.values.internal_notes) patch.internal_notes = nullable(values.internal_notes);
    if (values.is_public !== base.values.is_public) patch.is_public = values.is_public;
    if (Object.keys(patch).length === 0) {
      action.setError('Nothing changed: edit a field first.');
      return;
    }
    void action.run(async () => {
      try {
        await request('PATCH', `/v1/incidents/${encodeURIComponent(detail.id)}`, { body: patch, headers: { 'if-match': `"${version}"` } });
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          setStale(true);
          return;
        }
        if (e instanceof ApiError && e.problem.errors?.length) {
          setFieldErrors(e.fieldErrors());
          return;
        }
        throw e;
      }
      announce('Changes saved.');
      await onDone();
      close();
    });
  };

  // "Reload": fetch the newest detail, then make it the base (its version for If-Match); the
  // person's typed values stay in the form so they can check them and save again.
  const [rebase, setRebase] = useState(false);
  useEffect(() => {
    if (!rebase) return;
    setRebase(false);
    const fresh = editValuesOf(detail);
    // Fields the person did not touch take the new values; the ones they changed keep their text.
    const untouched: Partial<EditValues> = {};
    for (const key of Object.keys(fresh) as (keyof EditValues)[]) {
      if (values[key] === base.values[key]) (untouched as Record<string, unknown>)[key] = fresh[key];
    }
    setBase({ version: detail.version, values: fresh });
    setValues({ ...untouched, version: detail.version });
  }, [rebase, detail, values, base, setValues]);
  const reload = async () => {
    await onDone();
    setStale(false);
    setRebase(true);
    announce('Reloaded: the details show the latest version; your edits are still in the form.');
  };
  const close = () => {
    clearDraft();
    onCancel();
  };

  return (
    <form onSubmit={submit} aria-labelledby="edit-heading" noValidate class="panel">
      <h2 id="edit-heading">Edit the details</h2>
      {stale && (
        <ErrorNotice error="Someone else changed this incident since you started editing. Reload it to see their changes; what you typed stays in this form." focus>
          <button type="button" onClick={() => void reload()}>
            Reload the incident
          </button>
        </ErrorNotice>
      )}
      <ErrorNotice error={action.error} focus />
      <Field id="e-title" label="Title" error={fieldErrors.title}>
        <input id="e-title" type="text" maxLength={200} value={values.title} aria-invalid={fieldErrors.title ? 'true' : undefined} aria-describedby={describedBy('e-title', fieldErrors.title)} onInput={(e) => setValues({ title: e.currentTarget.value })} />
      </Field>
      <Field id="e-severity" label="Severity" error={fieldErrors.severity}>
        <select id="e-severity" value={values.severity} onChange={(e) => setValues({ severity: e.currentTarget.value as Severity })}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="e-description" label="Description" error={fieldErrors.description}>
        <textarea id="e-description" rows={3} maxLength={10000} value={values.description} onInput={(e) => setValues({ description: e.currentTarget.value })} />
      </Field>
      <Field id="e-team" label="Team" error={fieldErrors.assigned_team}>
        <input id="e-team" type="text" maxLength={100} value={values.assigned_team} onInput={(e) => setValues({ assigned_team: e.currentTarget.value })} />
      </Field>
      <Field id="e-assignee" label="Assignee" error={fieldErrors.assignee}>
        <input id="e-assignee" type="text" maxLength={200} value={values.assignee} onInput={(e) => setValues({ assignee: e.currentTarget.value })} />
      </Field>
      <Field id="e-public" label="Public message" error={fieldErrors.public_message}>
        <textarea id="e-public" rows={2} maxLength={5000} value={values.public_message} onInput={(e) => setValues({ public_message: e.currentTarget.value })} />
      </Field>
      <Field id="e-notes" label="Internal notes (never public)" error={fieldErrors.internal_notes}>
        <textarea id="e-notes" rows={3} maxLength={10000} value={values.internal_notes} onInput={(e) => setValues({ internal_notes: e.currentTarget.value })} />
      </Field>
      <label class="choice">
        <input type="checkbox" checked={values.is_public} onChange={(e) => setValues({ is_public: e.currentTarget.checked })} /> Shown on the public status page
      </label>
      <div class="actions">
        <button type="submit" disabled={action.busy}>
          Save changes
        </button>
        <button type="button" class="secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Assignments({ detail, canWrite, onDone }: { detail: Detail; canWrite: boolean; onDone: () => Promise<void> }) {
  const [draft, update, clear] = useDraft(`assign.${detail.id}`, { user: '', role: 'primary' });
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    if (draft.user.trim() === '') {
      setError('Enter who to assign.');
      document.getElementById('a-user')?.focus();
      return;
    }
    setError(undefined);
    void action.run(async () => {
      await post(`/v1/incidents/${encodeURIComponent(detail.id)}/assignments`, { user: draft.user.trim(), role: draft.role });
      clear();
      announce(`${draft.user.trim()} assigned.`);
      await onDone();
    });
  };
  return (
    <section aria-labelledby="assign-heading">
      <h2 id="assign-heading">Assignments</h2>
      <ErrorNotice error={action.error} focus />
      {detail.assignments.length === 0 ? (
        <p class="muted">Nobody is assigned.</p>
      ) : (
        <ul class="plain">
          {detail.assignments.map((a) => (
            <li key={`${a.user}-${a.role}`}>
              <strong>{a.user}</strong> — {a.role} <span class="muted">(by {a.assigned_by}, <Time at={a.assigned_at} />)</span>{' '}
              {canWrite && (
                <button
                  type="button"
                  class="link"
                  aria-label={`Remove ${a.user}`}
                  onClick={() =>
                    void action.run(async () => {
                      await request('DELETE', `/v1/incidents/${encodeURIComponent(detail.id)}/assignments?user=${encodeURIComponent(a.user)}`);
                      announce(`${a.user} unassigned.`);
                      await onDone();
                    })
                  }
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form onSubmit={submit} class="inline-form" noValidate>
          <Field id="a-user" label="Person" error={error}>
            <input id="a-user" type="text" maxLength={200} value={draft.user} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy('a-user', error)} onInput={(e) => update({ user: e.currentTarget.value })} />
          </Field>
          <Field id="a-role" label="Role">
            <select id="a-role" value={draft.role} onChange={(e) => update({ role: e.currentTarget.value })}>
              {ASSIGNMENT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {statusLabel(r)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" disabled={action.busy}>
            Assign
          </button>
        </form>
      )}
    </section>
  );
}

function Comments({ detail, canWrite, onDone }: { detail: Detail; canWrite: boolean; onDone: () => Promise<void> }) {
  const [draft, update, clear] = useDraft(`comment.${detail.id}`, { body: '' });
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    if (draft.body.trim() === '') {
      setError('Enter a comment.');
      document.getElementById('c-body')?.focus();
      return;
    }
    setError(undefined);
    void action.run(async () => {
      await post(`/v1/incidents/${encodeURIComponent(detail.id)}/comments`, { body: draft.body.trim() });
      clear();
      announce('Comment added.');
      await onDone();
    });
  };
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <ErrorNotice error={action.error} focus />
      {detail.comments.length === 0 ? (
        <p class="muted">No comments yet.</p>
      ) : (
        <ol class="plain">
          {detail.comments.map((c) => (
            <li key={c.id}>
              <p class="meta">
                <strong>{c.author}</strong>, <Time at={c.created_at} />
              </p>
              <p class="prewrap">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form onSubmit={submit} noValidate>
          <Field id="c-body" label="Comment" error={error}>
            <textarea id="c-body" rows={2} maxLength={10000} value={draft.body} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy('c-body', error)} onInput={(e) => update({ body: e.currentTarget.value })} />
          </Field>
          <button type="submit" disabled={action.busy}>
            Add comment
          </button>
        </form>
      )}
    </section>
  );
}

function Timeline({ detail }: { detail: Detail }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="timeline">
        {[...detail.timeline].reverse().map((entry) => (
          <li key={entry.id}>
            <p class="meta">
              <strong>{TIMELINE_LABELS[entry.type] ?? entry.type}</strong> · {entry.actor.name} · <Time at={entry.at} />
              {entry.update_type && entry.update_type !== 'status_update' ? ` · ${entry.update_type}` : ''}
            </p>
            {entry.message && <p class="prewrap">{entry.message}</p>}
            {entry.public_message && (
              <p class="prewrap">
                <span class="muted">Public: </span>
                {entry.public_message}
              </p>
            )}
            {Object.keys(entry.changes).length > 0 && (
              <ul class="changes">
                {Object.entries(entry.changes).map(([field, change]) => (
                  <li key={field}>
                    {field}: {show(change.from)} → {show(change.to)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function IncidentDetail({ id, canWrite }: { id: string; canWrite: boolean }) {
  const detail = useLive<Detail>(`/v1/incidents/${encodeURIComponent(id)}`);
  const components = useLive<{ items: Component[] }>('/v1/components', false);
  const [editing, setEditing] = useState(false);
  const names = new Map((components.data?.items ?? []).map((c) => [c.id, c.name]));

  if (detail.loading) return <Loading what={`incident ${id}`} />;
  const d = detail.data;
  if (!d) {
    return (
      <section>
        <h1>Incident {id}</h1>
        <ErrorNotice error={detail.error ?? 'This incident could not be loaded.'} focus />
        <p>
          <a href={href('/')}>Back to the list</a>
        </p>
      </section>
    );
  }
  const fields: [string, preact.ComponentChildren][] = [
    ['Status', <StatusBadge status={d.status} />],
    ['Severity', <SeverityBadge severity={d.severity} />],
    ['Impact', IMPACT_LABELS[d.impact]],
    ['Type', show(d.incident_type.replace(/_/g, ' '))],
    ['Affected services', show(d.components.map((c) => names.get(c) ?? c))],
    ['Other services (names)', show(d.affected_services)],
    ['Regions', show(d.affected_regions)],
    ['Team', show(d.assigned_team)],
    ['Assignee', show(d.assignee)],
    ['Started', <Time at={d.start_time} />],
    ['Acknowledged', <Time at={d.acknowledged_at} />],
    ['Resolved', <Time at={d.resolved_at} />],
    ['Closed', <Time at={d.closed_at} />],
    ['Snoozed until', <Time at={d.snoozed_until} />],
    ['Time to acknowledge', d.mtta_seconds === null ? '—' : `${Math.round(d.mtta_seconds / 60)} min`],
    ['Time to resolve', d.mttr_seconds === null ? '—' : `${Math.round(d.mttr_seconds / 60)} min`],
    ['Public', d.is_public ? 'Yes' : 'No'],
    ['In the RSS feed', d.rss_enabled ? 'Yes' : 'No'],
    ['Opened by automation', d.system ? 'Yes' : 'No'],
    ['Created by', show(d.created_by)],
    ['Created', <Time at={d.created_at} />],
    ['Last change', <Time at={d.updated_at} />],
    ['Version', String(d.version)],
  ];

  return (
    <article aria-labelledby="incident-title">
      <p>
        <a href={href('/')}>← All incidents</a>
      </p>
      <p class="muted">{d.id}</p>
      <h1 id="incident-title">{d.title}</h1>
      <p class="badges">
        <StatusBadge status={d.status} /> <SeverityBadge severity={d.severity} />
      </p>
      {detail.error !== null && <ErrorNotice error={`Could not refresh: ${messageOf(detail.error)}`} />}
      {canWrite && <Transitions detail={d} onDone={detail.reload} />}
      <div class="columns">
        <div>
          <section aria-labelledby="fields-heading">
            <h2 id="fields-heading">Details</h2>
            <dl class="fields">
              {fields.map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <h3>Description</h3>
            <p class="prewrap">{d.description || '—'}</p>
            <h3>Public message</h3>
            <p class="prewrap">{d.public_message ?? '—'}</p>
            <h3>Internal notes</h3>
            <p class="prewrap">{d.internal_notes ?? '—'}</p>
            {canWrite && !editing && (
              <button type="button" class="secondary" onClick={() => setEditing(true)}>
                Edit the details
              </button>
            )}
          </section>
          {canWrite && editing && <EditForm detail={d} onDone={detail.reload} onCancel={() => setEditing(false)} />}
          {canWrite && d.allowed_transitions.length > 0 && <UpdateForm detail={d} onDone={detail.reload} />}
        </div>
        <div>
          <Assignments detail={d} canWrite={canWrite} onDone={detail.reload} />
          <Comments detail={d} canWrite={canWrite} onDone={detail.reload} />
          <Timeline detail={d} />
        </div>
      </div>
    </article>
  );
}
