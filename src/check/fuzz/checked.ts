// A cluster run with every check on: the safety monitor after every event (and an event-storm
// limit), a way to run up to a time that stops at the first failure, and the end-of-run checks
// (liveness, then linearizability of the client history). Shared by the seeded run and replay.

import { createCluster } from '../../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ResolvedOptions } from '../../sim/types.ts';
import { createSafetyMonitor, PROPERTY_NAMES } from '../invariants.ts';
import { checkLinearizability } from '../linearizability.ts';
import { createExtraChecks, type ExtraChecks } from './extra.ts';
import { swarmLiveness } from './liveness.ts';
import type { FuzzFailure, RunResult, RunStats } from './results.ts';

/** Simulated ms between two runs of the state checks (extra.ts). */
export const SAMPLE_EVERY_MS = 50;

export interface Checked {
  cluster: Cluster;
  failure: () => FuzzFailure | null;
  fail: (f: FuzzFailure) => void;
  events: () => number;
  /** Runs until `t`, the first failure, or an interrupt (a reaction scheduled something earlier). */
  advance: (t: number) => void;
  interrupt: () => void;
  /** The fuzzer's own checks beside Figure 3's (extra.ts), and the configurations they follow. */
  extra: ExtraChecks;
  /** Runs the state checks now (`force`), or after an advance when SAMPLE_EVERY_MS have passed. */
  sample: (force?: boolean) => void;
}

export function checked(options: ClusterOptions | ResolvedOptions, actions: Action[] | undefined, maxEvents: number): Checked {
  const cluster = createCluster(options, actions);
  const monitor = createSafetyMonitor({ bootVoters: cluster.options.nodes });
  const extra = createExtraChecks(cluster.options.nodes);
  let failure: FuzzFailure | null = null;
  let interrupted = false;
  const fail = (f: FuzzFailure) => {
    failure ??= f;
  };
  cluster.subscribe((e) => {
    const found = monitor.observe(e);
    const lost = extra.observe(e);
    if (lost !== null && failure === null) failure = lost;
    if (monitor.events > maxEvents && failure === null) {
      failure = {
        kind: 'liveness',
        at: e.at,
        message: `An event storm: more than ${maxEvents} trace events by ${e.at} ms (a livelock of messages or elections).`,
      };
    }
    if (found.length > 0 && failure === null) {
      const v = found[0];
      failure = {
        kind: 'safety',
        property: v.property,
        at: v.at,
        event: v.event,
        message: `${PROPERTY_NAMES[v.property]} violated at ${v.at} ms: ${v.message}`,
        violation: v,
      };
    }
  });
  const done = () => failure !== null || interrupted;
  // The state checks read every server (cluster.peek): at most once per SAMPLE_EVERY_MS of simulated time.
  let sampledAt = -Infinity;
  const sample = (force = false) => {
    if (failure !== null || (!force && cluster.now - sampledAt < SAMPLE_EVERY_MS)) return;
    sampledAt = cluster.now;
    failure = extra.sample(cluster);
  };
  return {
    extra,
    sample,
    cluster,
    failure: () => failure,
    fail,
    events: () => monitor.events,
    interrupt() {
      interrupted = true;
    },
    advance(t: number) {
      if (failure !== null || t <= cluster.now) return;
      interrupted = false;
      try {
        cluster.runUntil(done, t - cluster.now);
      } catch (e) {
        fail(errorFailure(e, cluster.now));
      }
      sample();
    },
  };
}

export function errorFailure(e: unknown, at: number): FuzzFailure {
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'error', at, message: `The simulator threw at ${at} ms: ${message}` };
}

/** The end-of-run checks: liveness, then linearizability of the client history. */
export function finish(
  c: Checked,
  committedTarget: number,
  lagMs: number,
  spec: { liveness: boolean; linearizability: boolean; linearizabilityTimeLimitMs: number; swarm?: boolean },
): RunResult {
  const { cluster } = c;
  c.sample(true);
  // Swarm runs leave servers down for good: a leader is owed only where a majority is up (liveness.ts).
  const owed = c.failure() === null && spec.liveness && spec.swarm === true ? swarmLiveness(c, committedTarget, lagMs) : 'owed';
  let linearizability: RunStats['linearizability'] = 'skipped';
  const history = cluster.history();
  if (c.failure() === null && spec.liveness && owed === 'owed') {
    const leader = cluster.leader();
    if (leader === null) {
      const roles = cluster.ids.map((id) => {
        const n = cluster.node(id);
        return `${id} ${n.alive ? n.role : 'crashed'} (term ${n.term})`;
      });
      c.fail({ kind: 'liveness', at: cluster.now, message: `No leader at the end of the stable period (${cluster.now} ms): ${roles.join(', ')}.` });
    } else {
      const voters = cluster.node(leader).config.voters;
      for (const id of voters) {
        const n = cluster.node(id);
        if (n.alive && n.lastApplied < committedTarget) {
          c.fail({
            kind: 'liveness',
            at: cluster.now,
            message: `${id} has applied entries only up to index ${n.lastApplied} at ${cluster.now} ms, but index ${committedTarget} was committed ${lagMs} ms earlier (leader ${leader}, term ${cluster.node(leader).term}).`,
          });
          break;
        }
      }
    }
  }
  if (c.failure() === null && spec.linearizability) {
    const result = checkLinearizability(history, { timeLimitMs: spec.linearizabilityTimeLimitMs });
    if (result.ok === true) linearizability = 'ok';
    else if (result.ok === 'unknown') linearizability = 'unknown';
    else {
      linearizability = 'violated';
      c.fail({
        kind: 'linearizability',
        at: cluster.now,
        message: `The client history is not linearizable (key ${result.key}): ${result.reason}`,
        linearizability: result,
      });
    }
  }
  return {
    failure: c.failure(),
    stats: {
      events: c.events(),
      operations: history.length,
      completed: history.reduce((n, r) => n + (r.completedAt !== undefined ? 1 : 0), 0),
      linearizability,
    },
  };
}

/** The liveness target: the commit index of the leader now (0 without one). */
export function liveTarget(cluster: Cluster): number {
  const leader = cluster.leader();
  if (leader !== null) return cluster.node(leader).commitIndex;
  return 0;
}

/** How long before the end the liveness target is taken: every live voter must have applied it by the end. */
export function lagFor(stableMs: number): number {
  return Math.min(1000, Math.floor(stableMs / 2));
}

