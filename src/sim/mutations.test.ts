// The test-only mutations of src/raft/mutations.ts: each puts one bug of issue #12 back, shown
// here on that bug's own reproduction (the property breaks with it, holds without it), and none
// is reachable from what a user can touch (links, files, the UI).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachSafetyMonitor } from '../check/invariants.ts';
import { BUG_1, MUTATIONS, activeMutations, withMutations, type Mutation } from '../raft/mutations.ts';
import { createCluster } from './index.ts';
import type { Action, Cluster, ClusterOptions, TraceEvent } from './index.ts';

function traced(options: ClusterOptions, script: Action[] = []): { c: Cluster; trace: TraceEvent[] } {
  const c = createCluster(options, script);
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  return { c, trace };
}

/** Runs `fn` once with `mutations` on and once without. */
function both<T>(mutations: readonly Mutation[], fn: () => T): { mutated: T; correct: T } {
  return { mutated: withMutations(mutations, fn), correct: fn() };
}

describe('each mutation puts its bug back on the bug\'s reproduction', () => {
  it('bug 1 (all three of its mutations): a server being removed obeys TimeoutNow and leads beside another leader of its term', () => {
    const script: Action[] = [
      { type: 'transferLeadership', node: 'S2', at: 540 },
      { type: 'removeServer', node: 'S2', at: 540 },
      { type: 'partition', groups: [['S1', 'S2'], ['S3', 'S4']], at: 570 },
      { type: 'heal', at: 3570 },
    ];
    const run = (options: ClusterOptions) => () => {
      const c = createCluster(options, script);
      const monitor = attachSafetyMonitor(c);
      c.runFor(6000);
      return [...new Set(monitor.violations().map((v) => v.property))];
    };
    // The reproduction: two leaders of one term.
    const r = both(BUG_1, run({ seed: 1, nodes: 4 }));
    expect(r.mutated).toContain('election-safety');
    expect(r.correct).toEqual([]);
    // With client load, the second leader also overwrites committed entries (seed 2 since
    // raftlab-4; seed 1 before, when clients retried at random).
    const load = both(BUG_1, run({ seed: 2, nodes: 4, workload: { clients: 3, opsPerSecond: 30 } }));
    expect(load.mutated).toEqual(expect.arrayContaining(['leader-completeness', 'state-machine-safety']));
    expect(load.correct).toEqual([]);
  });

  it('bug 2 (scripted-actions-unchecked): a script applies the transfer to a learner that the live API refuses', () => {
    const script: Action[] = [
      { type: 'addServer', node: 'S4', at: 283 },
      { type: 'setLink', from: 'S1', to: 'S4', link: { latencyMin: 200, latencyMax: 200 }, at: 283 },
      { type: 'transferLeadership', node: 'S4', at: 283 },
    ];
    const r = both(['scripted-actions-unchecked'], () => {
      const c = createCluster({ seed: 1, nodes: 3 }, script);
      c.runFor(3000);
      return { refused: c.refusedActions().length, recorded: c.actions().length };
    });
    expect(r.mutated).toEqual({ refused: 0, recorded: 3 });
    expect(r.correct).toEqual({ refused: 1, recorded: 2 });
  });

  it('bug 3 (removed-server-never-campaigns): S2, S3, S4 connected and no leader for 10 s', () => {
    const script: Action[] = [
      { type: 'partition', groups: [['S1', 'S2'], ['S3', 'S4']], at: 540 },
      { type: 'removeServer', node: 'S2', at: 540 },
      { type: 'crash', node: 'S1', at: 640 },
      { type: 'heal', at: 740 },
    ];
    const r = both(['removed-server-never-campaigns'], () => {
      const c = createCluster({ seed: 1, nodes: 4 }, script);
      return c.runUntil((x) => x.now > 740 && x.leader() !== null, 10_000);
    });
    expect(r.mutated).toBe(false);
    expect(r.correct).toBe(true);
  });

  it('bug 4 (catch-up-never-aborts): a new server that crashed blocks membership changes a minute later', () => {
    const r = both(['catch-up-never-aborts'], () => {
      const c = createCluster({ seed: 1, nodes: 3 });
      c.runUntil((x) => x.leader() !== null && x.node(x.leader() as string).commitIndex > 0, 3000);
      c.runFor(100);
      c.addServer('S4');
      c.crash('S4');
      c.runFor(60_000);
      try {
        c.addServer('S5');
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(r.mutated).toMatch(/S4 is still being caught up/);
    expect(r.correct).toBe('accepted');
  });

  it('bug 5 (added-server-empty-boot-config): a new server that compacts early records no configuration', () => {
    const r = both(['added-server-empty-boot-config'], () => {
      const { c, trace } = traced({ seed: 1, nodes: 3, features: { snapshotThreshold: 3 } });
      const monitor = attachSafetyMonitor(c);
      c.runUntil((x) => x.leader() !== null && x.node(x.leader() as string).commitIndex > 0, 3000);
      c.addServer('S4'); // its log fills (and compacts) while it is still a learner
      for (let i = 0; i < 20; i++) {
        c.propose(c.leader() as string, { type: 'put', key: 'k', value: String(i) });
        c.runFor(20);
      }
      c.runFor(3000);
      const empty = trace.some((e) => e.type === 'snapshot' && e.node === 'S4' && e.voters.length === 0);
      return { empty, properties: monitor.violations().map((v) => v.property) };
    });
    expect(r.mutated.empty).toBe(true);
    expect(r.mutated.properties).toContain('snapshot-configuration');
    expect(r.correct).toEqual({ empty: false, properties: [] });
  });

  it('bug 6 (reply-always-resends): duplication 0.5 makes far more than 2× the events of no duplication', () => {
    const events = (duplicateRate: number): number => {
      const { c, trace } = traced({ seed: 1, nodes: 5, network: { duplicateRate }, workload: { clients: 3, opsPerSecond: 30 } });
      c.runFor(1500);
      return trace.length;
    };
    const r = both(['reply-always-resends'], () => events(0.5) / events(0));
    expect(r.mutated).toBeGreaterThan(4);
    expect(r.correct).toBeLessThanOrEqual(2);
  });
});

describe('switching mutations', () => {
  it('withMutations restores what was on before, also after a throw; unknown names are refused', () => {
    expect(activeMutations()).toEqual([]);
    expect(() => withMutations(['catch-up-never-aborts'], () => {
      expect(activeMutations()).toEqual(['catch-up-never-aborts']);
      throw new Error('boom');
    })).toThrow('boom');
    expect(activeMutations()).toEqual([]);
    expect(() => withMutations(['no-such-bug' as Mutation], () => 0)).toThrow("unknown mutation 'no-such-bug'");
    expect(Object.values(MUTATIONS).sort()).toEqual([1, 1, 1, 2, 3, 4, 5, 6]);
  });

  it('nothing a user can reach imports the mutations: not the UI, the store, the scenario format or the public APIs', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && readFileSync(path, 'utf8').includes('mutations')) offenders.push(path);
      }
    };
    for (const dir of ['view', 'store', 'scenario']) walk(join(root, dir));
    for (const front of ['sim/index.ts', 'check/index.ts', 'raft/node.ts']) {
      if (readFileSync(join(root, front), 'utf8').includes('mutations')) offenders.push(front);
    }
    expect(offenders).toEqual([]);
  });
});
