/**
 * The post-incident report for a fixed timeline, compared with the golden Markdown in
 * test/fixtures/reviews/. `GOLDEN=1 npx vitest run --project unit test/unit/domain/reviews/report.test.ts`
 * rewrites the golden file after an intended change (review the diff).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newIncident, changeStatus, addUpdate, type Actor, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { newActionItem, patchActionItem } from '#shared/domain/reviews/action-item.ts';
import { buildReport, escapeMarkdown, renderReportMarkdown, type ReportInput } from '#shared/domain/reviews/report.ts';

const golden = path.join(import.meta.dirname, '../../../fixtures/reviews/report.golden.md');
const alice: Actor = { id: 'u-alice', name: 'alice', kind: 'user' };
const bob: Actor = { id: 'u-bob', name: 'bob', kind: 'user' };

function fixedTimeline(): { incident: Incident; timeline: TimelineEntry[] } {
  const timeline: TimelineEntry[] = [];
  const created = newIncident(
    'INC-20261124-0042',
    {
      title: 'Checkout *5xx* | payments [EU]',
      description: 'Card payments failed for EU customers.\n\n# Not a heading\n<script>alert(1)</script>',
      severity: 'high',
      start_time: '2026-11-24T09:55:00.000Z',
      components: ['CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A'],
      affected_services: ['payments_api'],
      affected_regions: ['eu-west-1'],
      assigned_team: 'payments',
    },
    alice,
    '2026-11-24T10:00:00.000Z',
  );
  timeline.push(created.entry);
  let incident = created.incident;
  const step = (r: { incident: Incident; entry: TimelineEntry }) => {
    incident = r.incident;
    timeline.push(r.entry);
  };
  step(changeStatus(incident, 'acknowledged', bob, '2026-11-24T10:02:30.000Z', 'on it'));
  step(addUpdate(incident, { status: 'identified', message: 'Bad deploy of `card-router` v2.3', public_message: 'We found the cause of failed card payments.', update_type: 'investigation' }, bob, '2026-11-24T10:20:00.000Z'));
  step(changeStatus(incident, 'resolved', bob, '2026-11-24T10:41:15.000Z', 'rolled back'));
  step(changeStatus(incident, 'closed', alice, '2026-11-25T15:00:00.000Z', 'review held'));
  return { incident, timeline };
}

function input(): ReportInput {
  const { incident, timeline } = fixedTimeline();
  const canary = newActionItem('01JD3000000000000000000001', incident.id, { title: 'Canary for card-router', owner: 'u-bob', due_date: '2026-12-05', link: 'https://tracker.example.com/OPS-1 (draft)' }, 'alice', '2026-11-25T15:05:00.000Z');
  const alert = newActionItem('01JD3000000000000000000002', incident.id, { title: 'Alert on checkout_5xx > 1%', due_date: '2026-12-01' }, 'alice', '2026-11-25T15:06:00.000Z');
  const runbook = patchActionItem(newActionItem('01JD3000000000000000000003', incident.id, { title: 'Write the rollback runbook', owner: 'u-alice' }, 'alice', '2026-11-25T15:07:00.000Z'), { status: 'done' }, '2026-11-26T08:00:00.000Z');
  return {
    incident,
    timeline: [...timeline].reverse(),
    publicUpdates: [
      { status: 'resolved', body: 'Card payments work again.', created_at: '2026-11-24T10:41:15.000Z' },
      { status: 'identified', body: 'We found the cause of failed card payments.', created_at: '2026-11-24T10:20:00.000Z' },
    ],
    components: [{ id: 'CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A', name: 'Checkout API' }],
    alarms: [{ alarm_name: 'checkout-5xx-rate', state: 'OK', component_id: 'CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A', updated_at: '2026-11-24T10:45:00.000Z' }],
    escalation: { policy_name: 'Payments 24/7', state: 'stopped', stop_reason: 'acknowledged', started_at: '2026-11-24T10:00:01.000Z' },
    escalationRuns: [{ at: '2026-11-24T10:00:01.000Z', step: 1, loop: 1, outcome: 'paged', message: 'step 1: paged bob (on call for payments)' }],
    actionItems: [runbook, canary, alert],
    generatedAt: '2026-11-26T09:00:00.000Z',
  };
}

describe('post-incident report', () => {
  it('renders the golden Markdown for a fixed timeline', () => {
    const markdown = renderReportMarkdown(buildReport(input()));
    if (process.env.GOLDEN === '1') writeFileSync(golden, markdown);
    expect(markdown).toBe(readFileSync(golden, 'utf8'));
  });

  it('computes the metrics, the UTC timeline in order and lists open action items first', () => {
    const report = buildReport(input());
    expect(report.metrics).toEqual({ mtta_seconds: 150, mttr_seconds: 2775, duration_seconds: 2775 });
    expect(report.summary.review_completed_at).toBe('2026-11-25T15:00:00.000Z');
    expect(report.timeline.map((e) => e.at)).toEqual([...report.timeline.map((e) => e.at)].sort());
    expect(report.timeline[0]?.type).toBe('incident.created');
    expect(report.action_items.items.map((i) => [i.status, i.title])).toEqual([
      ['open', 'Alert on checkout_5xx > 1%'],
      ['open', 'Canary for card-router'],
      ['done', 'Write the rollback runbook'],
    ]);
    expect(report.impact.public_updates.map((u) => u.status)).toEqual(['identified', 'resolved']);
  });

  it('keeps user text inline: no heading, link, HTML or table cell can be injected', () => {
    expect(escapeMarkdown('a\n# b | c <img src=x> [x](javascript:y) *d*')).toBe('a \\# b \\| c \\<img src=x\\> \\[x\\]\\(javascript:y\\) \\*d\\*');
    const md = renderReportMarkdown(buildReport(input()));
    expect(md).not.toMatch(/^# Not a heading/m);
    expect(md).not.toContain('<script>');
    expect(md).toContain('[tracker.example.com](https://tracker.example.com/OPS-1%20%28draft%29)');
  });

  it('states an ongoing incident and a missing review', () => {
    const { timeline } = fixedTimeline();
    const open = newIncident('INC-20261124-0043', { title: 'Ongoing', severity: 'low', start_time: '2026-11-26T08:00:00.000Z', is_public: false }, alice, '2026-11-26T08:00:00.000Z');
    const report = buildReport({ ...input(), incident: open.incident, timeline: [timeline[0] as TimelineEntry], publicUpdates: [], escalation: null, escalationRuns: [], alarms: [], actionItems: [] });
    expect(report.impact).toMatchObject({ ongoing: true, duration_seconds: 3600 });
    const md = renderReportMarkdown(report);
    expect(md).toContain('review not completed');
    expect(md).toContain('Nothing: the incident is not public.');
    expect(md).toContain('No escalation policy ran for this incident.');
    expect(md).toContain('None recorded.');
  });
});
