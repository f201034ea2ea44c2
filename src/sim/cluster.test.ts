// Whole-cluster behaviour through the scripting API: elections, crashes, partitions, clients
// under faults, node names and cluster sizes, and the classic three-node lab.

import { describe, expect, it } from 'vitest';
import { chance, deriveRng, uniformInt } from '../raft/rng.ts';
import { createCluster } from './index.ts';
import type { Cluster, ClientOp, TraceEvent } from './index.ts';

/** A live leader, every node alive and holding the leader's log, all of it committed and applied. */
function converged(c: Cluster): boolean {
  const leader = c.leader();
  if (leader === null) return false;
  const log = JSON.stringify(c.node(leader).log);
  return c.ids.every((id) => {
    const n = c.node(id);
    return n.alive && n.commitIndex === n.log.length && n.lastApplied === n.log.length && JSON.stringify(n.log) === log;
  });
}

/** State Machine Safety, watched over a whole run: every apply at an index is the same entry. */
function watchApplies(c: Cluster): { violations: string[] } {
  const first = new Map<number, string>();
  const violations: string[] = [];
  c.subscribe((e: TraceEvent) => {
    if (e.type !== 'apply') return;
    const entry = JSON.stringify([e.term, e.kind, e.command]);
    const seen = first.get(e.index);
    if (seen === undefined) first.set(e.index, entry);
    else if (seen !== entry) violations.push(`${e.node} applied ${entry} at index ${e.index}, another server applied ${seen}`);
  });
  return { violations };
}

const SEEDS_200 = Array.from({ length: 200 }, (_, i) => i + 1);

describe('leader election', () => {
  it.each([3, 5])('a stable %i-node cluster elects a leader within 1 s of simulated time, for each of 200 seeds, and keeps it', (nodes) => {
    const failures: string[] = [];
    for (const seed of SEEDS_200) {
      const c = createCluster({ seed, nodes });
      if (!c.runUntil((x) => x.leader() !== null, 1000)) {
        failures.push(`seed ${seed}: no leader after 1000 ms`);
        continue;
      }
      const leader = c.leader() as string;
      const term = c.node(leader).term;
      // A stable cluster: heartbeats keep every follower from starting another election.
      c.runFor(2000);
      const terms = c.ids.map((id) => c.node(id).term);
      if (c.leader() !== leader || terms.some((t) => t !== term)) {
        failures.push(`seed ${seed}: leader ${leader} of term ${term} was not kept (now ${c.leader()}, terms ${terms.join(',')})`);
      }
      if (c.ids.some((id) => c.node(id).leaderId !== leader)) failures.push(`seed ${seed}: not every server knows leader ${leader}`);
    }
    expect(failures).toEqual([]);
  });

  it.each([3, 5])('after the leader of a %i-node cluster crashes, the others elect a new one (50 seeds)', (nodes) => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const c = createCluster({ seed, nodes });
      c.runUntil((x) => x.leader() !== null, 1000);
      const old = c.leader() as string;
      const oldTerm = c.node(old).term;
      c.crash(old);
      // Allow several election timeouts (300 ms each at most): split votes are retried.
      const elected = c.runUntil((x) => x.leader() !== null, 3000);
      const leader = c.leader();
      if (!elected || leader === null || leader === old) failures.push(`seed ${seed}: no new leader after ${old} crashed`);
      else if (c.node(leader).term <= oldTerm) failures.push(`seed ${seed}: new leader ${leader} has term ${c.node(leader).term} ≤ ${oldTerm}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('partitions', () => {
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))(
    'seed %i: a minority never commits, the majority elects a leader and commits, and after heal all logs converge',
    (seed) => {
      const c = createCluster({ seed, nodes: 5 });
      const applies = watchApplies(c);
      expect(c.runUntil((x) => x.leader() !== null && x.ids.every((id) => x.node(id).commitIndex >= 1), 1000)).toBe(true);
      const oldLeader = c.leader() as string;
      const minority = [oldLeader, c.ids.find((id) => id !== oldLeader) as string];
      const majority = c.ids.filter((id) => !minority.includes(id));

      const minorityCommits: TraceEvent[] = [];
      let partitioned = true;
      c.subscribe((e) => {
        if (partitioned && e.type === 'commit' && minority.includes(e.node)) minorityCommits.push(e);
      });
      const commitBefore = minority.map((id) => c.node(id).commitIndex);
      c.partition([minority, majority]);

      // The old leader does not know it is cut off: it keeps accepting proposals ...
      const minorityCommands = [0, 1, 2].map((i) => ({ side: 'minority', i }));
      for (const command of minorityCommands) {
        expect(c.propose(oldLeader, command).isLeader).toBe(true);
        c.runFor(100);
      }
      // ... while the majority elects a leader of a higher term and commits.
      expect(c.runUntil((x) => majority.some((id) => x.node(id).role === 'leader'), 2000)).toBe(true);
      const newLeader = majority.find((id) => c.node(id).role === 'leader') as string;
      expect(c.node(newLeader).term).toBeGreaterThan(c.node(oldLeader).term);
      expect(c.leader()).toBe(newLeader); // the live leader of the highest term
      const majorityCommand = { side: 'majority' };
      const proposed = c.propose(newLeader, majorityCommand);
      expect(proposed.isLeader).toBe(true);
      expect(c.runUntil((x) => majority.every((id) => x.node(id).commitIndex >= proposed.index), 1000)).toBe(true);
      c.runFor(1000);

      expect(minorityCommits).toEqual([]);
      expect(minority.map((id) => c.node(id).commitIndex)).toEqual(commitBefore);
      expect(c.node(oldLeader).role).toBe('leader');
      expect(c.node(oldLeader).log.map((e) => e.command)).toEqual(expect.arrayContaining(minorityCommands));

      // Heal: the old leader learns the higher term and steps down; every log becomes the
      // majority's, and the minority's uncommitted proposals are gone.
      partitioned = false;
      c.heal();
      expect(c.runUntil(converged, 3000)).toBe(true);
      expect(c.node(oldLeader).role).toBe('follower');
      const finalCommands = c.node(c.leader() as string).log.map((e) => e.command);
      expect(finalCommands).toContainEqual(majorityCommand);
      for (const command of minorityCommands) expect(finalCommands).not.toContainEqual(command);
      expect(applies.violations).toEqual([]);
    },
  );
});

describe('clients under faults', () => {
  /**
   * Applies each distinct command once, at its first position in the log: the exactly-once
   * semantics client sessions give (every value below is unique to one operation, so a
   * command's value identifies its (client, seq)).
   */
  function replayOnce(log: { command: unknown; kind: string }[]): Record<string, string> {
    const state: Record<string, string> = {};
    const seen = new Set<string>();
    for (const e of log) {
      if (e.kind !== 'command') continue;
      const op = e.command as ClientOp;
      if (op.type === 'get' || seen.has(op.value)) continue;
      seen.add(op.value);
      state[op.key] = op.type === 'put' ? op.value : (state[op.key] ?? '') + op.value;
    }
    return state;
  }

  it.each([1, 2, 3])(
    'seed %i: 100 operations under random crashes, restarts, partitions, 10% loss and duplication each complete and apply exactly once',
    (seed) => {
      const c = createCluster({ seed, nodes: 5, network: { lossRate: 0.1, duplicateRate: 0.1 } });
      const applies = watchApplies(c);
      const rng = deriveRng(seed, 'test:chaos');
      const pick = <T>(xs: readonly T[]) => xs[uniformInt(rng, 0, xs.length - 1)];
      const issued: ClientOp[] = [];

      while (issued.length < 100) {
        c.runFor(uniformInt(rng, 20, 150));
        const roll = uniformInt(rng, 0, 99);
        const down = c.ids.filter((id) => !c.node(id).alive);
        if (roll < 8 && down.length < 2) c.crash(pick(c.ids));
        else if (roll < 16 && down.length > 0) c.restart(pick(down));
        else if (roll < 22) c.partition([c.ids.filter(() => chance(rng, 0.5))]);
        else if (roll < 30) c.heal();
        const outstanding = c.history().filter((r) => r.completedAt === undefined).length;
        if (outstanding < 5) {
          const key = 'k' + String(uniformInt(rng, 0, 3));
          const value = `<${issued.length}>`; // unique per operation
          const op: ClientOp = chance(rng, 0.3) ? { type: 'put', key, value } : { type: 'append', key, value };
          c.request(op);
          issued.push(op);
        }
      }

      // The network becomes stable again: heal, restart everyone, no more loss or duplication.
      c.heal();
      for (const id of c.ids) c.restart(id);
      c.setNetwork({ lossRate: 0, duplicateRate: 0 });
      expect(c.runUntil((x) => x.history().every((r) => r.completedAt !== undefined), 60_000)).toBe(true);
      expect(c.runUntil(converged, 10_000)).toBe(true);

      const history = c.history();
      expect(history).toHaveLength(100);
      expect(history.map((r) => r.op)).toEqual(issued);
      expect(new Set(history.map((r) => r.id)).size).toBe(100);
      for (const r of history) expect(r.completedAt).toBeGreaterThanOrEqual(r.invokedAt);

      // Every node applied the same log; every operation is in it.
      const log = c.node(c.ids[0]).log;
      for (const id of c.ids) expect(c.node(id).log).toEqual(log);
      const logged = new Set(log.filter((e) => e.kind === 'command').map((e) => (e.command as { value: string }).value));
      expect(logged).toEqual(new Set(issued.map((op) => (op as { value: string }).value)));

      // Exactly once: the state machine equals a replay that applies each operation once,
      // even where a retry put the same operation in the log twice.
      const expected = replayOnce(log);
      for (const id of c.ids) expect(c.node(id).state).toEqual(expected);
      for (const value of Object.values(expected)) {
        const tokens = value.match(/<\d+>/g) ?? [];
        expect(new Set(tokens).size).toBe(tokens.length); // no append applied twice
      }
      expect(applies.violations).toEqual([]);
    },
  );
});

describe('node names and cluster sizes', () => {
  it('names may be any strings: addresses, spaces, unicode, arrows, and property names of Object.prototype', () => {
    const names = ['127.0.0.1:8000', 'node with spaces', 'ünïcödé ✓', 'a→b', '__proto__', 'constructor', 'toString'];
    const c = createCluster({ seed: 3, nodes: names });
    expect(c.ids).toEqual(names);
    expect(c.runUntil((x) => x.leader() !== null, 1000)).toBe(true);
    const leader = c.leader() as string;
    const { index } = c.propose(leader, { data_id: 7 });
    expect(c.runUntil((x) => names.every((id) => x.node(id).lastApplied >= index), 1000)).toBe(true);
    for (const id of names) {
      expect(c.node(id).id).toBe(id);
      expect(c.node(id).leaderId).toBe(leader);
      expect(c.node(id).state).toEqual({ data_id: 7 });
    }
    // The leader tracks every peer by name.
    const peers = names.filter((id) => id !== leader).sort();
    expect(Object.keys(c.node(leader).nextIndex ?? {}).sort()).toEqual(peers);
    expect(Object.keys(c.node(leader).matchIndex ?? {}).sort()).toEqual(peers);
  });

  it('a link between oddly named nodes is reported and acted on as that one link', () => {
    // 'a→b' → 'c' and 'a' → 'b→c' are different links, though their names concatenate alike.
    const c = createCluster({ nodes: ['a', 'b→c', 'a→b', 'c'] });
    c.setLink('a→b', 'c', { up: false });
    expect(c.network().links).toEqual([{ from: 'a→b', to: 'c', link: { up: false } }]);
    c.runUntil((x) => x.leader() !== null, 1000);
    const sent = new Map<string, number>();
    const dropped = new Map<string, number>();
    c.subscribe((e) => {
      if (e.type !== 'send' && e.type !== 'drop') return;
      const key = JSON.stringify([e.message.from, e.message.to]);
      const counts = e.type === 'send' ? sent : dropped;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    c.runFor(1000);
    const downLink = JSON.stringify(['a→b', 'c']);
    const lookalike = JSON.stringify(['a', 'b→c']);
    expect(dropped.get(downLink)).toBe(sent.get(downLink));
    expect(sent.get(lookalike) ?? 0).toBeGreaterThan(0);
    expect(dropped.get(lookalike) ?? 0).toBe(0);
  });

  it('a 1-node cluster elects itself and commits each proposal at once', () => {
    const c = createCluster({ nodes: 1 });
    expect(c.runUntil((x) => x.leader() === 'S1', 1000)).toBe(true);
    const r = c.propose('S1', { data_id: 1 });
    expect(r.isLeader).toBe(true);
    expect(c.node('S1').commitIndex).toBe(r.index);
    expect(c.node('S1').state).toEqual({ data_id: 1 });
    const id = c.request({ type: 'put', key: 'x', value: 'y' });
    expect(c.runUntil((x) => x.history().some((h) => h.id === id && h.completedAt !== undefined), 1000)).toBe(true);
  });

  it('a 101-node cluster elects a leader and every node applies a proposal', () => {
    const c = createCluster({ nodes: 101 });
    expect(c.ids).toHaveLength(101);
    expect(c.runUntil((x) => x.leader() !== null, 2000)).toBe(true);
    const leader = c.leader() as string;
    const r = c.propose(leader, { data_id: 101 });
    expect(r.isLeader).toBe(true);
    expect(c.runUntil((x) => x.ids.every((id) => x.node(id).lastApplied >= r.index), 2000)).toBe(true);
    for (const id of c.ids) expect(c.node(id).state).toEqual({ data_id: 101 });
  });
});

describe('the classic lab: three nodes on 127.0.0.1:8000, :8001 and :8002', () => {
  const NODES = ['127.0.0.1:8000', '127.0.0.1:8001', '127.0.0.1:8002'];

  it.each([1, 2, 3, 4, 5])('seed %i: find the leader, crash it, a new leader is elected, write {data_id: N} through it, every node has it', (seed) => {
    const c = createCluster({ seed, nodes: NODES });
    // Before any election every node prints "LEADER => None".
    expect(NODES.map((id) => c.node(id).leaderId)).toEqual([null, null, null]);

    expect(c.runUntil((x) => x.leader() !== null && NODES.every((id) => x.node(id).leaderId === x.leader()), 1000)).toBe(true);
    const first = c.leader() as string;

    c.crash(first);
    const survivors = NODES.filter((id) => id !== first);
    const newLeaderKnown = (x: Cluster) => {
      const l = x.leader();
      return l !== null && l !== first && survivors.every((id) => x.node(id).leaderId === l);
    };
    expect(c.runUntil(newLeaderKnown, 3000)).toBe(true);
    const second = c.leader() as string;
    // Each survivor's persistent storage: {"term": T, "voted_for": <the new leader>}.
    for (const id of survivors) expect(c.node(id)).toMatchObject({ term: c.node(second).term, votedFor: second });

    for (let n = 1; n <= 3; n++) expect(c.propose(second, { data_id: n }).isLeader).toBe(true);
    // The crashed node comes back and catches up.
    c.restart(first);
    expect(c.runUntil((x) => NODES.every((id) => x.node(id).state.data_id === 3), 2000)).toBe(true);
    for (const id of NODES) {
      const node = c.node(id);
      expect(node.leaderId).toBe(second);
      // Its log: {"term": T, "command": {"data_id": N}} entries, in the order written.
      expect(node.log.filter((e) => e.kind === 'command').map((e) => e.command)).toEqual([{ data_id: 1 }, { data_id: 2 }, { data_id: 3 }]);
      expect(node.state).toEqual({ data_id: 3 });
    }
  });
});
