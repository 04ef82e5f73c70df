import { describe, expect, it } from 'vitest';
import { isRaise, matchingRules, moveExecution, newExecution, publicRule, ssmClientToken, executionStatusOfSsm, type AutomatedResponseRule } from '#shared/domain/automation/automated-response.ts';
import { newIncident, SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { triggerOf } from '#shared/use-cases/automation/run-automated-responses.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';

const NOW = '2026-11-24T10:00:00.000Z';
const incident = newIncident('INC-20261124-0001', { title: 'Payments down', severity: 'high', assigned_team: 'payments', affected_services: ['api'] }, SYSTEM_ACTOR, NOW).incident;
const none = { severities: [], components: [], services: [], incident_types: [], teams: [] };

function rule(id: string, overrides: Partial<AutomatedResponseRule> = {}): AutomatedResponseRule {
  return { id, name: id, description: '', enabled: true, conditions: none, run_on: ['created'], action: { type: 'webhook', url: 'https://hooks.example.com/x', secret: 'whsec_0123456789abcdef' }, created_by: 'admin', created_at: NOW, updated_at: NOW, version: 1, ...overrides };
}

describe('automated-response rules', () => {
  it('match with the escalation conditions, only when enabled and for their trigger', () => {
    const rules = [
      rule('arr_any'),
      rule('arr_critical', { conditions: { ...none, severities: ['critical'] } }),
      rule('arr_api_high', { conditions: { ...none, services: ['api'], severities: ['high'] } }),
      rule('arr_off', { enabled: false }),
      rule('arr_raise_only', { run_on: ['severity_raised'] }),
      rule('arr_other_team', { conditions: { ...none, teams: ['search'] } }),
    ];
    expect(matchingRules(rules, incident, 'created').map((r) => r.id)).toEqual(['arr_any', 'arr_api_high']);
    expect(matchingRules(rules, incident, 'severity_raised').map((r) => r.id)).toEqual(['arr_raise_only']);
  });

  it('never show a webhook secret again', () => {
    expect(publicRule(rule('arr_x')).action).toEqual({ type: 'webhook', url: 'https://hooks.example.com/x', has_secret: true });
  });
});

describe('executions', () => {
  it('move pending → in_progress → success and never leave a final status', () => {
    const pending = newExecution(incident.id, rule('arr_a'), 'created', 'are_1', NOW);
    const running = moveExecution(pending, 'in_progress', NOW, null);
    const done = running && moveExecution(running, 'success', NOW, 'HTTP 200', '200');
    expect(done).toMatchObject({ status: 'success', reason: 'HTTP 200', external_id: '200', version: 3 });
    expect(done?.history.map((h) => h.status)).toEqual(['pending', 'in_progress', 'success']);
    expect(done && moveExecution(done, 'failed', NOW, 'late')).toBeUndefined();
    expect(moveExecution(pending, 'skipped', NOW, 'not available in local mode')?.status).toBe('skipped');
  });

  it('map SSM statuses', () => {
    expect(['InProgress', 'Success', 'Failed', 'TimedOut', 'Cancelled', 'Nope'].map(executionStatusOfSsm)).toEqual(['in_progress', 'success', 'failed', 'failed', 'failed', undefined]);
  });
});

describe('SSM ClientToken', () => {
  it('is a UUID (36 characters, within the 64 allowed) derived from incident, rule and trigger', () => {
    const token = ssmClientToken('INC-20261124-0001', 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', 'created');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(token.length).toBeLessThanOrEqual(64);
    expect(ssmClientToken('INC-20261124-0001', 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', 'created')).toBe(token);
    expect(ssmClientToken('INC-20261124-0001', 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', 'severity_raised:v3')).not.toBe(token);
    expect(ssmClientToken('INC-20261124-0002', 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', 'created')).not.toBe(token);
  });
});

describe('triggers', () => {
  const event = (type: string, changes: unknown, version = 4) =>
    ({ specversion: '1.0', id: 'e', source: 's', type: `io.incidents.${type}`, subject: incident.id, time: NOW, datacontenttype: 'application/json', data: { incident: { version }, change: { type, actor: null, changes, message: null, public_message: null, update_type: null } } }) as CloudEvent;

  it('created, a severity raise (per incident version), nothing for a lowering or other events', () => {
    expect(isRaise('high', 'critical')).toBe(true);
    expect(triggerOf(event('incident.created', {}), 'io.incidents')).toEqual({ on: 'created', trigger: 'created' });
    expect(triggerOf(event('incident.updated', { severity: { from: 'high', to: 'critical' } }), 'io.incidents')).toEqual({ on: 'severity_raised', trigger: 'severity_raised:v4' });
    expect(triggerOf(event('incident.updated', { severity: { from: 'critical', to: 'high' } }), 'io.incidents')).toBeUndefined();
    expect(triggerOf(event('incident.comment_added', {}), 'io.incidents')).toBeUndefined();
    expect(triggerOf(event('incident.automated_response', { severity: { from: 'high', to: 'critical' } }), 'io.incidents')).toBeUndefined();
  });
});
