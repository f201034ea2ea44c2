// peek(id): the drawing's view of a node — the same content as node(id), shared and frozen.
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster } from './index.ts';
import type { Cluster } from './index.ts';

function plain(c: Cluster, id: string): unknown {
  return JSON.parse(JSON.stringify(c.peek(id)));
}

describe('Cluster.peek', () => {
  it('has exactly the content of node(id), through crashes, partitions, truncations and snapshots', () => {
    const c = createCluster({ seed: 4, workload: { clients: 3, opsPerSecond: 40 }, features: { snapshotThreshold: 50 } });
    for (let step = 0; step < 80; step++) {
      c.runFor(97);
      if (step === 15) c.crash(c.leader() ?? 'S1');
      if (step === 25) c.partition([['S1', 'S2']]);
      if (step === 40) c.heal();
      if (step === 45) for (const id of c.ids) if (!c.node(id).alive) c.restart(id);
      for (const id of c.ids) expect(plain(c, id)).toEqual(JSON.parse(JSON.stringify(c.node(id))));
    }
    expect(c.node('S1').snapshotIndex).toBeGreaterThan(0);
  });

  it('follows a truncation of the last chunk (Figure 7: a follower with extra entries)', () => {
    const c = createCluster({
      seed: 1,
      nodes: 3,
      initial: {
        S1: { term: 3, log: [{ term: 1, command: 'a' }, { term: 3, command: 'b' }] },
        S2: { term: 2, log: [{ term: 1, command: 'a' }, { term: 2, command: 'x' }, { term: 2, command: 'y' }] },
        S3: { term: 3, log: [{ term: 1, command: 'a' }, { term: 3, command: 'b' }] },
      },
    });
    const before = c.peek('S2').log;
    expect(before.map((e) => e.command)).toEqual(['a', 'x', 'y']);
    c.runUntil((x) => x.leader() !== null && x.node('S2').log.length >= 2 && x.node('S2').log[1].term === 3, 5000);
    const after = c.peek('S2');
    expect(after.log[1].term).toBe(3);
    expect(after.log.some((e) => e.command === 'x')).toBe(false);
    expect(after.log[0]).toBe(before[0]); // the shared entry keeps its view
    expect(before.map((e) => e.command)).toEqual(['a', 'x', 'y']); // the old view is unchanged
    expect(JSON.parse(JSON.stringify(after))).toEqual(JSON.parse(JSON.stringify(c.node('S2'))));
  });

  it('shares: the same log array while nothing changed, the same entry objects after appends', () => {
    const c = createCluster({ seed: 2, workload: { clients: 2, opsPerSecond: 20 } });
    c.runFor(2000);
    const a = c.peek('S1');
    expect(c.peek('S1').log).toBe(a.log);
    c.runFor(500);
    const b = c.peek('S1');
    expect(b.log.length).toBeGreaterThan(a.log.length);
    for (let i = 0; i < a.log.length; i++) expect(b.log[i]).toBe(a.log[i]);
  });

  it('reuses the views of full chunks on a cluster restored from a checkpoint (time travel)', () => {
    const c = createCluster({ seed: 3, nodes: 3, workload: { clients: 3, opsPerSecond: 200 } });
    c.runFor(20_000);
    const live = c.peek('S1');
    expect(live.log.length).toBeGreaterThan(600); // more than two full chunks of 256
    const restored = restoreCluster(c.checkpoint());
    const again = restored.peek('S1');
    expect(again.log).not.toBe(live.log);
    expect(again.log[0]).toBe(live.log[0]);
    expect(again.log[300]).toBe(live.log[300]);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(live)));
  });

  it('is frozen: the view, its log, entries, commands, state and config cannot be changed', () => {
    const c = createCluster({ seed: 5, nodes: 3 });
    c.runUntil((x) => x.leader() !== null, 2000);
    const id = c.leader() ?? 'S1';
    c.propose(id, { data_id: 1, nested: { k: 'v' } });
    c.runFor(300);
    const v = c.peek(id);
    expect(() => {
      (v as { term: number }).term = 99;
    }).toThrow(TypeError);
    expect(() => (v.log as unknown[]).push(1)).toThrow(TypeError);
    expect(Object.isFrozen(v.log[1])).toBe(true);
    expect(Object.isFrozen((v.log[1].command as { nested: object }).nested)).toBe(true);
    expect(Object.isFrozen(v.state)).toBe(true);
    expect(Object.isFrozen(v.config.voters)).toBe(true);
    expect(Object.isFrozen(v.matchIndex)).toBe(true);
    expect(c.node(id).log[1].command).toEqual({ data_id: 1, nested: { k: 'v' } });
  });

  it('names a bad id', () => {
    const c = createCluster({ nodes: 3 });
    expect(() => c.peek('S9')).toThrow("peek: unknown node id 'S9' (known: S1, S2, S3)");
    expect(() => c.peek(7 as unknown as string)).toThrow('peek: node id must be a string, got 7');
  });
});
