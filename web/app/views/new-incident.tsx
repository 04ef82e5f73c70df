/**
 * The create form of the source document: Incident Title, impact, affected services, start date
 * (all required). Impact 0 plans a maintenance window instead and asks for its end as well.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError, post } from '../api.ts';
import { announce } from '../announce.ts';
import { useDraft, useLive } from '../hooks.ts';
import { navigate } from '../router.ts';
import type { Component, Incident, Maintenance } from '../types.ts';
import { describedBy, ErrorNotice, Field, IMPACT_LABELS, Loading } from '../ui.tsx';
import { FIELD_ORDER, fieldOfPath, localNow, TITLE_MAX, toInstant, validateCreate, type CreateDraft, type CreateErrors } from '../validate.ts';

const IMPACT_HINTS = ['planned work: plans a maintenance window', 'some users see problems', 'many users affected', 'the service is down'];

const newKey = (): string => crypto.randomUUID();

const EMPTY: CreateDraft = { title: '', impact: '', components: [], start: '', end: '', description: '', team: '', key: '' };

/** The element that takes the focus for a field's error. */
const FOCUS_TARGET: Record<keyof CreateErrors, string> = {
  title: 'title',
  impact: 'impact-0',
  components: 'components-first',
  start: 'start',
  end: 'end',
  description: 'description',
  team: 'team',
};

export function groupComponents(components: Component[]): [string, Component[]][] {
  const groups = new Map<string, Component[]>();
  for (const c of [...components].sort((a, b) => a.name.localeCompare(b.name))) {
    const group = c.display_group ?? 'Other';
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)));
}

export function NewIncident() {
  const components = useLive<{ items: Component[] }>('/v1/components', false);
  const [draft, update, clear] = useDraft<CreateDraft>('new-incident', { ...EMPTY, key: newKey() });
  const [errors, setErrors] = useState<CreateErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const maintenance = draft.impact === '0';

  const focusField = (field: keyof CreateErrors) => {
    const id = FOCUS_TARGET[field];
    const el = id === 'components-first' ? document.querySelector<HTMLInputElement>('input[name="components"]') : document.getElementById(id);
    el?.focus();
  };

  const showErrors = (found: CreateErrors) => {
    setErrors(found);
    // After the render that shows the messages: the summary takes the focus and is announced.
    setTimeout(() => summaryRef.current?.focus(), 0);
  };

  async function submit(event: Event) {
    event.preventDefault();
    setFailure(null);
    const found = validateCreate(draft);
    if (Object.keys(found).length > 0) return showErrors(found);
    setErrors({});
    setSending(true);
    try {
      const start = toInstant(draft.start) as string;
      if (maintenance) {
        const body = { title: draft.title.trim(), components: draft.components, start_time: start, end_time: toInstant(draft.end) as string, ...(draft.description ? { description: draft.description } : {}) };
        const { data } = await post<Maintenance>('/v1/maintenances', body);
        clear({ ...EMPTY, key: newKey() });
        announce(`Maintenance window “${data?.title ?? ''}” planned.`);
        navigate('/maintenances');
      } else {
        const body = {
          title: draft.title.trim(),
          impact: Number(draft.impact),
          components: draft.components,
          start_time: start,
          ...(draft.description ? { description: draft.description } : {}),
          ...(draft.team.trim() ? { assigned_team: draft.team.trim() } : {}),
        };
        const { data } = await post<Incident>('/v1/incidents', body, { headers: { 'idempotency-key': draft.key || newKey() } });
        clear({ ...EMPTY, key: newKey() });
        announce(`Incident ${data?.id ?? ''} created.`);
        navigate(`/incident/${encodeURIComponent(data?.id ?? '')}`);
      }
    } catch (error) {
      const fields: CreateErrors = {};
      if (error instanceof ApiError) {
        for (const e of error.problem.errors ?? []) {
          const field = fieldOfPath(e.path);
          if (field) fields[field] ??= `The server says: ${e.message}`;
        }
      }
      if (Object.keys(fields).length > 0) showErrors(fields);
      else setFailure(error);
    } finally {
      setSending(false);
    }
  }

  const list = components.data?.items ?? [];
  const errorList = FIELD_ORDER.filter((f) => errors[f]);

  return (
    <section aria-labelledby="new-heading">
      <h1 id="new-heading">{maintenance ? 'Plan a maintenance window' : 'Report an incident'}</h1>
      <p class="hint">Every field marked “required” must be filled in.</p>
      {errorList.length > 0 && (
        <div class="notice notice-error" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{errorList.length === 1 ? 'One field needs attention' : `${errorList.length} fields need attention`}</h2>
          <ul>
            {errorList.map((f) => (
              <li key={f}>
                <button type="button" class="link" onClick={() => focusField(f)}>
                  {errors[f]}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorNotice error={failure} focus />
      <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="new-heading">
        <Field id="title" label="Incident Title (required)" error={errors.title} hint={`8 to ${TITLE_MAX} characters, e.g. “Checkout fails for card payments”.`}>
          <input
            id="title"
            name="title"
            type="text"
            value={draft.title}
            maxLength={TITLE_MAX}
            autoComplete="off"
            aria-invalid={errors.title ? 'true' : undefined}
            aria-describedby={describedBy('title', errors.title, 'hint')}
            onInput={(e) => update({ title: e.currentTarget.value })}
          />
        </Field>

        <fieldset class={`field${errors.impact ? ' has-error' : ''}`} aria-describedby={errors.impact ? 'impact-error' : undefined} aria-invalid={errors.impact ? 'true' : undefined}>
          <legend>Impact (required)</legend>
          {errors.impact && (
            <p class="error" id="impact-error">
              <span aria-hidden="true">⚠ </span>
              {errors.impact}
            </p>
          )}
          <div class="choices">
            {IMPACT_LABELS.map((label, i) => (
              <label key={label} class="choice">
                <input type="radio" id={`impact-${i}`} name="impact" value={String(i)} checked={draft.impact === String(i)} onChange={() => update({ impact: String(i) })} />
                <span>
                  <strong>{label}</strong> <span class="muted">— {IMPACT_HINTS[i]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset class={`field${errors.components ? ' has-error' : ''}`} aria-describedby={errors.components ? 'components-error' : undefined}>
          <legend>Affected services (required)</legend>
          {errors.components && (
            <p class="error" id="components-error">
              <span aria-hidden="true">⚠ </span>
              {errors.components}
            </p>
          )}
          {components.loading && <Loading what="the registered services" />}
          <ErrorNotice error={components.error} />
          {!components.loading && list.length === 0 && !components.error && (
            <p class="muted">No services are registered yet: an admin registers them first (POST /v1/components).</p>
          )}
          {groupComponents(list).map(([group, members]) => (
            <fieldset key={group} class="group">
              <legend>{group}</legend>
              {members.map((c) => (
                <label key={c.id} class="choice">
                  <input
                    type="checkbox"
                    name="components"
                    value={c.id}
                    checked={draft.components.includes(c.id)}
                    onChange={(e) =>
                      update({ components: e.currentTarget.checked ? [...draft.components, c.id] : draft.components.filter((id) => id !== c.id) })
                    }
                  />
                  <span>{c.name}</span>
                  {c.attributes.length > 0 && <span class="muted"> ({c.attributes.map((a) => `${a.name}: ${a.value}`).join(', ')})</span>}
                </label>
              ))}
            </fieldset>
          ))}
        </fieldset>

        <Field id="start" label={maintenance ? 'Maintenance start (required)' : 'Start date (required)'} error={errors.start} hint="Date and time, in your time zone.">
          <div class="inline">
            <input
              id="start"
              name="start"
              type="datetime-local"
              value={draft.start}
              {...(maintenance ? {} : { max: localNow() })}
              aria-invalid={errors.start ? 'true' : undefined}
              aria-describedby={describedBy('start', errors.start, 'hint')}
              onInput={(e) => update({ start: e.currentTarget.value })}
            />
            <button type="button" class="secondary" onClick={() => update({ start: localNow() })}>
              Use the current time
            </button>
          </div>
        </Field>

        {maintenance && (
          <Field id="end" label="Maintenance end (required)" error={errors.end} hint="After the start.">
            <input
              id="end"
              name="end"
              type="datetime-local"
              value={draft.end}
              aria-invalid={errors.end ? 'true' : undefined}
              aria-describedby={describedBy('end', errors.end, 'hint')}
              onInput={(e) => update({ end: e.currentTarget.value })}
            />
          </Field>
        )}

        <Field id="description" label="Description (optional)" error={errors.description}>
          <textarea id="description" name="description" rows={4} maxLength={10_000} value={draft.description} aria-describedby={describedBy('description', errors.description)} onInput={(e) => update({ description: e.currentTarget.value })} />
        </Field>

        {!maintenance && (
          <Field id="team" label="Team (optional)" error={errors.team}>
            <input id="team" name="team" type="text" maxLength={100} value={draft.team} aria-describedby={describedBy('team', errors.team)} onInput={(e) => update({ team: e.currentTarget.value })} />
          </Field>
        )}

        <div class="actions">
          <button type="submit" disabled={sending}>
            {sending ? 'Sending…' : maintenance ? 'Plan maintenance' : 'Create incident'}
          </button>
          <button type="button" class="secondary" onClick={() => { clear({ ...EMPTY, key: newKey() }); setErrors({}); }}>
            Clear the form
          </button>
        </div>
      </form>
    </section>
  );
}
