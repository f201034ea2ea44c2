// raftlab-3: a client with no leader hint asks a server of the current configuration, not one
// named only by the stale configuration of a server that has left (found by the swarm fuzzer:
// a request unanswered for seconds while the one remaining voter led).
// raftlab-4: its retries go round the configuration in turn, so one round reaches every server
// (swarm seed 52163: seven random picks in a row fell on the two crashed servers of five).

import { describe, expect, it } from 'vitest';
import { createCluster } from './index.ts';
import type { TraceEvent } from './index.ts';

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

describe('clients retry in turn (raftlab-4)', () => {
  /** The servers a request's attempts were sent to, in order. */
  function attempts(events: TraceEvent[], client: string): string[] {
    return events.flatMap((e) => (e.type === 'send' && e.message.type === 'ClientRequest' && e.message.from === client ? [e.message.to] : []));
  }

  it('with every server down, a request asks each of the five once per round, in the configuration order', () => {
    for (const seed of [1, 2, 3, 4]) {
      const c = createCluster({ seed, nodes: 5 });
      c.runFor(1000);
      for (const id of c.ids) c.crash(id);
      const events: TraceEvent[] = [];
      c.subscribe((e) => events.push(e));
      c.request({ type: 'get', key: 'k' });
      c.runFor(15_000);
      const to = attempts(events, 'C1');
      expect(to.length).toBeGreaterThanOrEqual(10);
      const first = c.ids.indexOf(to[0]);
      expect(to.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, k) => c.ids[(first + k) % 5]));
    }
  });

  it('a refusal without a hint sends the retry to the next server, which leads: answered at the second attempt', () => {
    // S2 has voted for S3 but has not heard from it yet when the request arrives (seed 52163's moment).
    const c = createCluster({ seed: 7, nodes: 5 });
    c.runUntil((x) => x.leader() !== null, 3000);
    const leader = c.leader() as string;
    const before = c.ids[(c.ids.indexOf(leader) + 4) % 5];
    c.partition([[before]]);
    c.runFor(1000); // `before` hears nothing: it knows no leader
    c.heal();
    const events: TraceEvent[] = [];
    c.subscribe((e) => events.push(e));
    const id = c.request({ type: 'get', key: 'k' }, { to: before });
    c.runFor(2000);
    const to = attempts(events, c.history().find((r) => r.id === id)!.client);
    expect(to[0]).toBe(before);
    expect(to.slice(0, 2)).toEqual([before, leader]);
    expect(c.history().find((r) => r.id === id)!.completedAt).toBeDefined();
  });
});
