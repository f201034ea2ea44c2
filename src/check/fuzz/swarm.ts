// Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): with `swarm` on, each seed switches
// a random subset of the fault kinds and features on, so that rare combinations get whole seeds
// of their own instead of being diluted by every other kind. It also opens the actions the
// default run leaves out: leadership transfers to any server (learners, removed and crashed ones:
// refusals expected), re-adding removed servers, removing down to one voter, membership without
// CheckQuorum forced on, small snapshot thresholds, faults aimed at snapshot transfers, servers
// left down for good, and actions the API refuses, with a share of seeds replayed as a script.
// Draws come from the seed's own 'fuzz:swarm' stream, so runs without swarm are unchanged.

import { chance, deriveRng, uniformInt } from '../../raft/rng.ts';
import type { Fault, FieldKind } from './config.ts';

/** The profile fields only swarm runs read (docs/safety.md lists them). */
export interface SwarmProfile {
  /** Each fault kind of `faults` is on for a seed with this chance (at least one is). */
  swarmKindChance: number;
  /** Each of PreVote, CheckQuorum, ReadIndex, snapshots and client load is on for a seed with this chance. */
  swarmFeatureChance: number;
  /** Servers per seed: from `swarmMinNodes` to `nodes`. */
  swarmMinNodes: number;
  /** Snapshot threshold (entries) when snapshots are on: small, so snapshots and InstallSnapshot are common. */
  swarmSnapshotThreshold: readonly [number, number];
  /** Never remove below this many voters. */
  swarmMinVoters: number;
  /** An added server is one removed earlier (re-added under its name) rather than a fresh one. */
  reAddChance: number;
  /** A transfer names any server (learner, removed, crashed, the leader itself) rather than a voter. */
  transferToAnyChance: number;
  /** A server just added is crashed at once (it may stay down: bug 4's setting). */
  newServerCrashChance: number;
  /** Per InstallSnapshot sent (with the `snapshot` fault): a fault aimed at it — dropped, duplicated, delayed, or its receiver crashed. */
  snapshotFaultChance: number;
  /** A server down when the stable period starts stays down for good (a permanent failure). */
  stayDownChance: number;
  /** Per scheduled fault, a second one at the same moment (a transfer and a removal together …). */
  comboChance: number;
  /** Per scheduled fault, an extra action the API may refuse (a transfer to a learner, removing an unknown server …). */
  refusableActionChance: number;
  /** The seed's actions, with the refused ones, are replayed as a script: same trace, same refusals. */
  scriptReplayChance: number;
  /** A seed has a slow disk (timing.diskLatencyMin/Max, issue 15) with this chance. */
  swarmDiskChance: number;
  /** A slow disk's latency range is drawn within these ms (both ends uniform, then ordered). */
  swarmDiskLatency: readonly [number, number];
  /** A manual-network window freezes the timers too, the fuzzer firing them (schedulerFault.ts). */
  swarmSchedulerChance: number;
  /** In such a window, a leader's fired timer is its election timer (CheckQuorum's check) rather than its heartbeat. */
  schedulerLeaderElectionTimerChance: number;
}

export const SWARM_DEFAULTS: SwarmProfile = {
  swarmKindChance: 0.5,
  swarmFeatureChance: 0.5,
  swarmMinNodes: 2,
  swarmSnapshotThreshold: [1, 8],
  swarmMinVoters: 1,
  reAddChance: 0.5,
  transferToAnyChance: 0.4,
  newServerCrashChance: 0.2,
  snapshotFaultChance: 0.3,
  stayDownChance: 0.4,
  refusableActionChance: 0.3,
  comboChance: 0.25,
  scriptReplayChance: 0.25,
  swarmDiskChance: 0.5,
  swarmDiskLatency: [0, 25],
  swarmSchedulerChance: 0.5,
  schedulerLeaderElectionTimerChance: 0.2,
};

export const SWARM_FIELD_KINDS: Readonly<Record<keyof SwarmProfile, FieldKind>> = {
  swarmKindChance: 'chance',
  swarmFeatureChance: 'chance',
  swarmMinNodes: 'positiveCount',
  swarmSnapshotThreshold: 'positiveRange',
  swarmMinVoters: 'positiveCount',
  reAddChance: 'chance',
  transferToAnyChance: 'chance',
  newServerCrashChance: 'chance',
  snapshotFaultChance: 'chance',
  stayDownChance: 'chance',
  refusableActionChance: 'chance',
  comboChance: 'chance',
  scriptReplayChance: 'chance',
  swarmDiskChance: 'chance',
  swarmDiskLatency: 'range',
  swarmSchedulerChance: 'chance',
  schedulerLeaderElectionTimerChance: 'chance',
};

/** What one swarm seed switched on. */
export interface SwarmPlan {
  nodes: number;
  kinds: Fault[];
  preVote: boolean;
  checkQuorum: boolean;
  readIndex: boolean;
  snapshotThreshold: number;
  clients: boolean;
  /** Replay the recorded and refused actions as a script at the end. */
  scriptReplay: boolean;
  /** A slow disk's latency range (ms), or null: writes durable at once. */
  disk: { min: number; max: number } | null;
}

/** The seed's plan, from its own stream ('fuzz:swarm'). */
export function swarmPlan(seed: number, faults: readonly Fault[], maxNodes: number, p: SwarmProfile): SwarmPlan {
  const rng = deriveRng(seed, 'fuzz:swarm');
  let kinds = faults.filter(() => chance(rng, p.swarmKindChance));
  if (kinds.length === 0 && faults.length > 0) kinds = [faults[uniformInt(rng, 0, faults.length - 1)]];
  const on = () => chance(rng, p.swarmFeatureChance);
  const preVote = on();
  const checkQuorum = on();
  const readIndex = on();
  const snapshots = on();
  const threshold = uniformInt(rng, p.swarmSnapshotThreshold[0], p.swarmSnapshotThreshold[1]);
  const clients = chance(rng, Math.max(p.swarmFeatureChance, 0.75)); // most seeds have clients: requests and reads
  const nodes = uniformInt(rng, Math.min(p.swarmMinNodes, maxNodes), maxNodes);
  const scriptReplay = chance(rng, p.scriptReplayChance);
  return { nodes, kinds, preVote, checkQuorum, readIndex, snapshotThreshold: snapshots ? threshold : 0, clients, scriptReplay, disk: swarmDisk(seed, p) };
}

/**
 * The seed's disk, from a stream of its own ('fuzz:disk'): added after the other draws, so
 * every other choice of a seed is what it was before disk latency existed. Always three draws.
 */
export function swarmDisk(seed: number, p: SwarmProfile): { min: number; max: number } | null {
  const rng = deriveRng(seed, 'fuzz:disk');
  const slow = chance(rng, p.swarmDiskChance);
  const a = uniformInt(rng, p.swarmDiskLatency[0], p.swarmDiskLatency[1]);
  const b = uniformInt(rng, p.swarmDiskLatency[0], p.swarmDiskLatency[1]);
  const disk = { min: Math.min(a, b), max: Math.max(a, b) };
  return slow && disk.max > 0 ? disk : null;
}
