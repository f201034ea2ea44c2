// Swarm testing and the checks beside Figure 3's (issue #12, "Every action, in every combination").

import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../sim/index.ts';
import { fuzzSeed, resolveFuzzConfig, type Fault } from './fuzz.ts';
import { createExtraChecks } from './fuzz/extra.ts';
import { swarmPlan } from './fuzz/swarm.ts';
import { checked } from './fuzz/checked.ts';
import { attachSnapshotFaults } from './fuzz/swarmFaults.ts';
import { createWorld } from './fuzz/world.ts';
import { deriveRng } from '../raft/rng.ts';

describe('swarm seeds', () => {
  it('switch different subsets of kinds and features on, from their own stream', () => {
    const config = resolveFuzzConfig({ swarm: true });
    const plans = Array.from({ length: 40 }, (_, i) => swarmPlan(i + 1, config.faults, config.nodes, config.profile));
    expect(new Set(plans.map((p) => p.kinds.join())).size).toBeGreaterThan(30);
    expect(plans.every((p) => p.kinds.length >= 1)).toBe(true);
    expect(plans.some((p) => p.checkQuorum) && plans.some((p) => !p.checkQuorum && p.kinds.includes('membership'))).toBe(true);
    expect(new Set(plans.map((p) => p.nodes)).size).toBeGreaterThan(2);
  });

  it('transfer to any server, refusals noted and never executed; replayed as scripts to the same trace; some servers left down for good', () => {
    const config = resolveFuzzConfig({
      swarm: true,
      ms: 8000,
      nodes: 4,
      faults: ['transfer', 'membership', 'crash'],
      profile: { swarmKindChance: 1, transferToAnyChance: 1, refusableActionChance: 1, scriptReplayChance: 1, stayDownChance: 1 },
    });
    let transfers = 0;
    let downAtEnd = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const r = fuzzSeed(seed, config);
      expect(r.failure, `seed ${seed}`).toBeNull(); // includes the script replay: same trace, same refusals
      transfers += r.scenario.actions.filter((a) => a.type === 'transferLeadership').length;
      const crashes = r.scenario.actions.filter((a) => a.type === 'crash').map((a) => (a as { node: string }).node);
      const last = new Map<string, string>();
      for (const a of r.scenario.actions) if (a.type === 'crash' || a.type === 'restart') last.set(a.node, a.type);
      downAtEnd += [...new Set(crashes)].filter((id) => last.get(id) === 'crash').length;
    }
    expect(transfers).toBeGreaterThan(0);
    expect(downAtEnd).toBeGreaterThan(0);
  });

  it('snapshot faults on a network with zero latency: a message due this moment is left alone (seeds 66220, 72469)', () => {
    // Every InstallSnapshot is due the moment it is sent; the fault acts after the send, when the
    // message is delivered before any call acts (docs/api.md), so dropping or delaying it is refused.
    const options = { seed: 3, nodes: 3, network: { latencyMin: 0, latencyMax: 0 }, features: { snapshotThreshold: 2 }, workload: { clients: 2, opsPerSecond: 40 } };
    const c = checked(options, undefined, 1_000_000);
    const profile = { ...resolveFuzzConfig({ swarm: true }).profile, snapshotFaultChance: 1 };
    const w = createWorld(c, deriveRng(3, 'test'), profile);
    attachSnapshotFaults(w, 1e9);
    let snapshots = 0;
    c.cluster.subscribe((e) => {
      if (e.type === 'send' && e.message.type === 'InstallSnapshot') snapshots++;
    });
    let crashed = false;
    while (c.cluster.now < 6000 && c.failure() === null) {
      if (!crashed && c.cluster.now >= 1000) {
        // a follower down for a while comes back behind the leader's snapshot
        const leader = c.cluster.leader();
        const f = c.cluster.ids.find((id) => id !== leader && !w.down.has(id)) as string;
        w.crashNow(f);
        w.restartAfter(f, 1500);
        crashed = true;
      }
      c.advance(Math.min(w.later[0]?.at ?? Infinity, crashed ? 6000 : 1000));
      while (w.later.length > 0 && w.later[0].at <= c.cluster.now) w.later.shift()?.run();
    }
    expect(snapshots).toBeGreaterThan(0);
    expect(c.failure()).toBeNull();
  });

  it('scheduler windows: timers frozen, the fuzzer fires them and delivers, and the timers run again', () => {
    const base = { swarm: true, ms: 8000, nodes: 4, faults: ['manual', 'crash', 'transfer'] as Fault[] };
    const config = resolveFuzzConfig({ ...base, profile: { swarmKindChance: 1, swarmSchedulerChance: 1 } });
    let fired = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const r = fuzzSeed(seed, config);
      expect(r.failure).toBeNull();
      const a = r.scenario.actions;
      fired += a.filter((x) => x.type === 'fireTimer').length;
      const frozen = a.filter((x) => x.type === 'setNetwork' && x.network.frozenTimers !== undefined).map((x) => (x.type === 'setNetwork' ? x.network.frozenTimers : null));
      expect(frozen[0]).toBe(true);
      expect(frozen.at(-1)).toBe(false); // unfrozen by the end (the stable period needs its timers)
    }
    expect(fired).toBeGreaterThan(20);
    // Never chosen: the plain manual network, as before the scheduler existed.
    const plain = fuzzSeed(1, resolveFuzzConfig({ ...base, profile: { swarmKindChance: 1, swarmSchedulerChance: 0 } }));
    expect(plain.scenario.actions.some((x) => x.type === 'fireTimer' || (x.type === 'setNetwork' && x.network.frozenTimers !== undefined))).toBe(false);
  });

  it('a mutation name is checked', () => {
    expect(() => resolveFuzzConfig({ mutations: ['nope' as never] })).toThrow("mutations: unknown mutation 'nope'");
  });
});

describe('checks beside Figure 3', () => {
  const at = 10;
  const entry = (index: number) => ({ index, term: 1, command: { type: 'put', key: 'k', value: `v${index}` }, kind: 'command' as const });

  it('committed-entry-kept: a server deleting entries it knew committed is caught; a snapshot replacing them is not', () => {
    const x = createExtraChecks(['S1', 'S2']);
    const events: TraceEvent[] = [
      { type: 'append', at, node: 'S2', from: 1, entries: [entry(1), entry(2)] },
      { type: 'commit', at, node: 'S2', commitIndex: 2 },
      { type: 'truncate', at, node: 'S2', from: 1, entries: [entry(1), entry(2)] },
      { type: 'snapshot', at, node: 'S2', index: 5, term: 1, voters: ['S1', 'S2'] },
      { type: 'truncate', at: 20, node: 'S2', from: 4, entries: [] },
      { type: 'append', at: 20, node: 'S2', from: 4, entries: [entry(4)] },
    ];
    const found = events.map((e) => x.observe(e)?.check ?? null);
    expect(found).toEqual([null, null, null, null, null, 'committed-entry-kept']);
  });

  it('same-state-at-same-index and applied-once read the servers’ states', () => {
    const view = (state: Record<string, unknown>, lastApplied: number) => ({ alive: true, state, lastApplied });
    const cluster = (views: Record<string, ReturnType<typeof view>>) =>
      ({ ids: Object.keys(views), now: 50, peek: (id: string) => views[id] }) as never;
    expect(createExtraChecks(['S1']).sample(cluster({ S1: view({ k: 'v1v2' }, 2), S2: view({ k: 'v1v2' }, 2) }))).toBeNull();
    expect(createExtraChecks(['S1']).sample(cluster({ S1: view({ k: 'v1v2' }, 2), S2: view({ k: 'v1' }, 2) }))?.check).toBe('same-state-at-same-index');
    expect(createExtraChecks(['S1']).sample(cluster({ S1: view({ k: 'v1v2v1' }, 3) }))?.check).toBe('applied-once');
    expect(createExtraChecks(['S1']).sample(cluster({ S1: view({ k: 'v1v12' }, 3) }))).toBeNull(); // v1 and v12 are two writes
  });
});
