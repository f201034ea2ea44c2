// One seed: cluster options drawn from it, then a run during which faults are injected through
// the scripting API at random times (faults.ts) and at the trace's fragile moments (reactive.ts),
// requests or proposals at random times, and finally a stable period (heal, restart every node,
// a normal network). Every invariant of Figure 3 is checked after every event; at the end,
// liveness and the linearizability of the client history (checked.ts). The action script the
// cluster recorded is the scenario: `createCluster(options, actions)` replays it.
//
// Two streams: 'fuzz:options' for the options, 'fuzz:faults' for everything during the run.
// Every probability and bound comes from `config.profile`.

import { chance, deriveRng } from '../../raft/rng.ts';
import { ENGINE } from '../../sim/engine.ts';
import type { ClientOp, ClusterOptions } from '../../sim/types.ts';
import { checked, finish, lagFor, liveTarget } from './checked.ts';
import type { FuzzConfig } from './config.ts';
import { injectFault } from './faults.ts';
import { attachReactiveFaults } from './reactive.ts';
import type { Scenario, SeedResult } from './results.ts';
import { createWorld, draw, pick, rollWeights, type FaultWorld } from './world.ts';

/** Cluster options for a seed: the variant with the options that expose it, features drawn. */
export function scenarioOptions(seed: number, config: FuzzConfig): ClusterOptions {
  const p = config.profile;
  const rng = deriveRng(seed, 'fuzz:options');
  const correct = config.variant === 'none';
  // Every draw is made whatever the variant, so that the streams stay aligned.
  const preVote = chance(rng, p.preVoteChance);
  const checkQuorum = chance(rng, p.checkQuorumChance) || config.faults.includes('membership');
  const readIndex = chance(rng, p.readIndexChance);
  const snapshot = chance(rng, p.snapshotChance);
  const snapshotThreshold = draw(rng, p.snapshotThreshold);
  const opsPerSecond = draw(rng, p.clientOpsPerSecond);
  return {
    seed,
    nodes: config.nodes,
    ...(config.timing !== undefined ? { timing: config.timing } : {}),
    features: {
      // Extensions are drawn for the correct protocol (more behaviour covered); a variant runs
      // bare, as in a lecture, so that the bug is not masked.
      preVote: correct && preVote,
      checkQuorum: correct ? checkQuorum : config.faults.includes('membership'),
      readIndex: correct && readIndex,
      snapshotThreshold: correct && snapshot ? snapshotThreshold : 0,
      // The election no-op would mask the Figure 8 bug (it commits an entry of the new term).
      noopOnElection: config.variant !== 'commit-old-terms',
      variant: config.variant,
    },
    workload:
      config.load === 'clients'
        ? { clients: p.clients, opsPerSecond, keys: p.keys, readRatio: p.readRatio }
        : { clients: 0, opsPerSecond: 0 },
  };
}

/** Runs seed `seed` under `config`: the scenario it produced and what the checks found. */
export function fuzzSeed(seed: number, config: FuzzConfig): SeedResult {
  const p = config.profile;
  const options = scenarioOptions(seed, config);
  const rng = deriveRng(seed, 'fuzz:faults');
  const stableStart = config.ms - config.stableMs;
  const lagMs = lagFor(config.stableMs);
  const c = checked(options, undefined, config.maxEvents);
  const { cluster } = c;
  const w = createWorld(c, rng, p);
  const faults = config.faults;
  const keys = Array.from({ length: p.keys }, (_, i) => `k${i}`);
  let requests = 0;

  const request = () => {
    requests++;
    if (config.load === 'proposals') {
      // Commands straight into the leader's log, as in the classic lab: no client retries, so
      // a new leader has no entry of its own term until the next proposal (Figure 8's setting).
      const leader = cluster.leader();
      if (leader !== null) w.act(() => void cluster.propose(leader, { data_id: requests }));
      return;
    }
    const key = pick(rng, keys);
    const ops = p.requestOps;
    const roll = rollWeights(rng, ops);
    const op: ClientOp =
      roll < ops.get
        ? { type: 'get', key }
        : roll < ops.get + ops.put
          ? { type: 'put', key, value: `r${requests}` }
          : { type: 'append', key, value: `r${requests}` };
    const to = chance(rng, p.requestToRandomServerChance) ? pick(rng, w.ids()) : undefined;
    w.act(() => {
      cluster.request(op, to === undefined ? undefined : { to });
    });
  };

  if (faults.includes('crash')) attachReactiveFaults(w, { stableStart, partitions: faults.includes('partition') });

  let nextFault = draw(rng, p.faultEveryMs);
  let nextRequest = draw(rng, p.firstRequestMs);
  const later = w.later;
  while (c.failure() === null) {
    const nextLater = later.length > 0 ? later[0].at : Infinity;
    const t = Math.min(nextFault, nextRequest, nextLater, stableStart);
    c.advance(t);
    if (c.failure() !== null) break;
    if (cluster.now < t) continue; // a reaction scheduled something sooner
    if (nextLater === t && t < stableStart) {
      const item = later.shift();
      item?.run();
    } else if (t >= stableStart) {
      break;
    } else if (nextRequest === t) {
      request();
      nextRequest = t + draw(rng, config.load === 'clients' ? p.requestEveryMs : p.proposeEveryMs);
    } else {
      if (faults.length > 0) injectFault(w, pick(rng, faults));
      nextFault = t + draw(rng, p.faultEveryMs);
    }
  }

  if (c.failure() === null) stabilize(w);
  c.advance(config.ms - lagMs);
  const target = c.failure() === null ? liveTarget(cluster) : 0;
  c.advance(config.ms);
  const result = finish(c, target, lagMs, config);
  const scenario: Scenario = { v: 1, engine: ENGINE, options: cluster.options, actions: cluster.actions() };
  return { seed, scenario, until: config.ms, stableStart, ...result };
}

/** The stable period: everything healed and restarted, a normal network. */
function stabilize(w: FaultWorld): void {
  const { cluster, base } = w;
  w.act(() => cluster.heal());
  w.act(() =>
    cluster.setNetwork({ lossRate: 0, duplicateRate: 0, manual: false, latencyMin: base.latencyMin, latencyMax: base.latencyMax }),
  );
  for (const link of w.touchedLinks) {
    const [from, to] = link.split('\n');
    w.act(() => cluster.setLink(from, to, { lossRate: 0 }));
  }
  for (const id of w.ids()) {
    if (w.down.has(id)) w.act(() => cluster.restart(id));
  }
  w.down.clear();
}
