import { describe, expect, it } from 'vitest';
import { newActionItem, orderActionItems, patchActionItem } from '#shared/domain/reviews/action-item.ts';

const at = '2026-11-24T10:00:00.000Z';

describe('action items', () => {
  it('sets and clears done_at with the status, and counts versions', () => {
    const item = newActionItem('A1', 'INC-20261124-0001', { title: 't' }, 'alice', at);
    expect(item).toMatchObject({ status: 'open', done_at: null, owner: null, due_date: null, link: null, version: 1 });
    const done = patchActionItem(item, { status: 'done' }, '2026-11-25T10:00:00.000Z');
    expect(done).toMatchObject({ status: 'done', done_at: '2026-11-25T10:00:00.000Z', version: 2 });
    expect(patchActionItem(done, { status: 'open' }, '2026-11-26T10:00:00.000Z')).toMatchObject({ status: 'open', done_at: null, version: 3 });
    expect(patchActionItem(done, { title: 'u' }, '2026-11-26T10:00:00.000Z')).toMatchObject({ status: 'done', done_at: '2026-11-25T10:00:00.000Z', title: 'u' });
  });

  it('orders open items first, by due date (none last), then done ones', () => {
    const mk = (id: string, status: 'open' | 'done', due: string | null) => newActionItem(id, 'I', { title: id, status, due_date: due }, 'a', at);
    const ordered = orderActionItems([mk('d1', 'done', '2026-01-01'), mk('o-none', 'open', null), mk('o-late', 'open', '2026-12-31'), mk('o-early', 'open', '2026-12-01')]);
    expect(ordered.map((i) => i.id)).toEqual(['o-early', 'o-late', 'o-none', 'd1']);
  });
});
