import { describe, expect, it } from 'vitest';
import { fieldOfPath, localNow, toInstant, validateCreate, type CreateDraft } from '../../../web/app/validate.ts';

const now = new Date('2026-12-01T12:00:00Z');
const draft = (patch: Partial<CreateDraft> = {}): CreateDraft => ({
  title: 'Checkout fails for cards',
  impact: '2',
  components: ['CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A'],
  start: '2026-12-01T10:00',
  end: '',
  description: '',
  team: '',
  key: 'k',
  ...patch,
});

describe('the create form rules', () => {
  it('accepts a complete incident', () => {
    expect(validateCreate(draft(), now)).toEqual({});
  });

  it('names every missing required field', () => {
    expect(validateCreate(draft({ title: ' ', impact: '', components: [], start: '' }), now)).toEqual({
      title: 'Enter the incident title.',
      impact: 'Choose the impact.',
      components: 'Choose at least one affected service.',
      start: 'Enter the start date and time.',
    });
  });

  it('holds the title to 8..200 characters after trimming', () => {
    expect(validateCreate(draft({ title: '  Short  ' }), now).title).toBe('The title needs at least 8 characters (it has 5).');
    expect(validateCreate(draft({ title: 'x'.repeat(8) }), now).title).toBeUndefined();
    expect(validateCreate(draft({ title: 'x'.repeat(200) }), now).title).toBeUndefined();
    expect(validateCreate(draft({ title: 'x'.repeat(201) }), now).title).toBe('The title can have at most 200 characters (it has 201).');
  });

  it('refuses an incident start in the future but not a planned maintenance', () => {
    const future = localNow(new Date(now.getTime() + 3600_000));
    expect(validateCreate(draft({ start: future }), now).start).toMatch(/cannot be in the future/);
    expect(validateCreate(draft({ impact: '0', start: future, end: localNow(new Date(now.getTime() + 7200_000)) }), now)).toEqual({});
  });

  it('asks a maintenance window for an end after its start', () => {
    expect(validateCreate(draft({ impact: '0' }), now).end).toBe('Enter when the maintenance ends.');
    expect(validateCreate(draft({ impact: '0', end: '2026-12-01T09:00' }), now).end).toBe('The end must be after the start.');
    expect(validateCreate(draft({ impact: '0', end: 'tomorrow' }), now).end).toBe('Enter the end as a date and a time.');
  });

  it('maps the server’s error paths onto the form fields', () => {
    expect(fieldOfPath('body.title')).toBe('title');
    expect(fieldOfPath('body.severity')).toBe('impact');
    expect(fieldOfPath('body.components.0')).toBe('components');
    expect(fieldOfPath('body.start_time')).toBe('start');
    expect(fieldOfPath('body.end_time')).toBe('end');
    expect(fieldOfPath('body.assigned_team')).toBe('team');
    expect(fieldOfPath('body.other')).toBeUndefined();
  });

  it('reads datetime-local values as instants', () => {
    expect(toInstant('2026-12-01T10:00')).toBe(new Date('2026-12-01T10:00').toISOString());
    expect(toInstant('')).toBeNull();
    expect(toInstant('2026-13-45T99:00')).toBeNull();
  });
});
