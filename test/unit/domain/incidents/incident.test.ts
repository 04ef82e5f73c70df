import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { addUpdate, applyPatch, changeStatus, newIncident, touch, type Actor } from '#shared/domain/incidents/incident.ts';

const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const monitor: Actor = { id: 'c-1', name: 'monitor', kind: 'machine' };
const now = '2026-11-24T10:00:00.000Z';
const later = '2026-11-24T10:05:00.000Z';

describe('incidents', () => {
  it('creates an open incident with defaults and a created entry', () => {
    const { incident, entry } = newIncident('INC-20261124-0001', { title: 'DB down', severity: 'high' }, alice, now);
    expect(incident).toMatchObject({ status: 'open', severity: 'high', impact: 2, incident_type: 'other', start_time: now, version: 1, is_public: true, rss_enabled: true, system: false, created_by: 'alice' });
    expect(entry).toMatchObject({ type: 'incident.created', incident_id: 'INC-20261124-0001', actor: alice, at: now, changes: {}, incident });
    expect(entry.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('derives severity from impact, and maintenance from impact 0', () => {
    expect(newIncident('INC-20261124-0002', { title: 'x', impact: 3 }, alice, now).incident).toMatchObject({ severity: 'critical', impact: 3 });
    expect(newIncident('INC-20261124-0003', { title: 'x', impact: 0 }, alice, now).incident).toMatchObject({ severity: 'minor', incident_type: 'maintenance' });
  });

  it("makes a person's minor incident a minor incident (impact 1), not a maintenance", () => {
    expect(newIncident('INC-20261124-0009', { title: 'x', severity: 'minor' }, alice, now).incident).toMatchObject({ severity: 'minor', impact: 1, incident_type: 'other' });
    const { incident } = newIncident('INC-20261124-0010', { title: 'x', severity: 'high' }, alice, now);
    expect(applyPatch(incident, { severity: 'minor' }, alice, later).incident).toMatchObject({ severity: 'minor', impact: 1 });
  });

  it('refuses a start in the future and a missing severity and impact', () => {
    expect(() => newIncident('INC-20261124-0004', { title: 'x', severity: 'low', start_time: '2026-11-24T11:00:00.000Z' }, alice, now)).toThrow(InvalidInputError);
    expect(() => newIncident('INC-20261124-0005', { title: 'x' }, alice, now)).toThrow(/severity/);
  });

  it('records before and after of every patched field and keeps impact in step with severity', () => {
    const { incident } = newIncident('INC-20261124-0006', { title: 'x', severity: 'low' }, alice, now);
    const { incident: after, entry } = applyPatch(incident, { severity: 'critical', title: 'y' }, alice, later);
    expect(after).toMatchObject({ severity: 'critical', impact: 3, title: 'y', version: 2, updated_at: later });
    expect(entry.changes).toEqual({ title: { from: 'x', to: 'y' }, severity: { from: 'low', to: 'critical' }, impact: { from: 1, to: 3 } });
  });

  it('a person editing a system incident takes it over; a machine or a status move does not', () => {
    const { incident } = newIncident('INC-20261124-0007', { title: 'x', impact: 2 }, monitor, now, { system: true });
    expect(applyPatch(incident, { title: 'y' }, monitor, later).incident.system).toBe(true);
    expect(changeStatus(incident, 'acknowledged', alice, later, null).incident.system).toBe(true);
    expect(touch(incident, 'incident.comment_added', alice, later, 'hi').incident.system).toBe(true);
    expect(applyPatch(incident, { title: 'y' }, alice, later).incident.system).toBe(false);
    expect(addUpdate(incident, { message: 'looking', update_type: 'investigation' }, alice, later).incident.system).toBe(false);
  });

  it('names acknowledged and resolved moves by their own event types', () => {
    const { incident } = newIncident('INC-20261124-0008', { title: 'x', severity: 'low' }, alice, now);
    expect(changeStatus(incident, 'acknowledged', alice, later, null).entry.type).toBe('incident.acknowledged');
    expect(changeStatus(incident, 'resolved', alice, later, null).entry.type).toBe('incident.resolved');
    expect(changeStatus(incident, 'identified', alice, later, 'root cause').entry).toMatchObject({ type: 'incident.status_changed', message: 'root cause' });
  });

  it('an update carries its message, public message and optional status move', () => {
    const { incident } = newIncident('INC-20261124-0009', { title: 'x', severity: 'low' }, alice, now);
    const { incident: after, entry } = addUpdate(incident, { status: 'identified', message: 'pool exhausted', public_message: 'Fix in progress', update_type: 'investigation' }, alice, later);
    expect(after).toMatchObject({ status: 'identified', public_message: 'Fix in progress', mtta_seconds: 300 });
    expect(entry).toMatchObject({ type: 'incident.update_added', message: 'pool exhausted', public_message: 'Fix in progress', update_type: 'investigation' });
    expect(entry.changes.status).toEqual({ from: 'open', to: 'identified' });
  });
});
