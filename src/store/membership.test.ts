// Membership helpers, table-driven: who is in the leader's configuration, and the next server's name.
import { describe, expect, it } from 'vitest';
import type { NodeView } from '../sim/index.ts';
import { isMember, nextServerName } from './membership.ts';

describe('nextServerName', () => {
  it.each([
    { ids: ['S1', 'S2', 'S3'], want: 'S4' },
    { ids: ['127.0.0.1:8000', '127.0.0.1:8001'], want: '127.0.0.1:8002' },
    { ids: ['alpha'], want: 'alpha-1' },
    { ids: [], want: 'S1' },
    { ids: ['S1', 'S3', 'S2'], want: 'S4' }, // follows the last name, skipping the taken ones
    { ids: ['S1', 'S2', '127.0.0.1:8000'], want: '127.0.0.1:8001' },
  ])('$ids → $want', ({ ids, want }) => {
    expect(nextServerName(ids)).toBe(want);
  });
});

describe('isMember', () => {
  const leader = { config: { voters: ['S1', 'S2'], learners: ['S3'] } } as unknown as NodeView;
  const nodes = new Map([['S1', leader]]);
  it.each([
    { what: 'a voter', id: 'S2', want: true },
    { what: 'a learner being caught up', id: 'S3', want: true },
    { what: 'a removed server', id: 'S4', want: false },
  ])('$what', ({ id, want }) => {
    expect(isMember({ leader: 'S1', nodes }, id)).toBe(want);
  });
  it('is true when there is no leader to ask', () => {
    expect(isMember({ leader: null, nodes }, 'S9')).toBe(true);
  });
});
