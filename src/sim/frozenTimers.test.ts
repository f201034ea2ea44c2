// Frozen timers (network setting frozenTimers): with a manual network, "you are the scheduler"
// (issue 14) — no timer fires on its own, every election and heartbeat is the user's fireTimer.
// A mode of the simulation, so a run replays from its options and action script.

import { describe, expect, it } from 'vitest';
import { createCluster, stateFingerprint } from './index.ts';

const SCHEDULER = { manual: true, frozenTimers: true };

describe('frozen timers', () => {
  it('the clock never runs back after a thaw: an overdue timer rescheduled by any later input fires now (fuzz seed 100099)', () => {
    // A leader's heartbeat runs out while the timers are frozen; the thaw releases a held reply
    // with latency 0, which reaches the leader before its heartbeat fires at that moment, and the
    // heartbeat was rescheduled at its old deadline — in the past — so the clock went back to it.
    const c = createCluster({ seed: 3, nodes: 3, network: { ...SCHEDULER, latencyMin: 0, latencyMax: 0 } });
    c.fireTimer('S1', 'election');
    for (const m of c.inFlight()) c.deliver(m.id); // RequestVotes
    for (const m of c.inFlight()) c.deliver(m.id); // replies: S1 leads
    expect(c.leader()).toBe('S1');
    for (const m of c.inFlight()) c.deliver(m.id); // the first AppendEntries; their replies are held
    c.runFor(400); // S1's heartbeat is long overdue
    const reply = c.inFlight().find((m) => m.to === 'S1');
    let last = c.now;
    let back = 0;
    c.subscribe((e) => {
      if (e.at < last) back++;
      last = Math.max(last, e.at);
    });
    expect(reply).toBeDefined();
    c.setNetwork({ manual: false, frozenTimers: false }); // the reply leaves now, before the thawed timers
    c.runFor(1000);
    expect(back).toBe(0);
    expect(c.node('S1').role).toBe('leader');
  });

  it('no timer fires on its own: ten seconds pass with no election and no message', () => {
    const c = createCluster({ seed: 3, nodes: 3, network: SCHEDULER });
    c.runFor(10_000);
    expect(c.ids.map((id) => [c.node(id).role, c.node(id).term])).toEqual([
      ['follower', 0],
      ['follower', 0],
      ['follower', 0],
    ]);
    expect(c.inFlight()).toEqual([]);
  });

  it('frozen timers alone leave the network automatic: messages still arrive', () => {
    const c = createCluster({ seed: 3, nodes: 3, network: { frozenTimers: true } });
    c.fireTimer('S2', 'election');
    c.runFor(100);
    expect(c.leader()).toBe('S2');
    c.runFor(5_000);
    expect(c.node('S2').term).toBe(1); // no heartbeat fired by itself, and no follower timed out
  });

  it('the user is the scheduler: fire an election timer, deliver the votes, fire the heartbeat', () => {
    const c = createCluster({ seed: 3, nodes: 3, network: SCHEDULER });
    c.fireTimer('S1', 'election');
    expect(c.node('S1').role).toBe('candidate');
    for (const m of c.inFlight()) c.deliver(m.id); // RequestVotes
    for (const m of c.inFlight()) c.deliver(m.id); // replies
    expect(c.leader()).toBe('S1');
    for (const m of c.inFlight()) c.drop(m.id); // the first AppendEntries are lost
    c.runFor(1_000);
    expect(c.inFlight()).toEqual([]); // the leader's heartbeat timer does not fire by itself…
    c.fireTimer('S1', 'heartbeat');
    expect(c.inFlight().map((m) => [m.type, m.to])).toEqual([
      ['AppendEntries', 'S2'],
      ['AppendEntries', 'S3'],
    ]); // …only by hand
  });

  it('replays from its options and actions to the same state', () => {
    const c = createCluster({ seed: 5, nodes: 3, network: SCHEDULER });
    c.runFor(40);
    c.fireTimer('S3', 'election');
    c.runFor(15);
    for (const m of c.inFlight()) c.deliver(m.id);
    c.runFor(30);
    c.crash('S1');
    const replay = createCluster({ seed: 5, nodes: 3, network: SCHEDULER }, c.actions());
    replay.runFor(c.now);
    expect(stateFingerprint(replay)).toBe(stateFingerprint(c));
    expect(replay.actions()).toEqual(c.actions());
  });

  it('switched on and off mid-run by setNetwork, recorded in the script', () => {
    const c = createCluster({ seed: 2, nodes: 3 });
    c.runUntil((x) => x.leader() !== null, 2_000);
    const term = c.node(c.leader() ?? 'S1').term;
    c.setNetwork({ manual: true, frozenTimers: true });
    c.runFor(5_000);
    expect(c.ids.map((id) => c.node(id).term)).toEqual([term, term, term]);
    expect(c.actions().at(-1)).toMatchObject({ type: 'setNetwork', network: { manual: true, frozenTimers: true } });
  });

  it('thawed, overdue followers start a fresh timeout instead of campaigning at once: the leader keeps its term', () => {
    const c = createCluster({ seed: 2, nodes: 3 });
    c.runUntil((x) => x.leader() !== null, 2_000);
    const leader = c.leader();
    const term = c.node(leader ?? 'S1').term;
    c.setNetwork({ frozenTimers: true });
    c.runFor(5_000); // every follower's election deadline passes while frozen
    c.setNetwork({ frozenTimers: false });
    for (const id of c.ids) {
      const n = c.node(id);
      if (n.role !== 'leader') expect(n.electionDeadline ?? 0).toBeGreaterThan(c.now);
    }
    c.runFor(3_000);
    expect(c.leader()).toBe(leader);
    expect(c.node(leader ?? 'S1').term).toBe(term);
  });

  it('a link-style script with frozenTimers is refused by name when malformed', () => {
    expect(() => createCluster({ nodes: 3, network: { frozenTimers: 'yes' as unknown as boolean } })).toThrow(/frozenTimers/);
  });
});
