// One seed: cluster options drawn from it, then a run during which faults are injected through
// the scripting API at random times (faults.ts) and at the trace's fragile moments (reactive.ts),
// requests or proposals at random times, and finally a stable period (heal, restart every node,
// a normal network). Every invariant of Figure 3 is checked after every event; at the end,
// liveness and the linearizability of the client history (checked.ts). The action script the
// cluster recorded is the scenario: `createCluster(options, actions)` replays it.
//
// Two streams: 'fuzz:options' for the options, 'fuzz:faults' for everything during the run.
// Every probability and bound comes from `config.profile`.

import { withMutations } from '../../raft/mutations.ts';
import { chance, deriveRng } from '../../raft/rng.ts';
import { ENGINE } from '../../sim/engine.ts';
import type { ClientOp, ClusterOptions } from '../../sim/types.ts';
import { checked, finish, lagFor, liveTarget, type Checked } from './checked.ts';
import type { FuzzConfig } from './config.ts';
import { injectFault } from './faults.ts';
import { attachReactiveFaults } from './reactive.ts';
import { removedServers } from './liveness.ts';
import type { Scenario, SeedResult } from './results.ts';
import { checkScriptReplay, hashTrace } from './scriptReplay.ts';
import { swarmPlan, type SwarmPlan } from './swarm.ts';
import { attachSnapshotFaults, createSwarmActions } from './swarmFaults.ts';
import { createWorld, draw, pick, rollWeights, type FaultWorld } from './world.ts';

/** Cluster options for a seed: the variant with the options that expose it, features drawn. */
export function scenarioOptions(seed: number, config: FuzzConfig): ClusterOptions {
  const p = config.profile;
  if (config.swarm) return swarmOptions(seed, config, swarmPlan(seed, config.faults, config.nodes, p));
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

/** A swarm seed's options: its plan's servers and features; membership no longer forces CheckQuorum. */
function swarmOptions(seed: number, config: FuzzConfig, plan: SwarmPlan): ClusterOptions {
  const p = config.profile;
  const correct = config.variant === 'none';
  const opsPerSecond = draw(deriveRng(seed, 'fuzz:options'), p.clientOpsPerSecond);
  const disk = plan.disk === null ? {} : { diskLatencyMin: plan.disk.min, diskLatencyMax: plan.disk.max };
  const timing = { ...config.timing, ...disk };
  return {
    seed,
    nodes: plan.nodes,
    ...(Object.keys(timing).length > 0 ? { timing } : {}),
    features: {
      preVote: correct && plan.preVote,
      checkQuorum: correct && plan.checkQuorum,
      readIndex: correct && plan.readIndex,
      snapshotThreshold: correct ? plan.snapshotThreshold : 0,
      noopOnElection: config.variant !== 'commit-old-terms',
      variant: config.variant,
    },
    workload:
      config.load === 'clients' && plan.clients
        ? { clients: p.clients, opsPerSecond, keys: p.keys, readRatio: p.readRatio }
        : { clients: 0, opsPerSecond: 0 },
  };
}

/** Runs seed `seed` under `config`: the scenario it produced and what the checks found. */
export function fuzzSeed(seed: number, config: FuzzConfig): SeedResult {
  // Test-only: issue #12's bugs put back for this run (none by default).
  return withMutations(config.mutations, () => runSeed(seed, config));
}

function runSeed(seed: number, config: FuzzConfig): SeedResult {
  const p = config.profile;
  const plan = config.swarm ? swarmPlan(seed, config.faults, config.nodes, p) : null;
  const options = plan !== null ? swarmOptions(seed, config, plan) : scenarioOptions(seed, config);
  const rng = deriveRng(seed, 'fuzz:faults');
  const stableStart = config.ms - config.stableMs;
  const lagMs = lagFor(config.stableMs);
  const c = checked(options, undefined, config.maxEvents);
  const { cluster } = c;
  const liveHash = plan?.scriptReplay === true ? hashTrace(cluster) : null;
  const w = createWorld(c, rng, p);
  const faults = plan !== null ? plan.kinds : config.faults;
  const swarm = plan !== null ? createSwarmActions(w) : null;
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
  if (swarm !== null && faults.includes('snapshot')) attachSnapshotFaults(w, stableStart);

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
      if (faults.length > 0) {
        const fault = pick(rng, faults);
        if (swarm === null) injectFault(w, fault);
        else {
          swarm.fault(fault);
          if (chance(rng, p.comboChance)) swarm.fault(pick(rng, faults));
          if (chance(rng, p.refusableActionChance)) swarm.refusable();
        }
      }
      nextFault = t + draw(rng, p.faultEveryMs);
    }
  }

  if (c.failure() === null) {
    if (plan === null) stabilize(w);
    else stabilizeSwarm(w, c);
  }
  c.advance(config.ms - lagMs);
  const target = c.failure() === null ? liveTarget(cluster) : 0;
  c.advance(config.ms);
  const result = finish(c, target, lagMs, config);
  const scenario: Scenario = { v: 1, engine: ENGINE, options: cluster.options, actions: cluster.actions() };
  if (result.failure === null && liveHash !== null && swarm !== null) {
    result.failure = checkScriptReplay(cluster.options, scenario.actions, swarm.refused, liveHash, config.ms);
  }
  return { seed, scenario, until: config.ms, stableStart, ...result };
}

/**
 * A swarm seed's stable period: healed, a normal network, but each server that is down stays
 * down for good with `stayDownChance` (permanent failures). With PreVote and CheckQuorum both
 * off, servers no configuration names any more are stopped (thesis §4.2.3: otherwise they may
 * disrupt the cluster when they time out).
 */
function stabilizeSwarm(w: FaultWorld, c: Checked): void {
  const { cluster, rng, profile: p } = w;
  const kept = new Set([...w.down].filter(() => chance(rng, p.stayDownChance)));
  stabilize(w, kept);
  const { preVote, checkQuorum } = cluster.options.features;
  if (!preVote && !checkQuorum) {
    for (const id of removedServers(c)) if (cluster.peek(id).alive) w.act(() => cluster.crash(id));
  }
}

/** The stable period: everything healed and restarted, a normal network. */
function stabilize(w: FaultWorld, kept: ReadonlySet<string> = new Set()): void {
  const { cluster, base } = w;
  w.act(() => cluster.heal());
  w.act(() =>
    cluster.setNetwork({ lossRate: 0, duplicateRate: 0, manual: false, latencyMin: base.latencyMin, latencyMax: base.latencyMax }),
  );
  // A scheduler window still open (swarm): the timers run again (only then, so other seeds' scripts stay as they were).
  if (cluster.network().settings.frozenTimers === true) w.act(() => cluster.setNetwork({ frozenTimers: false }));
  for (const link of w.touchedLinks) {
    const [from, to] = link.split('\n');
    w.act(() => cluster.setLink(from, to, { lossRate: 0 }));
  }
  for (const id of w.ids()) {
    if (w.down.has(id) && !kept.has(id)) w.act(() => cluster.restart(id));
  }
  w.down.clear();
}
