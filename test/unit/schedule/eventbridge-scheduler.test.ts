import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Timer } from '#shared/domain/paging/escalation.ts';
import { atExpression, EventBridgeScheduler } from '#shared/schedule/eventbridge-scheduler.ts';

const mock = mockClient(SchedulerClient);
const now = new Date('2026-11-24T10:00:00.000Z');
const scheduler = new EventBridgeScheduler({
  client: new SchedulerClient({ region: 'eu-west-1' }),
  groupName: 'IncidentService-dev-timers',
  targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:IncidentService-dev-paging-timer',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:IncidentService-dev-timers-dlq',
  now: () => now,
});
const timer: Timer = { incident_id: 'INC-20261124-0042', kind: 'escalation_step', token: '01JD2X5Q7R8S9T0V1W2X3Y4Z5A', seq: 2, name: 'esc-INC-20261124-0042-01JD2X5Q7R8S9T0V1W2X3Y4Z5A-2', due_at: '2026-11-24T10:05:00.250Z', state: 'pending', armed_at: now.toISOString() };

describe('EventBridge Scheduler adapter', () => {
  beforeEach(() => mock.reset());

  it('creates a one-time schedule with the exact input', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await scheduler.arm(timer)).toBe('created');
    expect(mock.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'esc-INC-20261124-0042-01JD2X5Q7R8S9T0V1W2X3Y4Z5A-2',
      GroupName: 'IncidentService-dev-timers',
      ScheduleExpression: 'at(2026-11-24T10:05:01)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Description: 'escalation_step of INC-20261124-0042',
      Target: {
        Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:IncidentService-dev-paging-timer',
        RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
        Input: JSON.stringify({ incident_id: 'INC-20261124-0042', kind: 'escalation_step', token: '01JD2X5Q7R8S9T0V1W2X3Y4Z5A', seq: 2, name: 'esc-INC-20261124-0042-01JD2X5Q7R8S9T0V1W2X3Y4Z5A-2' }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 20 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:123456789012:IncidentService-dev-timers-dlq' },
      },
    });
  });

  it('a retried create of the same timer (ConflictException) is already armed', async () => {
    mock.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    expect(await scheduler.arm(timer)).toBe('exists');
  });

  it('other errors surface', async () => {
    mock.on(CreateScheduleCommand).rejects(new Error('throttled'));
    await expect(scheduler.arm(timer)).rejects.toThrow('throttled');
  });

  it('deletes by name in the group; a schedule that already fired (ResourceNotFoundException) is done', async () => {
    mock.on(DeleteScheduleCommand).resolvesOnce({}).rejectsOnce(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    expect(await scheduler.cancel(timer.name)).toBe('deleted');
    expect(await scheduler.cancel(timer.name)).toBe('gone');
    expect(mock.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: timer.name, GroupName: 'IncidentService-dev-timers' },
      { Name: timer.name, GroupName: 'IncidentService-dev-timers' },
    ]);
  });

  it('a due time in the past moves just after now (Scheduler wants a future time); whole seconds, UTC', () => {
    expect(atExpression('2026-11-24T09:00:00Z', now)).toBe('at(2026-11-24T10:00:01)');
    expect(atExpression('2026-11-24T12:30:00.000Z', now)).toBe('at(2026-11-24T12:30:00)');
  });
});
