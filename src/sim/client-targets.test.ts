// raftlab-3: a client with no leader hint asks a server of the current configuration, not one
// named only by the stale configuration of a server that has left (found by the swarm fuzzer:
// a request unanswered for seconds while the one remaining voter led).

import { describe, expect, it } from 'vitest';
import { createCluster } from './index.ts';

describe('clients retry among the current configuration (raftlab-3)', () => {
  it('after S2 and S3 are removed and stopped, ten fresh clients all reach S1 at their first attempt', () => {
    const c = createCluster({ seed: 1, nodes: 3 });
    c.runUntil((x) => x.leader() !== null && x.node(x.leader() as string).commitIndex > 0, 3000);
    const leader = c.leader() as string;
    const others = c.ids.filter((id) => id !== leader);
    for (const id of others) {
      c.runFor(100);
      c.removeServer(id);
      expect(c.runUntil((x) => !x.peek(leader).config.voters.includes(id) && x.peek(leader).commitIndex >= x.peek(leader).log.at(-1)!.index, 3000)).toBe(true);
    }
    c.runFor(500); // the farewells: the removed servers learn their removal
    for (const id of others) c.crash(id);
    const start = c.now;
    const ids = Array.from({ length: 10 }, (_, i) => c.request({ type: 'put', key: 'k', value: `v${i}` }));
    c.runFor(200);
    const history = c.history().filter((r) => ids.includes(r.id));
    expect(history.map((r) => r.completedAt !== undefined && r.completedAt - start < 200)).toEqual(ids.map(() => true));
    expect(new Set(history.map((r) => r.client)).size).toBe(10); // ten clients, none with a leader hint yet
  });
});
