// How the stage names a server's place in the configuration, along the membership lecture
// (thesis ch. 4): S4 and S5 join as learners, then the leader S1 removes itself.
import { describe, expect, it } from 'vitest';
import { libraryScenario } from '../scenario/library.ts';
import { createCluster, type Cluster, type NodeView } from '../sim/index.ts';
import { memberStatus } from './membership.ts';

function frameAt(c: Cluster, t: number) {
  c.runFor(t - c.now);
  const nodes = new Map<string, NodeView>(c.ids.map((id) => [id, c.node(id)]));
  return { leader: c.leader(), nodes };
}

describe('memberStatus along the membership lecture', () => {
  const s = libraryScenario('membership')!;
  const c = createCluster(s.options, s.actions);
  it('before S4 is added every server is a voter, and an unknown name is outside', () => {
    const f = frameAt(c, 800);
    for (const id of ['S1', 'S2', 'S3']) expect(memberStatus(f, id)).toBe('voter');
    expect(memberStatus(f, 'S4')).toBe('outside');
  });
  it('S4 is a learner while it catches up (the lecture’s step 2), a voter after', () => {
    expect(memberStatus(frameAt(c, 890), 'S4')).toBe('learner');
    expect(memberStatus(frameAt(c, 1100), 'S4')).toBe('voter');
  });
  it('the leader S1 that removed itself is drawn removed once the new configuration is in force', () => {
    const f = frameAt(c, 2000);
    expect(f.leader).not.toBe('S1');
    expect(memberStatus(f, 'S1')).toBe('removed');
    for (const id of ['S2', 'S3', 'S4', 'S5']) expect(memberStatus(f, id)).toBe('voter');
  });
  it('without a leader the most up-to-date live server’s configuration decides', () => {
    const learner = { alive: true, term: 3, snapshotIndex: 0, log: [], config: { voters: ['A', 'B'], learners: ['C'] } } as unknown as NodeView;
    const stale = { alive: true, term: 1, snapshotIndex: 0, log: [], config: { voters: ['A', 'B', 'C'], learners: [] } } as unknown as NodeView;
    const nodes = new Map([
      ['A', learner],
      ['B', stale],
    ]);
    expect(memberStatus({ leader: null, nodes }, 'C')).toBe('learner');
  });
});
