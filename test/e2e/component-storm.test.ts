/**
 * An alarm storm over HTTP against the local server (issue 14): 200 concurrent reports over 50
 * components, impacts mixed. Invariants, not timing (bench/component-status.ts measures that):
 * no 5xx (so no 503 either), every answer says what happened, and afterwards every component is in
 * exactly one active incident, at the highest impact reported for it, named in its timeline.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STORM_COMPONENTS, STORM_PER_COMPONENT, stormInvariants, stormPlan, type StormIncident } from '../../bench/storm.ts';
import { call } from '../support/http.ts';

type Incident = StormIncident & { title: string };
type Component = { id: string; name: string };
type StatusResult = { result: string; incident: Incident | null };

async function activeIncidents(): Promise<Incident[]> {
  const out: Incident[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Incident[]; next_cursor: string | null } } = await call('GET', `/v1/incidents?status=active&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { role: 'viewer' });
    expect(page.status).toBe(200);
    out.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  return out;
}

describe('alarm storm over HTTP', () => {
  it('200 concurrent reports over 50 components: no 5xx, each component in exactly one active incident at its highest impact', { timeout: 240_000 }, async () => {
    const run = randomUUID().slice(0, 6);
    const components: Component[] = [];
    for (let i = 0; i < STORM_COMPONENTS; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, STORM_COMPONENTS - i) }, async (_, k) => {
          const res = await call<Component>('POST', '/v1/components', { role: 'admin', body: { name: `storm-${run}-${i + k}` } });
          expect(res.status, res.text).toBe(201);
          return res.body;
        }),
      );
      components.push(...batch);
    }
    const plan = stormPlan(
      components.map((c) => c.name),
      STORM_PER_COMPONENT,
    );

    const results = await Promise.all(plan.map((r) => call<StatusResult>('POST', '/v1/component_status', { role: 'responder', body: { name: r.name, impact: r.impact, text: 'storm' } })));

    expect(results.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.text}`)).toEqual([]);
    for (const r of results) {
      expect([200, 201, 409], r.text).toContain(r.status);
      if (r.status === 409) expect(r.body).toMatchObject({ existingIncidentId: expect.any(String) });
      else expect(['created', 'added', 'moved', 'raised']).toContain(r.body.result);
    }
    const active = await activeIncidents();
    expect(stormInvariants(plan, new Map(components.map((c) => [c.name, c.id])), active)).toEqual([]);

    // Every change has its timeline entry: each component is named where it is now.
    for (const holding of active.filter((i) => components.some((c) => i.components.includes(c.id)))) {
      const detail = await call<{ timeline: { message: string | null }[] }>('GET', `/v1/incidents/${holding.id}`, { role: 'viewer' });
      const messages = detail.body.timeline.map((e) => e.message ?? '');
      for (const c of components.filter((x) => holding.components.includes(x.id))) {
        expect(messages.some((m) => m === `${c.name} added` || m.startsWith('moved from')), `${c.name} in ${holding.id}`).toBe(true);
      }
    }
  });
});
