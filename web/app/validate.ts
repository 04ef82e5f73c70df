/**
 * The create form's rules, checked in the page before anything is sent (the server checks again):
 * the page never sends what the server would refuse for a reason the page can know.
 */
import { TITLE_MAX, TITLE_MIN } from '#shared/domain/incidents/title.ts';

export { TITLE_MAX, TITLE_MIN };

/** The server accepts a start up to 5 minutes ahead (clock skew); the page asks for none. */
const FUTURE_TOLERANCE_MS = 60_000;

export interface CreateDraft {
  title: string;
  /** '' (not chosen) or '0'..'3'. */
  impact: string;
  components: string[];
  /** `datetime-local` values (the browser's time zone). */
  start: string;
  end: string;
  description: string;
  team: string;
  /** Sent as Idempotency-Key: a retry of the same draft never creates a second incident. */
  key: string;
}

export type CreateErrors = Partial<Record<'title' | 'impact' | 'components' | 'start' | 'end' | 'description' | 'team', string>>;

/** Field order on the page: the first invalid one gets the focus. */
export const FIELD_ORDER = ['title', 'impact', 'components', 'start', 'end', 'description', 'team'] as const;

/** A `datetime-local` value as an ISO 8601 instant, or null when it is not a valid time. */
export function toInstant(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(local)) return null;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

/** Now as a `datetime-local` value (minutes), in the browser's time zone. */
export function localNow(now: Date = new Date()): string {
  const shifted = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export function validateCreate(draft: CreateDraft, now: Date = new Date()): CreateErrors {
  const errors: CreateErrors = {};
  const title = draft.title.trim();
  if (title === '') errors.title = 'Enter the incident title.';
  else if (title.length < TITLE_MIN) errors.title = `The title needs at least ${TITLE_MIN} characters (it has ${title.length}).`;
  else if (title.length > TITLE_MAX) errors.title = `The title can have at most ${TITLE_MAX} characters (it has ${title.length}).`;

  if (!['0', '1', '2', '3'].includes(draft.impact)) errors.impact = 'Choose the impact.';
  if (draft.components.length === 0) errors.components = 'Choose at least one affected service.';
  else if (draft.components.length > 50) errors.components = 'Choose at most 50 affected services.';

  const maintenance = draft.impact === '0';
  const start = toInstant(draft.start);
  if (draft.start === '') errors.start = maintenance ? 'Enter when the maintenance starts.' : 'Enter the start date and time.';
  else if (!start) errors.start = 'Enter the start as a date and a time.';
  else if (!maintenance && Date.parse(start) > now.getTime() + FUTURE_TOLERANCE_MS) errors.start = 'The start cannot be in the future: an incident starts before it is reported.';

  if (maintenance) {
    const end = toInstant(draft.end);
    if (draft.end === '') errors.end = 'Enter when the maintenance ends.';
    else if (!end) errors.end = 'Enter the end as a date and a time.';
    else if (start && Date.parse(end) <= Date.parse(start)) errors.end = 'The end must be after the start.';
  }
  if (draft.description.length > 10_000) errors.description = 'The description can have at most 10,000 characters.';
  if (draft.team.trim().length > 100) errors.team = 'The team name can have at most 100 characters.';
  return errors;
}

/** A server error path (`body.start_time`) as the form field it belongs to. */
export function fieldOfPath(path: string): keyof CreateErrors | undefined {
  const name = path.replace(/^body\./, '').split('.')[0];
  switch (name) {
    case 'title':
      return 'title';
    case 'impact':
    case 'severity':
      return 'impact';
    case 'components':
      return 'components';
    case 'start_time':
      return 'start';
    case 'end_time':
      return 'end';
    case 'description':
      return 'description';
    case 'assigned_team':
      return 'team';
    default:
      return undefined;
  }
}
