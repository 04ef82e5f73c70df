/** Small shared pieces: status and severity badges (text first, colour second), fields, notices. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { messageOf } from './api.ts';
import type { Severity, Status } from './types.ts';

const STATUS_ICON: Record<Status, string> = {
  open: '!',
  acknowledged: '✓',
  investigating: '?',
  identified: '◎',
  monitoring: '◔',
  resolved: '✔',
  closed: '■',
};

export const statusLabel = (status: string): string => status.charAt(0).toUpperCase() + status.slice(1);

/** The status as words (with a shape for quick scanning); colour only repeats what the text says. */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge status-${status}`}>
      <span aria-hidden="true">{STATUS_ICON[status]} </span>
      {statusLabel(status)}
    </span>
  );
}

const SEVERITY_MARK: Record<Severity, string> = { critical: '▲▲▲', high: '▲▲', medium: '▲', low: '△', minor: '·' };
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span class={`badge severity-${severity}`}>
      <span aria-hidden="true">{SEVERITY_MARK[severity]} </span>
      {statusLabel(severity)}
    </span>
  );
}

export const IMPACT_LABELS = ['0 · maintenance', '1 · minor', '2 · major', '3 · outage'] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">—</span>;
  return <time dateTime={at}>{dateFormat.format(new Date(at))}</time>;
}

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly children: ComponentChildren;
}

/** A label, an optional hint and the field's error message, tied to the control by id. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** `aria-describedby` for a control inside Field. */
export const describedBy = (id: string, error?: string, hint?: string): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** An error box that is announced (role=alert) and, when `focus`, takes the focus. */
export function ErrorNotice({ error, focus = false, children }: { error: unknown; focus?: boolean; children?: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus && error) ref.current?.focus();
  }, [error, focus]);
  if (!error) return null;
  return (
    <div class="notice notice-error" role="alert" tabIndex={-1} ref={ref}>
      <p>{typeof error === 'string' ? error : messageOf(error)}</p>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" role="status">Loading {what}…</p>;
}
