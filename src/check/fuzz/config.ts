// The fuzzer's configuration: what to run (servers, length, variant, which faults, the load) and
// the profile — every probability and bound the fuzzer draws with, as a named field with a
// default. Nothing here draws: config.ts only fills defaults and validates.

import { isMutation, type Mutation } from '../../raft/mutations.ts';
import type { ClusterOptions } from '../../sim/types.ts';
import { SWARM_DEFAULTS, SWARM_FIELD_KINDS, type SwarmProfile } from './swarm.ts';

export const FAULTS = ['crash', 'partition', 'loss', 'dup', 'reorder', 'manual', 'timeout', 'membership', 'transfer', 'snapshot'] as const;
export type Fault = (typeof FAULTS)[number];
/** What `--faults` means when not given. */
export const DEFAULT_FAULTS: readonly Fault[] = ['crash', 'partition', 'loss', 'dup', 'reorder', 'manual', 'timeout'];

export const FUZZ_VARIANTS = ['none', 'commit-old-terms', 'vote-without-log-check', 'forget-vote', 'truncate-always', 'local-reads'] as const;
export type FuzzVariant = (typeof FUZZ_VARIANTS)[number];

export type FuzzLoad = 'clients' | 'proposals';

/** Whole numbers from `min` to `max` inclusive, drawn uniformly: `[min, max]`. */
export type Range = readonly [min: number, max: number];

/**
 * Every probability and bound of a seed's run. `…Chance` is a probability (0..1), `…Percent` a
 * whole percentage drawn as one roll of 0..99, `…Ms` / a `Range` whole numbers drawn uniformly,
 * and the weight tables one roll over the sum of their weights (in the order written). Defaults:
 * `defaultFuzzProfile`. Changing a value changes which runs a seed gives, never the order of the
 * draws.
 */
export interface FuzzProfile extends SwarmProfile {
  // ---- Cluster options drawn per seed (the extensions only for correct Raft) ----
  preVoteChance: number;
  /** Always on with the `membership` fault. */
  checkQuorumChance: number;
  readIndexChance: number;
  /** Chance of log compaction, with a threshold from `snapshotThreshold` entries. */
  snapshotChance: number;
  snapshotThreshold: Range;
  /** Simulated clients of the generated workload (`load: 'clients'`). */
  clients: number;
  clientOpsPerSecond: Range;
  /** Keys k0 … k(keys−1), for the workload and the fuzzer's own requests. */
  keys: number;
  /** Share of gets in the workload. Default 0.4; 0.6 for local-reads. */
  readRatio: number;

  // ---- The run's rhythm ----
  /** Time between two scheduled faults. */
  faultEveryMs: Range;
  /** Time to the first request (or proposal). */
  firstRequestMs: Range;
  /** Time between two requests to random servers (`load: 'clients'`). */
  requestEveryMs: Range;
  /** Time between two proposals to the leader (`load: 'proposals'`). */
  proposeEveryMs: Range;
  /** The fuzzer's own requests: the kind of operation. */
  requestOps: { get: number; put: number; append: number };
  /** Chance a request names a random server (`to`) instead of the client's choice. */
  requestToRandomServerChance: number;

  // ---- crash ----
  /** Crash the leader (when there is one) rather than a random live server. */
  crashLeaderChance: number;
  /** A "bounce": down for `bounceDownMs` instead of `downForMs`. */
  bounceChance: number;
  bounceDownMs: Range;
  downForMs: Range;

  // ---- partition ----
  /** Which shape: one-directional links down, the leader isolated, or a random split. */
  partitionShapes: { oneWayLinks: number; isolateLeader: number; split: number };
  /** How many one-directional links go down (at most the servers there are). */
  oneWayLinks: Range;
  /** The isolated leader keeps one follower with it. */
  isolateWithFollowerChance: number;
  /** A random split cuts off a second, one-server group too. */
  threeGroupsChance: number;
  partitionHealMs: Range;

  // ---- loss ----
  /** A loss burst on the whole network rather than on one link. */
  lossNetworkChance: number;
  lossBurstPercent: Range;
  lossBurstMs: Range;
  linkLossPercent: Range;
  linkLossMs: Range;

  // ---- dup ----
  /** A duplication burst on the whole network rather than copies of messages in flight. */
  dupNetworkChance: number;
  dupBurstPercent: Range;
  dupBurstMs: Range;
  /** Messages in flight copied. */
  dupCopies: Range;

  // ---- reorder ----
  /** A wide latency range on the whole network rather than messages in flight delayed. */
  reorderNetworkChance: number;
  reorderLatencyMinMs: Range;
  reorderLatencyMaxMs: Range;
  reorderBurstMs: Range;
  /** Messages in flight delayed, and by how much. */
  delayedMessages: Range;
  delayMs: Range;

  // ---- manual ----
  /** How long the network stays in manual delivery. */
  manualWindowMs: Range;
  /** Time to the first round of deliveries, and between rounds. */
  manualFirstTickMs: Range;
  manualTickMs: Range;
  /** Held messages handled per round, and what happens to each. */
  manualBatch: Range;
  manualFates: { deliver: number; drop: number; duplicate: number };

  // ---- timeout ----
  /** A second server times out too (a split vote), this many ms later (0: at once). */
  splitVoteChance: number;
  splitVoteGapMs: Range;

  // ---- membership ----
  /** Remove a voter rather than add a server. */
  removeServerChance: number;
  /** Never remove below this many voters. */
  minVoters: number;

  // ---- Reactive faults (with `crash`): at the trace's fragile moments ----
  /** A leader just elected: crashed within `electedCrashWithinMs`, down for `electedDownMs`. */
  electedCrashChance: number;
  electedCrashWithinMs: Range;
  electedDownMs: Range;
  /** A vote just granted: the voter bounced. */
  voteBounceChance: number;
  /** … when another candidate of that term is still campaigning (a split election). */
  splitVoteBounceChance: number;
  voteBounceWithinMs: Range;
  voteBounceDownMs: Range;
  splitVoteBounceDownMs: Range;
  /** Per entry a leader appends: crashed, or cut off (with `partition`), right after. Default 3 + 3; 20 + 20 with proposals. */
  appendCrashPercent: number;
  appendCutOffPercent: number;
  appendCrashWithinMs: Range;
  appendDownMs: Range;
  appendCutOffWithinMs: Range;
  appendCutOffHealMs: Range;
  /** A leader that just committed: crashed (more often when the entry is of an earlier term: Figure 8). */
  commitCrashChance: number;
  oldTermCommitCrashChance: number;
  commitCrashWithinMs: Range;
  commitDownMs: Range;
}

/** The default profile; it depends on the variant (readRatio) and the load (appendCrash/CutOffPercent). */
export function defaultFuzzProfile(variant: FuzzVariant = 'none', load: FuzzLoad = 'clients'): FuzzProfile {
  // Proposals are few, so each entry a leader appends is worth more.
  const snipe = load === 'proposals' ? 20 : 3;
  return {
    preVoteChance: 0.3,
    checkQuorumChance: 0.3,
    readIndexChance: 0.5,
    snapshotChance: 0.3,
    snapshotThreshold: [5, 40],
    clients: 3,
    clientOpsPerSecond: [10, 40],
    keys: 3,
    readRatio: variant === 'local-reads' ? 0.6 : 0.4,

    faultEveryMs: [100, 700],
    firstRequestMs: [100, 900],
    requestEveryMs: [100, 900],
    proposeEveryMs: [50, 1500],
    requestOps: { get: 4, put: 3, append: 3 },
    requestToRandomServerChance: 0.5,

    crashLeaderChance: 0.5,
    bounceChance: 0.3,
    bounceDownMs: [1, 80],
    downForMs: [50, 2500],

    partitionShapes: { oneWayLinks: 3, isolateLeader: 3, split: 4 },
    oneWayLinks: [1, 4],
    isolateWithFollowerChance: 0.5,
    threeGroupsChance: 0.3,
    partitionHealMs: [100, 3000],

    lossNetworkChance: 0.5,
    lossBurstPercent: [5, 60],
    lossBurstMs: [100, 2000],
    linkLossPercent: [20, 100],
    linkLossMs: [100, 3000],

    dupNetworkChance: 0.5,
    dupBurstPercent: [10, 50],
    dupBurstMs: [100, 2000],
    dupCopies: [1, 5],

    reorderNetworkChance: 0.5,
    reorderLatencyMinMs: [0, 5],
    reorderLatencyMaxMs: [60, 400],
    reorderBurstMs: [100, 2000],
    delayedMessages: [1, 6],
    delayMs: [20, 600],

    manualWindowMs: [50, 800],
    manualFirstTickMs: [1, 20],
    manualTickMs: [2, 40],
    manualBatch: [0, 4],
    manualFates: { deliver: 15, drop: 3, duplicate: 2 },

    splitVoteChance: 0.4,
    splitVoteGapMs: [0, 5],

    removeServerChance: 0.5,
    minVoters: 3,

    electedCrashChance: 0.15,
    electedCrashWithinMs: [0, 300],
    electedDownMs: [1, 2000],
    voteBounceChance: 0.04,
    splitVoteBounceChance: 0.5,
    voteBounceWithinMs: [0, 2],
    voteBounceDownMs: [1, 40],
    splitVoteBounceDownMs: [1, 15],
    appendCrashPercent: snipe,
    appendCutOffPercent: snipe,
    appendCrashWithinMs: [0, 40],
    appendDownMs: [1, 2000],
    appendCutOffWithinMs: [0, 10],
    appendCutOffHealMs: [100, 2000],
    commitCrashChance: 0.03,
    oldTermCommitCrashChance: 0.5,
    commitCrashWithinMs: [0, 20],
    commitDownMs: [1, 2000],
    ...SWARM_DEFAULTS,
  };
}

/** How each profile field is validated: its kind, and for ranges whether 0 is allowed. */
export type FieldKind = 'chance' | 'range' | 'positiveRange' | 'percent' | 'count' | 'positiveCount' | 'weights';

const FIELD_KINDS: Readonly<Record<keyof FuzzProfile, FieldKind>> = {
  preVoteChance: 'chance',
  checkQuorumChance: 'chance',
  readIndexChance: 'chance',
  snapshotChance: 'chance',
  snapshotThreshold: 'positiveRange',
  clients: 'count',
  clientOpsPerSecond: 'range',
  keys: 'positiveCount',
  readRatio: 'chance',
  faultEveryMs: 'positiveRange',
  firstRequestMs: 'range',
  requestEveryMs: 'positiveRange',
  proposeEveryMs: 'positiveRange',
  requestOps: 'weights',
  requestToRandomServerChance: 'chance',
  crashLeaderChance: 'chance',
  bounceChance: 'chance',
  bounceDownMs: 'range',
  downForMs: 'range',
  partitionShapes: 'weights',
  oneWayLinks: 'positiveRange',
  isolateWithFollowerChance: 'chance',
  threeGroupsChance: 'chance',
  partitionHealMs: 'range',
  lossNetworkChance: 'chance',
  lossBurstPercent: 'range',
  lossBurstMs: 'range',
  linkLossPercent: 'range',
  linkLossMs: 'range',
  dupNetworkChance: 'chance',
  dupBurstPercent: 'range',
  dupBurstMs: 'range',
  dupCopies: 'range',
  reorderNetworkChance: 'chance',
  reorderLatencyMinMs: 'range',
  reorderLatencyMaxMs: 'range',
  reorderBurstMs: 'range',
  delayedMessages: 'range',
  delayMs: 'range',
  manualWindowMs: 'range',
  manualFirstTickMs: 'range',
  manualTickMs: 'positiveRange',
  manualBatch: 'range',
  manualFates: 'weights',
  splitVoteChance: 'chance',
  splitVoteGapMs: 'range',
  removeServerChance: 'chance',
  minVoters: 'positiveCount',
  electedCrashChance: 'chance',
  electedCrashWithinMs: 'range',
  electedDownMs: 'range',
  voteBounceChance: 'chance',
  splitVoteBounceChance: 'chance',
  voteBounceWithinMs: 'range',
  voteBounceDownMs: 'range',
  splitVoteBounceDownMs: 'range',
  appendCrashPercent: 'percent',
  appendCutOffPercent: 'percent',
  appendCrashWithinMs: 'range',
  appendDownMs: 'range',
  appendCutOffWithinMs: 'range',
  appendCutOffHealMs: 'range',
  commitCrashChance: 'chance',
  oldTermCommitCrashChance: 'chance',
  commitCrashWithinMs: 'range',
  commitDownMs: 'range',
  ...SWARM_FIELD_KINDS,
};

/** The profile's field names, in the order of the type (and of the table in docs/safety.md). */
export const FUZZ_PROFILE_FIELDS = Object.keys(FIELD_KINDS) as (keyof FuzzProfile)[];

/** Percent ranges that are rates: at most 100. */
const RATE_PERCENT: ReadonlySet<keyof FuzzProfile> = new Set(['lossBurstPercent', 'linkLossPercent', 'dupBurstPercent']);

export interface FuzzConfig {
  /** Servers per cluster (1..15). Default 5. */
  nodes: number;
  /** Simulated ms per run, the stable period included. Default 20000. */
  ms: number;
  variant: FuzzVariant;
  faults: readonly Fault[];
  /** Length of the final stable period, ms. Default max(2000, min(5000, ms / 4)). */
  stableMs: number;
  liveness: boolean;
  linearizability: boolean;
  /** Wall-clock limit for one linearizability check; past it the result counts as unknown. */
  linearizabilityTimeLimitMs: number;
  /** More trace events than this in one run is an event storm (a liveness failure). */
  maxEvents: number;
  /**
   * Where the log entries come from: 'clients' (the generated workload plus requests to random
   * nodes; the history is checked for linearizability) or 'proposals' (commands proposed to the
   * leader at random times, no clients). Default: 'proposals' for commit-old-terms, whose bug
   * hides while client retries keep giving every new leader an entry of its own term.
   */
  load: FuzzLoad;
  /** Election and heartbeat timing of every generated cluster (the browser search passes the scenario's). Default: the engine's. */
  timing?: ClusterOptions['timing'];
  /** Every probability and bound of the run (defaults: `defaultFuzzProfile(variant, load)`). */
  profile: FuzzProfile;
  /** Swarm testing (swarm.ts): each seed switches a random subset of `faults` and features on. */
  swarm: boolean;
  /** Test-only: issue #12's bugs put back in this run (src/raft/mutations.ts). Default none. */
  mutations: readonly Mutation[];
}

/** What resolveFuzzConfig accepts: any field may be left out, and the profile given in part. */
export type FuzzConfigInput = Partial<Omit<FuzzConfig, 'profile'>> & { profile?: Partial<FuzzProfile> };

export class FuzzConfigError extends Error {}

/** Fills defaults and validates, throwing FuzzConfigError with a message naming the field. */
export function resolveFuzzConfig(input: FuzzConfigInput = {}): FuzzConfig {
  const nodes = input.nodes ?? 5;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 15) throw new FuzzConfigError(`nodes: must be a whole number from 1 to 15, got ${String(nodes)}`);
  const ms = input.ms ?? 20000;
  if (!Number.isInteger(ms) || ms < 500 || ms > 3_600_000) {
    throw new FuzzConfigError(`ms: must be a whole number of simulated milliseconds from 500 to 3600000, got ${String(ms)}`);
  }
  const variant = input.variant ?? 'none';
  if (!(FUZZ_VARIANTS as readonly string[]).includes(variant)) {
    throw new FuzzConfigError(`variant: unknown variant '${String(variant)}' (known: ${FUZZ_VARIANTS.join(', ')})`);
  }
  const swarm = input.swarm ?? false;
  const faults = input.faults ?? (swarm ? FAULTS : DEFAULT_FAULTS);
  const mutations = input.mutations ?? [];
  for (const m of mutations) if (!isMutation(m)) throw new FuzzConfigError(`mutations: unknown mutation '${String(m)}'`);
  for (const f of faults) {
    if (!(FAULTS as readonly string[]).includes(f)) throw new FuzzConfigError(`faults: unknown fault '${String(f)}' (known: ${FAULTS.join(', ')})`);
  }
  const stableMs = input.stableMs ?? Math.max(2000, Math.min(5000, Math.floor(ms / 4)));
  if (!Number.isInteger(stableMs) || stableMs < 0 || stableMs >= ms) {
    throw new FuzzConfigError(`stableMs: must be a whole number of ms below ms (${ms}), got ${String(stableMs)}`);
  }
  const load = input.load ?? (variant === 'commit-old-terms' ? 'proposals' : 'clients');
  if (load !== 'clients' && load !== 'proposals') throw new FuzzConfigError(`load: must be 'clients' or 'proposals', got ${String(load)}`);
  return {
    nodes,
    ms,
    variant,
    faults: [...new Set(faults)],
    stableMs,
    liveness: input.liveness ?? true,
    linearizability: input.linearizability ?? true,
    linearizabilityTimeLimitMs: input.linearizabilityTimeLimitMs ?? 10_000,
    maxEvents: input.maxEvents ?? defaultMaxEvents(ms, nodes),
    load,
    ...(input.timing !== undefined ? { timing: input.timing } : {}),
    profile: resolveProfile(input.profile, defaultFuzzProfile(variant, load)),
    swarm,
    mutations: [...mutations],
  };
}

/** The defaults with `given` laid over them, every field checked; throws FuzzConfigError naming it. */
function resolveProfile(given: Partial<FuzzProfile> | undefined, defaults: FuzzProfile): FuzzProfile {
  if (given === undefined) return defaults;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new FuzzConfigError(`profile: must be an object of named fields, got ${JSON.stringify(given)}`);
  }
  for (const key of Object.keys(given)) {
    if (!(key in FIELD_KINDS)) {
      const near = FUZZ_PROFILE_FIELDS.filter((f) => f.toLowerCase().includes(key.toLowerCase()) || key.toLowerCase().includes(f.toLowerCase()));
      const hint = near.length > 0 ? `did you mean ${near.slice(0, 5).join(', ')}?` : 'docs/safety.md lists the fields';
      throw new FuzzConfigError(`profile.${key}: unknown field (${hint})`);
    }
  }
  const profile = { ...defaults } as Record<keyof FuzzProfile, unknown>;
  for (const key of FUZZ_PROFILE_FIELDS) {
    const value: unknown = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    checkField(key, value, FIELD_KINDS[key], defaults[key]);
    profile[key] = Array.isArray(value) ? [value[0], value[1]] : typeof value === 'object' ? { ...value } : value;
  }
  const p = profile as unknown as FuzzProfile;
  if (p.appendCrashPercent + p.appendCutOffPercent > 100) {
    throw new FuzzConfigError(
      `profile.appendCutOffPercent: appendCrashPercent + appendCutOffPercent must be at most 100, got ${p.appendCrashPercent} + ${p.appendCutOffPercent}`,
    );
  }
  return p;
}

function checkField(key: keyof FuzzProfile, value: unknown, kind: FieldKind, fallback: unknown): void {
  const fail = (what: string): never => {
    throw new FuzzConfigError(`profile.${key}: must be ${what}, got ${JSON.stringify(value)}`);
  };
  const whole = (x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
  switch (kind) {
    case 'chance':
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail('a probability from 0 to 1');
      return;
    case 'percent':
      if (!whole(value, 0, 100)) fail('a whole percentage from 0 to 100');
      return;
    case 'count':
      if (!whole(value, 0)) fail('a whole number ≥ 0');
      return;
    case 'positiveCount':
      if (!whole(value, 1)) fail('a whole number ≥ 1');
      return;
    case 'range':
    case 'positiveRange': {
      const lo = kind === 'positiveRange' ? 1 : 0;
      const hi = RATE_PERCENT.has(key) ? 100 : Number.MAX_SAFE_INTEGER;
      const what = `[min, max]: whole numbers with ${lo} ≤ min ≤ max${hi === 100 ? ' ≤ 100' : ''}`;
      if (!Array.isArray(value) || value.length !== 2 || !whole(value[0], lo, hi) || !whole(value[1], lo, hi) || value[0] > value[1]) fail(what);
      return;
    }
    case 'weights': {
      const names = Object.keys(fallback as object);
      const what = `{ ${names.map((n) => `${n}: weight`).join(', ')} } with whole weights ≥ 0, not all 0`;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(what);
      const w = value as Record<string, unknown>;
      if (Object.keys(w).some((n) => !names.includes(n)) || names.some((n) => !whole(w[n], 0))) fail(what);
      if (names.reduce((sum, n) => sum + (w[n] as number), 0) < 1) fail(what);
      return;
    }
  }
}

/** About ten times what a healthy cluster under the fuzzer's faults produces at most. */
export function defaultMaxEvents(ms: number, nodes: number): number {
  return Math.max(100_000, ms * nodes * 5);
}

/** The profile's fields that differ from the defaults for its variant and load ({} when none do). */
export function profileChanges(config: Pick<FuzzConfig, 'variant' | 'load' | 'profile'>): Partial<FuzzProfile> {
  const defaults = defaultFuzzProfile(config.variant, config.load);
  const changed: Record<string, unknown> = {};
  for (const key of FUZZ_PROFILE_FIELDS) {
    if (JSON.stringify(config.profile[key]) !== JSON.stringify(defaults[key])) changed[key] = config.profile[key];
  }
  return changed;
}
