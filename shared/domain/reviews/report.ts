/**
 * The post-incident report (reviews, issue 13): built from what the service holds about an incident
 * (its timeline, public updates, components, alarms, escalation, action items) and rendered as JSON
 * or Markdown. Pure: every input is passed in, the clock too.
 *
 * Markdown escaping: every piece of user text is inline text. Newlines collapse to spaces (a title or
 * message cannot start a heading, list or table row), and the characters that open inline markup,
 * links, HTML or table cells are backslash-escaped (CommonMark: any ASCII punctuation may be).
 * Links are only ever https URLs (the schemas check it), percent-encoded so `)` or spaces cannot end
 * the link early.
 */
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { IMPACT_NAMES } from '#shared/domain/severity.ts';
import { orderActionItems, type ActionItem } from '#shared/domain/reviews/action-item.ts';

export interface ReportInput {
  readonly incident: Incident;
  readonly timeline: readonly TimelineEntry[];
  /** What the public was told (the public updates); empty for a private incident. */
  readonly publicUpdates: readonly { readonly status: string; readonly body: string; readonly created_at: string }[];
  /** Names of the incident's components; an id without a component (deleted) is kept by id. */
  readonly components: readonly { readonly id: string; readonly name: string }[];
  readonly alarms: readonly { readonly alarm_name: string; readonly state: string; readonly component_id?: string | null; readonly updated_at: string }[];
  readonly escalation: { readonly policy_name: string; readonly state: string; readonly stop_reason: string | null; readonly started_at: string } | null;
  readonly escalationRuns: readonly { readonly at: string; readonly step: number; readonly loop: number; readonly outcome: string; readonly message: string }[];
  readonly actionItems: readonly ActionItem[];
  readonly generatedAt: string;
}

export interface Report {
  incident_id: string;
  generated_at: string;
  summary: {
    title: string;
    description: string;
    status: string;
    severity: string;
    impact: number;
    impact_name: string;
    incident_type: string;
    assigned_team: string | null;
    assignee: string | null;
    created_by: string;
    created_at: string;
    closed_at: string | null;
    review_completed_at: string | null;
  };
  impact: {
    components: { id: string; name: string }[];
    affected_services: string[];
    affected_regions: string[];
    started_at: string;
    resolved_at: string | null;
    /** start → resolution, or → the report's time while unresolved (`ongoing`). */
    duration_seconds: number;
    ongoing: boolean;
    is_public: boolean;
    public_updates: { at: string; status: string; body: string }[];
  };
  metrics: { mtta_seconds: number | null; mttr_seconds: number | null; duration_seconds: number };
  timeline: { at: string; type: string; actor: string; detail: string }[];
  alerts: { alarm_name: string; state: string; component_id: string | null; updated_at: string }[];
  escalation: { policy_name: string; state: string; stop_reason: string | null; started_at: string; runs: { at: string; step: number; loop: number; outcome: string; message: string }[] } | null;
  action_items: { open: number; done: number; items: ActionItem[] };
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** `2026-11-24T10:00:00Z`: UTC, whole seconds. */
export function utc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function formatDuration(total: number | null): string {
  if (total === null) return '—';
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${pad(h)}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  return `${m}m ${pad(s)}s`;
}

function timelineDetail(entry: TimelineEntry): string {
  const parts: string[] = [];
  const status = entry.changes.status;
  if (status) parts.push(`status ${String(status.from)} → ${String(status.to)}`);
  if (entry.type === 'incident.updated') {
    const fields = Object.keys(entry.changes).filter((k) => k !== 'status');
    if (fields.length) parts.push(`changed ${fields.join(', ')}`);
  }
  if (entry.message) parts.push(entry.message);
  if (entry.public_message) parts.push(`public: ${entry.public_message}`);
  return parts.join('; ');
}

export function buildReport(input: ReportInput): Report {
  const { incident } = input;
  const names = new Map(input.components.map((c) => [c.id, c.name]));
  const end = incident.resolved_at ?? input.generatedAt;
  const duration = seconds(incident.start_time, end);
  const items = orderActionItems(input.actionItems);
  return {
    incident_id: incident.id,
    generated_at: input.generatedAt,
    summary: {
      title: incident.title,
      description: incident.description,
      status: incident.status,
      severity: incident.severity,
      impact: incident.impact,
      impact_name: IMPACT_NAMES[incident.impact],
      incident_type: incident.incident_type,
      assigned_team: incident.assigned_team,
      assignee: incident.assignee,
      created_by: incident.created_by,
      created_at: incident.created_at,
      closed_at: incident.closed_at,
      review_completed_at: incident.review_completed_at ?? null,
    },
    impact: {
      components: incident.components.map((id) => ({ id, name: names.get(id) ?? id })),
      affected_services: incident.affected_services,
      affected_regions: incident.affected_regions,
      started_at: incident.start_time,
      resolved_at: incident.resolved_at,
      duration_seconds: duration,
      ongoing: incident.resolved_at === null,
      is_public: incident.is_public,
      public_updates: [...input.publicUpdates].sort((a, b) => a.created_at.localeCompare(b.created_at)).map((u) => ({ at: u.created_at, status: u.status, body: u.body })),
    },
    metrics: { mtta_seconds: incident.mtta_seconds, mttr_seconds: incident.mttr_seconds, duration_seconds: duration },
    timeline: [...input.timeline]
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
      .map((e) => ({ at: e.at, type: e.type, actor: e.actor.name, detail: timelineDetail(e) })),
    alerts: [...input.alarms].sort((a, b) => a.alarm_name.localeCompare(b.alarm_name)).map((a) => ({ alarm_name: a.alarm_name, state: a.state, component_id: a.component_id ?? null, updated_at: a.updated_at })),
    escalation: input.escalation
      ? { ...input.escalation, runs: [...input.escalationRuns].sort((a, b) => a.at.localeCompare(b.at)).map((r) => ({ at: r.at, step: r.step, loop: r.loop, outcome: r.outcome, message: r.message })) }
      : null,
    action_items: { open: items.filter((i) => i.status === 'open').length, done: items.filter((i) => i.status === 'done').length, items },
  };
}

/** User text as inline Markdown: one line, markup characters escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_{}[\]<>()#+!|~&]/g, (c) => `\\${c}`)
    .trim();
}

/** A code span that no backtick in the text can close. */
function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function link(url: string): string {
  let href: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return escapeMarkdown(url);
    href = parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return escapeMarkdown(url);
  }
  return `[${escapeMarkdown(new URL(href).host)}](${href})`;
}

const cell = (text: string | null | undefined) => (text ? escapeMarkdown(text) : '—');

export function renderReportMarkdown(report: Report): string {
  const s = report.summary;
  const i = report.impact;
  const out: string[] = [];
  out.push(`# Post-incident report: ${report.incident_id} — ${escapeMarkdown(s.title)}`, '');
  const review = s.review_completed_at ? `review completed ${utc(s.review_completed_at)}` : 'review not completed';
  out.push(`Generated ${utc(report.generated_at)} · status **${s.status}** · ${review} · all times UTC`, '');

  out.push('## Summary', '');
  out.push('| | |', '|---|---|');
  out.push(`| Severity | ${s.severity} |`);
  out.push(`| Impact | ${s.impact} (${s.impact_name}) |`);
  out.push(`| Type | ${s.incident_type} |`);
  out.push(`| Team | ${cell(s.assigned_team)} |`);
  out.push(`| Assignee | ${cell(s.assignee)} |`);
  out.push(`| Opened by | ${cell(s.created_by)} at ${utc(s.created_at)} |`);
  out.push('');
  if (s.description.trim()) {
    for (const paragraph of s.description.split(/\n\s*\n/)) if (paragraph.trim()) out.push(`> ${escapeMarkdown(paragraph)}`, '>');
    out.pop();
    out.push('');
  }

  out.push('## Impact', '');
  out.push(`- Components: ${i.components.length ? i.components.map((c) => (c.name === c.id ? code(c.id) : `${escapeMarkdown(c.name)} (${code(c.id)})`)).join(', ') : 'none'}`);
  out.push(`- Services: ${i.affected_services.length ? i.affected_services.map(escapeMarkdown).join(', ') : 'none'}`);
  out.push(`- Regions: ${i.affected_regions.length ? i.affected_regions.map(escapeMarkdown).join(', ') : 'none'}`);
  out.push(`- Impact from ${utc(i.started_at)} to ${i.resolved_at ? utc(i.resolved_at) : `now (ongoing at ${utc(report.generated_at)})`}: ${formatDuration(i.duration_seconds)}`);
  out.push('');
  out.push('### What the public was told', '');
  if (!i.is_public) out.push('Nothing: the incident is not public.');
  else if (i.public_updates.length === 0) out.push('Nothing was published.');
  else for (const u of i.public_updates) out.push(`- ${utc(u.at)} (${u.status}): ${escapeMarkdown(u.body)}`);
  out.push('');

  out.push('## Metrics', '');
  out.push('| Metric | Value |', '|---|---|');
  out.push(`| Time to acknowledge (MTTA) | ${formatDuration(report.metrics.mtta_seconds)} |`);
  out.push(`| Time to resolve (MTTR) | ${formatDuration(report.metrics.mttr_seconds)} |`);
  out.push(`| Duration of impact | ${formatDuration(report.metrics.duration_seconds)}${i.ongoing ? ' (ongoing)' : ''} |`);
  out.push('');

  out.push('## Timeline (UTC)', '');
  out.push('| Time | Event | By | Detail |', '|---|---|---|---|');
  for (const e of report.timeline) out.push(`| ${utc(e.at)} | ${e.type.replace(/^incident\./, '')} | ${cell(e.actor)} | ${cell(e.detail)} |`);
  out.push('');

  out.push('## Alerts and escalations', '');
  out.push('### Alarms', '');
  if (report.alerts.length === 0) out.push('No CloudWatch alarm is linked to this incident.');
  else for (const a of report.alerts) out.push(`- ${code(a.alarm_name)}: ${escapeMarkdown(a.state)}${a.component_id ? ` (component ${code(a.component_id)})` : ''}, last change ${utc(a.updated_at)}`);
  out.push('');
  out.push('### Escalation', '');
  const esc = report.escalation;
  if (!esc) out.push('No escalation policy ran for this incident.');
  else {
    out.push(`Policy **${escapeMarkdown(esc.policy_name)}**, started ${utc(esc.started_at)}, ${esc.state}${esc.stop_reason ? ` (${escapeMarkdown(esc.stop_reason)})` : ''}.`, '');
    for (const r of esc.runs) out.push(`- ${utc(r.at)} step ${r.step}, loop ${r.loop}: ${escapeMarkdown(r.message)}`);
  }
  out.push('');

  out.push('## Action items', '');
  const ai = report.action_items;
  if (ai.items.length === 0) out.push('None recorded.');
  else {
    out.push(`${ai.open} open, ${ai.done} done.`, '');
    out.push('| Status | Title | Owner | Due | Link |', '|---|---|---|---|---|');
    for (const item of ai.items) out.push(`| ${item.status} | ${escapeMarkdown(item.title)} | ${cell(item.owner)} | ${item.due_date ?? '—'} | ${item.link ? link(item.link) : '—'} |`);
  }
  out.push('');
  return out.join('\n');
}
