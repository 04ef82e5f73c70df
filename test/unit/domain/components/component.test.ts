import { describe, expect, it } from 'vitest';
import { assertUnique, componentLabel, newComponent, resolveComponent } from '#shared/domain/components/component.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { maintenanceStatus, newMaintenance, patchMaintenance } from '#shared/domain/components/maintenance.ts';

const now = '2026-11-24T10:00:00.000Z';
const eu = newComponent('CMP-01JD0000000000000000000001', { name: 'api', attributes: [{ name: 'region', value: 'eu-de' }, { name: 'type', value: 'http' }] }, now);
const us = newComponent('CMP-01JD0000000000000000000002', { name: 'api', attributes: [{ name: 'region', value: 'us-east' }, { name: 'type', value: 'http' }] }, now);
const euGrpc = newComponent('CMP-01JD0000000000000000000003', { name: 'api', attributes: [{ name: 'region', value: 'eu-de' }] }, now);
const all = [eu, us, euGrpc];

describe('components', () => {
  it('matches the component whose attributes contain the given ones', () => {
    expect(resolveComponent(all, 'api', [{ name: 'region', value: 'us-east' }]).id).toBe(us.id);
    expect(resolveComponent(all, 'api', [{ name: 'type', value: 'http' }, { name: 'region', value: 'eu-de' }]).id).toBe(eu.id);
  });

  it('prefers the exact attribute set among several candidates', () => {
    expect(resolveComponent(all, 'api', [{ name: 'region', value: 'eu-de' }]).id).toBe(euGrpc.id);
  });

  it('refuses an ambiguous request with the candidates', () => {
    const error = (() => {
      try {
        resolveComponent(all, 'api', [{ name: 'type', value: 'http' }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/Ambiguous component: 2 components named 'api'/);
    expect((error as InvalidInputError).details.candidates).toHaveLength(2);
  });

  it('answers not found with what was looked for', () => {
    expect(() => resolveComponent(all, 'web')).toThrow(NotFoundError);
    expect(() => resolveComponent(all, 'web')).toThrow(/no component is named 'web'/);
    expect(() => resolveComponent(all, 'api', [{ name: 'region', value: 'ap-south' }])).toThrow(/none has the attributes \[region=ap-south\]/);
  });

  it('names components with their attributes and refuses twins', () => {
    expect(componentLabel(eu)).toBe('api (region=eu-de, type=http)');
    const twin = newComponent('CMP-01JD0000000000000000000009', { name: 'api', attributes: [{ name: 'type', value: 'http' }, { name: 'region', value: 'eu-de' }] }, now);
    expect(() => assertUnique(twin, all)).toThrow(ConflictError);
    expect(() => assertUnique(eu, all)).not.toThrow();
  });
});

describe('maintenance windows', () => {
  const window = newMaintenance('MNT-01JD0000000000000000000001', { title: 'DB upgrade', components: ['c1', 'c1'], start_time: '2026-11-24T11:00:00+01:00', end_time: '2026-11-24T12:00:00Z' }, 'alice', now);

  it('computes planned, in progress and completed from the clock', () => {
    expect(window).toMatchObject({ impact: 0, components: ['c1'], start_time: '2026-11-24T10:00:00.000Z' });
    expect(maintenanceStatus(window, '2026-11-24T09:59:59.000Z')).toBe('planned');
    expect(maintenanceStatus(window, now)).toBe('in_progress');
    expect(maintenanceStatus(window, '2026-11-24T12:00:00.000Z')).toBe('completed');
  });

  it('requires the end after the start, and refuses to change a completed window', () => {
    expect(() => newMaintenance('MNT-1', { title: 'x', components: [], start_time: now, end_time: now }, 'a', now)).toThrow(InvalidInputError);
    expect(() => patchMaintenance(window, { end_time: '2026-11-24T09:00:00Z' }, now)).toThrow(/must be after/);
    expect(() => patchMaintenance(window, { title: 'y' }, '2026-11-24T13:00:00.000Z')).toThrow(ConflictError);
    expect(patchMaintenance(window, { title: 'y' }, now)).toMatchObject({ title: 'y', version: 2 });
  });
});
