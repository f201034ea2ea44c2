// The SafetyMonitor on the real engine: no false alarm under faults (snapshots, restarts, initial
// logs, joining a run midway), and the Figure 8 bug caught on the paper's own script.

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import type { Cluster, ClusterOptions } from '../sim/types.ts';
import { attachSafetyMonitor, createSafetyMonitor, PROPERTY_IDS } from './invariants.ts';

/** Crashes the leader every 1.5 s, restarts everyone every 2 s, partitions now and then. */
function chaos(c: Cluster, ms: number): void {
  for (let t = 0; t < ms; t += 250) {
    c.runFor(250);
    const leader = c.leader();
    if (t % 1500 === 0 && leader !== null) c.crash(leader);
    if (t % 2000 === 1000) for (const id of c.ids) if (!c.node(id).alive) c.restart(id);
    if (t % 3000 === 500) c.partition([c.ids.slice(0, 2)]);
    if (t % 3000 === 1750) c.heal();
  }
}

describe('SafetyMonitor on the real engine', () => {
  it.each([1, 2, 3])('holds every property under crashes and partitions, with snapshots (seed %i)', (seed) => {
    const c = createCluster({ seed, features: { snapshotThreshold: 8 }, workload: { clients: 3, opsPerSecond: 30 } });
    const m = attachSafetyMonitor(c);
    // 15 s: leaders no longer resend on every duplicate reply, so a run needs longer to pass 10,000 events.
    chaos(c, 15_000);
    expect(m.violations()).toEqual([]);
    expect(m.warnings()).toEqual([]);
    expect(m.properties().map((p) => p.state)).toEqual(PROPERTY_IDS.map(() => 'holding'));
    expect(m.events).toBeGreaterThan(10_000);
  });

  it('starts from the initial logs of ClusterOptions without counting them twice', () => {
    const log = [
      { term: 1, command: { data_id: 1 } },
      { term: 2, command: { data_id: 2 } },
    ];
    const options: ClusterOptions = { seed: 4, nodes: 3, initial: { S1: { term: 2, log }, S2: { term: 2, log: log.slice(0, 1) } } };
    const c = createCluster(options);
    const m = attachSafetyMonitor(c, { initial: c.options.initial });
    c.runFor(3000);
    expect(c.leader()).not.toBeNull();
    expect(m.ok()).toBe(true);
    expect(m.warnings()).toEqual([]);
  });

  it('catches a conflicting initial log as soon as the cluster boots', () => {
    const c = createCluster({
      seed: 4,
      nodes: 3,
      initial: { S1: { log: [{ term: 1, command: 'x' }] }, S2: { log: [{ term: 1, command: 'y' }] } },
    });
    const m = attachSafetyMonitor(c);
    c.runFor(1);
    expect(m.properties().find((p) => p.id === 'log-matching')?.state).toBe('violated');
  });

  it('can join a run midway, after logs were compacted, without false alarms', () => {
    const c = createCluster({ seed: 5, features: { snapshotThreshold: 5 }, workload: { clients: 2, opsPerSecond: 40 } });
    chaos(c, 4000);
    const m = attachSafetyMonitor(c);
    chaos(c, 6000);
    expect(m.ok()).toBe(true);
  });

  it('sees the same violations whether fed live or from a recorded trace', () => {
    const c = createCluster({ seed: 6, features: { variant: 'vote-without-log-check' }, workload: { clients: 3, opsPerSecond: 30 } });
    const live = attachSafetyMonitor(c);
    const trace: Parameters<typeof live.observe>[0][] = [];
    c.subscribe((e) => trace.push(e));
    chaos(c, 8000);
    const offline = createSafetyMonitor();
    for (const e of trace) offline.observe(e);
    expect(live.violations().length).toBeGreaterThan(0);
    expect(offline.violations()).toEqual(live.violations());
  });
});

/**
 * Figure 8 of the paper, scripted: S-leader L replicates e to one follower only and crashes; M wins
 * the next term, appends f while cut off and crashes; L comes back, wins, and replicates e to a
 * majority; with the commit-old-terms bug it counts the replicas and commits e. L crashes; M comes
 * back and wins with the votes of servers whose last term (L's old one) is below f's.
 */
function figure8(variant: 'none' | 'commit-old-terms') {
  const c = createCluster({ seed: 3, nodes: 5, features: { variant, noopOnElection: false } });
  const m = attachSafetyMonitor(c);
  c.runUntil((x) => x.leader() !== null, 5000);
  const L = c.leader() as string;
  c.propose(L, 'a');
  c.runFor(200);
  const A = c.ids.find((x) => x !== L) as string;
  c.partition([[L, A]]);
  c.propose(L, 'e');
  c.runFor(100);
  c.crash(L);
  c.crash(A);
  c.runUntil((x) => x.leader() !== null && x.leader() !== L, 5000);
  const M = c.leader() as string;
  c.partition([[M]]);
  c.propose(M, 'f');
  c.runFor(10);
  c.crash(M);
  c.runFor(50); // f's messages die in the partition
  c.heal();
  c.restart(L);
  c.runUntil((x) => x.leader() === L, 5000);
  c.runFor(150);
  const committedByL = c.node(L).commitIndex;
  c.crash(L);
  c.restart(M);
  c.runUntil((x) => x.leader() !== null, 3000);
  return { c, m, L, M, committedByL };
}

describe('Figure 8', () => {
  it('correct Raft does not commit the old-term entry, and M may then win safely', () => {
    const { c, m, M, committedByL } = figure8('none');
    expect(committedByL).toBe(0); // restarted: its commitIndex is volatile, and e is not of its term
    expect(c.leader()).toBe(M);
    expect(m.ok()).toBe(true);
  });

  it('commit-old-terms commits it by counting replicas, and the checker catches its loss', () => {
    const { m, M, committedByL } = figure8('commit-old-terms');
    expect(committedByL).toBe(2);
    const violated = m.properties().filter((p) => p.state === 'violated');
    expect(violated.map((p) => p.id)).toEqual(['leader-completeness']);
    expect(violated[0].violations[0].message).toMatch(new RegExp(`^${M} became leader of term \\d+, but its log lacks the entry committed at index 2 \\(e \\(term \\d+\\)\\): it has f \\(term \\d+\\) there instead\\.$`));
  });
});
