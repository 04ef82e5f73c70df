/**
 * bin/app.ts: the stage comes from `-c stage=...`, absent means dev, anything unknown is refused
 * with the list of valid stages; the two stacks are named per stage and deploy in order.
 * Bundling is skipped (`aws:cdk:bundling-stacks: []`): nothing here depends on handler code.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bin/app.ts';
import { STAGE_NAMES, stageConfig } from '../../lib/stage.ts';
import { cdkJsonContext } from './support.ts';

const build = (context: Record<string, unknown>) => createApp({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });

describe('stage selection', () => {
  it('knows dev and prod', () => {
    expect(STAGE_NAMES).toEqual(['dev', 'prod']);
  });

  it('uses dev when no stage is given', () => {
    const { stateful, stateless } = build({});
    expect(stateful.stackName).toBe('IncidentService-dev-stateful');
    expect(stateless.stackName).toBe('IncidentService-dev-stateless');
    expect(stageConfig().name).toBe('dev');
  });

  it('names the stacks after the stage and deploys the stateful stack first', () => {
    const { stateful, stateless } = build({ stage: 'prod' });
    expect(stateful.stackName).toBe('IncidentService-prod-stateful');
    expect(stateless.stackName).toBe('IncidentService-prod-stateless');
    expect(stateless.dependencies).toContain(stateful);
    expect(stateful.terminationProtection).toBe(true);
  });

  it.each(['staging', 'Dev', '', 'production'])('refuses the unknown stage %j, listing the valid ones', (stage) => {
    expect(() => build({ stage })).toThrow(`Unknown stage ${JSON.stringify(stage)}`);
    expect(() => build({ stage })).toThrow(/valid stages: dev, prod/);
  });

  it('has stricter settings in prod', () => {
    const dev = stageConfig('dev');
    const prod = stageConfig('prod');
    expect(prod.deletionProtection && !dev.deletionProtection).toBe(true);
    expect(prod.mfa).toBe('required');
    expect(prod.cognitoPlus).toBe(true);
    expect(prod.throttle.rateLimit).toBeGreaterThan(dev.throttle.rateLimit);
    expect(dev.throttle).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});
