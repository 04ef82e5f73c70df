/** Group commit (shared/store/components/group-commit.ts): the merged membership update on its exact expressions, and the batching and cancellation mapping on the exact TransactWriteItems inputs (aws-sdk-client-mock). */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit, membershipUpdate, type GroupedCommit, type MembershipPart } from '#shared/store/components/group-commit.ts';
import type { TransactItem } from '#shared/store/transact.ts';

const key = { pk: 'INC#INC-20261204-0001', sk: '#META' };
const member = (name: string) => ({ name, regions: ['eu-west-1'], at: '2026-12-04T10:00:00.000Z' });
const join = (component: string, now: string, target: 'incident' | 'board' = 'incident'): MembershipPart => ({ kind: 'membership', key, target, impact: 2, now, join: { component, member: member(`svc-${component}`) } });
const leave = (component: string, now: string): MembershipPart => ({ kind: 'membership', key, target: 'incident', impact: 2, now, leave: component });

describe('membershipUpdate', () => {
  it('merges joins and leaves into one update: each member set or removed, the lists appended once, the version up by the number of changes', () => {
    const update = membershipUpdate([join('CMP-A', '2026-12-04T10:00:01.000Z'), leave('CMP-B', '2026-12-04T10:00:03.000Z'), join('CMP-C', '2026-12-04T10:00:02.000Z')]).Update;
    expect(update?.UpdateExpression).toBe(
      'SET #members.#c0 = :m0, #members.#c2 = :m2, #components = list_append(#components, :components), #services = list_append(#services, :services), #regions = list_append(#regions, :regions), #updated = :now REMOVE #members.#c1 ADD #version :changes',
    );
    expect(update?.ConditionExpression).toBe(
      'attribute_exists(pk) AND attribute_not_exists(deleted_at) AND #system = :true AND #impact = :impact AND #status IN (:s0, :s1, :s2, :s3, :s4) AND attribute_exists(#members) AND attribute_not_exists(#members.#c0) AND attribute_exists(#members.#c1) AND attribute_not_exists(#members.#c2) AND size(#members) > :leaves',
    );
    expect(update?.ExpressionAttributeNames).toMatchObject({ '#c0': 'CMP-A', '#c1': 'CMP-B', '#c2': 'CMP-C' });
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':changes': 3,
      ':leaves': 1,
      ':impact': 2,
      ':now': '2026-12-04T10:00:03.000Z',
      ':components': ['CMP-A', 'CMP-C'],
      ':services': ['svc-CMP-A', 'svc-CMP-C'],
      ':regions': ['eu-west-1', 'eu-west-1'],
    });
  });

  it('the board copy is conditional only on existing, and carries no unused values', () => {
    const update = membershipUpdate([join('CMP-A', '2026-12-04T10:00:01.000Z', 'board')]).Update;
    expect(update?.ConditionExpression).toBe('attribute_exists(pk)');
    expect(Object.keys(update?.ExpressionAttributeValues ?? {}).sort()).toEqual([':changes', ':components', ':m0', ':now', ':regions', ':services']);
  });
});

describe('GroupCommit on the exact TransactWriteItems inputs', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  afterEach(() => dynamo.reset());

  const put = (pk: string): TransactItem => ({ Put: { TableName: 'unit-test-table', Item: { pk, sk: 'x' } } });
  const commit = (...pks: string[]): GroupedCommit => ({ parts: pks.map((pk) => ({ kind: 'item', item: put(pk) })), commutes: false, cancelled: (_error, codes) => new Error(`cancelled: ${codes.join(',')}`) });
  const cancellation = (reasons?: { Code: string }[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, ...(reasons ? { CancellationReasons: reasons } : {}) });
  const sent = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems);

  it('sends the decisions of one turn of the event loop in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const group = new GroupCommit();
    await Promise.all([group.submit(commit('A', 'B')), group.submit(commit('C'))]);
    expect(sent()).toEqual([[put('A'), put('B'), put('C')]]);
  });

  it('a cancellation without per-item reasons sends each decision again in a transaction of its own', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancellation()).resolves({});
    const group = new GroupCommit();
    await Promise.all([group.submit(commit('A')), group.submit(commit('B'))]);
    expect(sent()).toEqual([[put('A'), put('B')], [put('A')], [put('B')]]);
  });

  it('a failed item fails the decision it belongs to, with its codes; the other is sent again', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancellation([{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }])).resolves({});
    const group = new GroupCommit();
    const [failed, committed] = await Promise.allSettled([group.submit(commit('A', 'B')), group.submit(commit('C'))]);
    expect(failed.status === 'rejected' && (failed.reason as Error).message).toBe('cancelled: None,ConditionalCheckFailed');
    expect(committed.status).toBe('fulfilled');
    expect(sent()).toEqual([[put('A'), put('B'), put('C')], [put('C')]]);
  });
});
