// The chaos fuzzer's core: seeded random scenarios, a checked run, and shrinking of a failure to
// a minimal replayable scenario. Plain TypeScript with no Node APIs, so the browser can run it in
// a Web Worker; the CLI and worker-thread plumbing live in scripts/fuzz.ts.
//
// A seed becomes a scenario like this: cluster options drawn from the seed (features, client
// workload), then a run during which faults are injected through the scripting API at random
// times — crashes and restarts (often of the leader), partitions (also one-directional links),
// loss / duplication / reordering bursts, manual delivery windows, forced elections — and finally
// a stable period (heal, restart every node, a normal network). The action script the cluster
// recorded (`cluster.actions()`) is the scenario: `createCluster(options, actions)` replays it.
//
// Every invariant of Figure 3 is checked after every event (SafetyMonitor); at the end, liveness
// (a leader exists, every live voter applied what was committed well before the end) and the
// linearizability of the client history.

import { chance, deriveRng, uniformInt, type Rng } from '../raft/rng.ts';
import { ENGINE } from '../sim/engine.ts';
import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ClientOp, MessageView, ResolvedOptions } from '../sim/types.ts';
import { createSafetyMonitor, PROPERTY_NAMES, type PropertyId, type Violation } from './invariants.ts';
import { checkLinearizability, type LinearizabilityViolation } from './linearizability.ts';

export const FAULTS = ['crash', 'partition', 'loss', 'dup', 'reorder', 'manual', 'timeout', 'membership'] as const;
export type Fault = (typeof FAULTS)[number];
/** What `--faults` means when not given. */
export const DEFAULT_FAULTS: readonly Fault[] = ['crash', 'partition', 'loss', 'dup', 'reorder', 'manual', 'timeout'];

export const FUZZ_VARIANTS = ['none', 'commit-old-terms', 'vote-without-log-check', 'forget-vote', 'truncate-always', 'local-reads'] as const;
export type FuzzVariant = (typeof FUZZ_VARIANTS)[number];

/** A replayable run: the scenario format of DESIGN.md ("Scenarios and URLs"). */
export interface Scenario {
  v: 1;
  engine: typeof ENGINE;
  options: ResolvedOptions;
  actions: Action[];
}

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
  load: 'clients' | 'proposals';
  /** Election and heartbeat timing of every generated cluster (the browser search passes the scenario's). Default: the engine's. */
  timing?: ClusterOptions['timing'];
}

export type FailureKind = 'safety' | 'liveness' | 'linearizability' | 'error';

export interface FuzzFailure {
  kind: FailureKind;
  /** For safety failures: the property violated. */
  property?: PropertyId;
  /** Simulated ms at which it was detected. */
  at: number;
  /** Trace position of the offending event (safety), to pause just before it. */
  event?: number;
  /** A sentence a student can read. */
  message: string;
  violation?: Violation;
  linearizability?: LinearizabilityViolation;
}

export interface RunStats {
  events: number;
  /** Client operations in the history, and how many completed. */
  operations: number;
  completed: number;
  linearizability: 'ok' | 'violated' | 'unknown' | 'skipped';
}

export interface RunResult {
  failure: FuzzFailure | null;
  stats: RunStats;
}

export interface SeedResult extends RunResult {
  seed: number;
  scenario: Scenario;
  /** Where the run stops (simulated ms) and where its stable period starts. */
  until: number;
  stableStart: number;
}

/** What replaying a scenario means: run until `until`, stable period from `stableStart`. */
export interface ReplaySpec {
  scenario: Scenario;
  until: number;
  stableStart: number;
  liveness: boolean;
  linearizability: boolean;
  linearizabilityTimeLimitMs?: number;
  maxEvents?: number;
}

// -----------------------------------------------------------------------------------------------
// Configuration

export class FuzzConfigError extends Error {}

/** Fills defaults and validates, throwing FuzzConfigError with a message naming the field. */
export function resolveFuzzConfig(input: Partial<FuzzConfig> = {}): FuzzConfig {
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
  const faults = input.faults ?? DEFAULT_FAULTS;
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
  };
}

/** About ten times what a healthy cluster under the fuzzer's faults produces at most. */
export function defaultMaxEvents(ms: number, nodes: number): number {
  return Math.max(100_000, ms * nodes * 5);
}

/** Cluster options for a seed: the variant with the options that expose it, features drawn. */
export function scenarioOptions(seed: number, config: FuzzConfig): ClusterOptions {
  const rng = deriveRng(seed, 'fuzz:options');
  const correct = config.variant === 'none';
  const preVote = chance(rng, 0.3);
  const checkQuorum = chance(rng, 0.3) || config.faults.includes('membership');
  const readIndex = chance(rng, 0.5);
  const snapshot = chance(rng, 0.3);
  const snapshotThreshold = uniformInt(rng, 5, 40);
  const opsPerSecond = uniformInt(rng, 10, 40);
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
        ? { clients: 3, opsPerSecond, keys: 3, readRatio: config.variant === 'local-reads' ? 0.6 : 0.4 }
        : { clients: 0, opsPerSecond: 0 },
  };
}

// -----------------------------------------------------------------------------------------------
// Checking a cluster as it runs

interface Checked {
  cluster: Cluster;
  failure: () => FuzzFailure | null;
  fail: (f: FuzzFailure) => void;
  events: () => number;
  /** Runs until `t`, the first failure, or an interrupt (a reaction scheduled something earlier). */
  advance: (t: number) => void;
  interrupt: () => void;
}

function checked(options: ClusterOptions | ResolvedOptions, actions: Action[] | undefined, maxEvents: number): Checked {
  const cluster = createCluster(options, actions);
  const monitor = createSafetyMonitor({ bootVoters: cluster.options.nodes });
  let failure: FuzzFailure | null = null;
  let interrupted = false;
  const fail = (f: FuzzFailure) => {
    failure ??= f;
  };
  cluster.subscribe((e) => {
    const found = monitor.observe(e);
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
  return {
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
    },
  };
}

function errorFailure(e: unknown, at: number): FuzzFailure {
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'error', at, message: `The simulator threw at ${at} ms: ${message}` };
}

/** The end-of-run checks: liveness, then linearizability of the client history. */
function finish(
  c: Checked,
  committedTarget: number,
  lagMs: number,
  spec: { liveness: boolean; linearizability: boolean; linearizabilityTimeLimitMs: number },
): RunResult {
  const { cluster } = c;
  let linearizability: RunStats['linearizability'] = 'skipped';
  const history = cluster.history();
  if (c.failure() === null && spec.liveness) {
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

function liveTarget(cluster: Cluster): number {
  const leader = cluster.leader();
  if (leader !== null) return cluster.node(leader).commitIndex;
  return 0;
}

function lagFor(stableMs: number): number {
  return Math.min(1000, Math.floor(stableMs / 2));
}

// -----------------------------------------------------------------------------------------------
// One seed: generate faults while running, with every check on

const KEYS = ['k0', 'k1', 'k2'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)];
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** Runs seed `seed` under `config`: the scenario it produced and what the checks found. */
export function fuzzSeed(seed: number, config: FuzzConfig): SeedResult {
  const options = scenarioOptions(seed, config);
  const rng = deriveRng(seed, 'fuzz:faults');
  const stableStart = config.ms - config.stableMs;
  const lagMs = lagFor(config.stableMs);
  const c = checked(options, undefined, config.maxEvents);
  const { cluster } = c;
  const base = cluster.options.network;
  const faults = config.faults;
  const down = new Set<string>();
  const touchedLinks = new Set<string>();
  let requests = 0;

  // A tiny timeline of things to undo or continue later (restarts, heals, end of bursts).
  const later: { at: number; run: () => void }[] = [];
  const schedule = (at: number, run: () => void) => {
    let i = later.length;
    while (i > 0 && later[i - 1].at > at) i--;
    later.splice(i, 0, { at, run });
  };
  const act = (f: () => void) => {
    if (c.failure() !== null) return;
    try {
      f();
    } catch (e) {
      c.fail(errorFailure(e, cluster.now));
    }
  };
  const attempt = (f: () => void) => {
    // Calls the API may refuse in the current state (membership changes): a refusal is fine.
    try {
      f();
    } catch {
      /* refused: nothing happened */
    }
  };
  const ids = () => cluster.ids;
  const alive = () => ids().filter((id) => !down.has(id));
  const wire = (filter: (m: MessageView) => boolean): MessageView[] => cluster.inFlight().filter(filter);

  const crash = (id: string) => {
    act(() => cluster.crash(id));
    down.add(id);
    const bounce = chance(rng, 0.3);
    const downFor = bounce ? uniformInt(rng, 1, 80) : uniformInt(rng, 50, 2500);
    schedule(cluster.now + downFor, () => {
      if (!down.has(id)) return;
      act(() => cluster.restart(id));
      down.delete(id);
    });
  };

  const inject = (fault: Fault) => {
    const leader = cluster.leader();
    switch (fault) {
      case 'crash': {
        const candidates = alive();
        if (candidates.length === 0) return;
        const target = leader !== null && chance(rng, 0.5) ? leader : pick(rng, candidates);
        crash(target);
        return;
      }
      case 'partition': {
        const all = ids();
        const roll = uniformInt(rng, 0, 9);
        if (roll < 3 && all.length > 1) {
          // One-directional links down: a node hears but is not heard (or the reverse).
          const n = uniformInt(rng, 1, Math.min(4, all.length));
          for (let i = 0; i < n; i++) {
            const from = pick(rng, all);
            const to = pick(rng, all.filter((x) => x !== from));
            act(() => cluster.setLink(from, to, { up: false }));
          }
        } else if (roll < 6 && leader !== null) {
          // Isolate the leader, alone or with one follower.
          const others = shuffled(
            rng,
            all.filter((x) => x !== leader),
          );
          const mine = chance(rng, 0.5) && others.length > 0 ? [leader, others[0]] : [leader];
          act(() => cluster.partition([mine]));
        } else {
          const order = shuffled(rng, all);
          const cut = uniformInt(rng, 1, Math.max(1, order.length - 1));
          const groups = chance(rng, 0.3) && order.length > 2 ? [order.slice(0, cut), order.slice(cut, cut + 1)] : [order.slice(0, cut)];
          act(() => cluster.partition(groups.filter((g) => g.length > 0)));
        }
        schedule(cluster.now + uniformInt(rng, 100, 3000), () => act(() => cluster.heal()));
        return;
      }
      case 'loss': {
        if (chance(rng, 0.5)) {
          const rate = uniformInt(rng, 5, 60) / 100;
          act(() => cluster.setNetwork({ lossRate: rate }));
          schedule(cluster.now + uniformInt(rng, 100, 2000), () => act(() => cluster.setNetwork({ lossRate: 0 })));
        } else {
          const all = ids();
          if (all.length < 2) return;
          const from = pick(rng, all);
          const to = pick(rng, all.filter((x) => x !== from));
          touchedLinks.add(`${from}\n${to}`);
          act(() => cluster.setLink(from, to, { lossRate: uniformInt(rng, 20, 100) / 100 }));
          schedule(cluster.now + uniformInt(rng, 100, 3000), () => act(() => cluster.setLink(from, to, { lossRate: 0 })));
        }
        return;
      }
      case 'dup': {
        if (chance(rng, 0.5)) {
          act(() => cluster.setNetwork({ duplicateRate: uniformInt(rng, 10, 50) / 100 }));
          schedule(cluster.now + uniformInt(rng, 100, 2000), () => act(() => cluster.setNetwork({ duplicateRate: 0 })));
        } else {
          const now = cluster.now;
          const msgs = wire((m) => m.deliverAt !== null && m.deliverAt > now);
          const n = uniformInt(rng, 1, 5);
          for (const m of shuffled(rng, msgs).slice(0, n)) act(() => cluster.duplicate(m.id));
        }
        return;
      }
      case 'reorder': {
        if (chance(rng, 0.5)) {
          act(() => cluster.setNetwork({ latencyMin: uniformInt(rng, 0, 5), latencyMax: uniformInt(rng, 60, 400) }));
          schedule(cluster.now + uniformInt(rng, 100, 2000), () =>
            act(() => cluster.setNetwork({ latencyMin: base.latencyMin, latencyMax: base.latencyMax })),
          );
        } else {
          const now = cluster.now;
          const msgs = wire((m) => m.deliverAt !== null && m.deliverAt > now);
          const n = uniformInt(rng, 1, 6);
          for (const m of shuffled(rng, msgs).slice(0, n)) act(() => cluster.delay(m.id, uniformInt(rng, 20, 600)));
        }
        return;
      }
      case 'manual': {
        if (cluster.network().settings.manual) return;
        act(() => cluster.setNetwork({ manual: true }));
        const end = cluster.now + uniformInt(rng, 50, 800);
        const tick = () => {
          const held = wire((m) => m.deliverAt === null);
          const n = uniformInt(rng, 0, 4);
          for (const m of shuffled(rng, held).slice(0, n)) {
            const roll = uniformInt(rng, 0, 19);
            if (roll < 15) act(() => cluster.deliver(m.id));
            else if (roll < 18) act(() => cluster.drop(m.id));
            else act(() => cluster.duplicate(m.id));
          }
          const next = cluster.now + uniformInt(rng, 2, 40);
          if (next < end) schedule(next, tick);
          else schedule(end, () => act(() => cluster.setNetwork({ manual: false })));
        };
        schedule(cluster.now + uniformInt(rng, 1, 20), tick);
        return;
      }
      case 'timeout': {
        const candidates = alive();
        if (candidates.length === 0) return;
        const first = pick(rng, candidates);
        act(() => cluster.timeout(first));
        if (chance(rng, 0.4) && candidates.length > 1) {
          const second = pick(
            rng,
            candidates.filter((x) => x !== first),
          );
          // Split vote: a second candidate in the same moment or a few ms later.
          const delay = uniformInt(rng, 0, 5);
          if (delay === 0) act(() => cluster.timeout(second));
          else schedule(cluster.now + delay, () => act(() => cluster.timeout(second)));
        }
        return;
      }
      case 'membership': {
        if (leader === null) return;
        const voters = cluster.node(leader).config.voters;
        if (chance(rng, 0.5) && voters.length > 3) {
          const target = pick(rng, voters);
          attempt(() => cluster.removeServer(target));
        } else {
          let k = ids().length + 1;
          while (ids().includes(`S${k}`)) k++;
          const id = `S${k}`;
          attempt(() => cluster.addServer(id));
        }
        return;
      }
    }
  };

  const request = () => {
    requests++;
    if (config.load === 'proposals') {
      // Commands straight into the leader's log, as in the classic lab: no client retries, so
      // a new leader has no entry of its own term until the next proposal (Figure 8's setting).
      const leader = cluster.leader();
      if (leader !== null) act(() => void cluster.propose(leader, { data_id: requests }));
      return;
    }
    const key = pick(rng, KEYS);
    const roll = uniformInt(rng, 0, 9);
    const op: ClientOp =
      roll < 4 ? { type: 'get', key } : roll < 7 ? { type: 'put', key, value: `r${requests}` } : { type: 'append', key, value: `r${requests}` };
    const to = chance(rng, 0.5) ? pick(rng, ids()) : undefined;
    act(() => {
      cluster.request(op, to === undefined ? undefined : { to });
    });
  };

  // Reactive faults, driven by the trace: they hit the moments where Raft is fragile (a vote
  // just granted, a leader just elected, a leader that just appended an entry). They become
  // ordinary actions in the script, so a replay needs none of this.
  const partitions = faults.includes('partition');
  // Percent chance, per entry a leader appends, of crashing it / cutting it off right after:
  // proposals are few, so each is worth more.
  const snipe = config.load === 'proposals' ? 20 : 3;
  if (faults.includes('crash')) {
    const roles = new Map<string, string>();
    const soon = (at: number, run: () => void) => {
      schedule(at, run);
      c.interrupt();
    };
    const crashAt = (id: string, at: number, downFor: number) =>
      soon(at, () => {
        if (down.has(id)) return;
        act(() => cluster.crash(id));
        down.add(id);
        schedule(cluster.now + downFor, () => {
          if (!down.has(id)) return;
          act(() => cluster.restart(id));
          down.delete(id);
        });
      });
    // The term of every log entry, per node (index → term), for the Figure 8 trigger below.
    const terms = new Map<string, number[]>();
    const termOf = new Map<string, number>();
    cluster.subscribe((e) => {
      if (e.type === 'append' || e.type === 'truncate') {
        let t = terms.get(e.node);
        if (t === undefined) {
          t = [0];
          terms.set(e.node, t);
        }
        if (t.length > e.from) t.length = e.from;
        if (e.type === 'append') {
          while (t.length < e.from) t.push(0);
          for (const x of e.entries) t.push(x.term);
        }
      }
      if (cluster.now >= stableStart) return;
      if (e.type === 'role') {
        roles.set(e.node, e.role);
        termOf.set(e.node, e.term);
        if (e.role === 'leader' && chance(rng, 0.15)) crashAt(e.node, e.at + uniformInt(rng, 0, 300), uniformInt(rng, 1, 2000));
      } else if (e.type === 'vote') {
        // Bounce the voter: down for a moment, then back (its vote must survive: Figure 2).
        // Most often when another candidate of the same term is still asking for votes.
        let split = false;
        if (e.votedFor !== e.node) {
          for (const [id, r] of roles) if (r === 'candidate' && id !== e.votedFor && termOf.get(id) === e.term) split = true;
        }
        if (chance(rng, split ? 0.5 : 0.04)) crashAt(e.node, e.at + uniformInt(rng, 0, 2), uniformInt(rng, 1, split ? 15 : 40));
      } else if (e.type === 'append' && roles.get(e.node) === 'leader') {
        // A leader that dies or is cut off right after appending leaves an uncommitted entry
        // on a minority: the start of Figure 8.
        const roll = uniformInt(rng, 0, 99);
        if (roll < snipe) crashAt(e.node, e.at + uniformInt(rng, 0, 40), uniformInt(rng, 1, 2000));
        else if (roll < 2 * snipe && partitions) {
          const id = e.node;
          soon(e.at + uniformInt(rng, 0, 10), () => {
            act(() => cluster.partition([[id]]));
            schedule(cluster.now + uniformInt(rng, 100, 2000), () => act(() => cluster.heal()));
          });
        }
      } else if (e.type === 'commit' && roles.get(e.node) === 'leader') {
        // A leader that dies right after committing, before the followers learn of it. When
        // the entry it just committed is of an earlier term (which correct Raft never does:
        // Figure 8), more often: that is the moment a later leader may erase it.
        const oldTerm = (terms.get(e.node)?.[e.commitIndex] ?? 0) < (termOf.get(e.node) ?? 0);
        if (chance(rng, oldTerm ? 0.5 : 0.03)) crashAt(e.node, e.at + uniformInt(rng, 0, 20), uniformInt(rng, 1, 2000));
      } else if (e.type === 'crash') {
        roles.set(e.node, 'follower');
      }
    });
  }

  let nextFault = uniformInt(rng, 100, 700);
  let nextRequest = uniformInt(rng, 100, 900);
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
      nextRequest = t + (config.load === 'clients' ? uniformInt(rng, 100, 900) : uniformInt(rng, 50, 1500));
    } else {
      if (faults.length > 0) inject(pick(rng, faults));
      nextFault = t + uniformInt(rng, 100, 700);
    }
  }

  // The stable period: everything healed and restarted, a normal network.
  if (c.failure() === null) {
    act(() => cluster.heal());
    act(() =>
      cluster.setNetwork({ lossRate: 0, duplicateRate: 0, manual: false, latencyMin: base.latencyMin, latencyMax: base.latencyMax }),
    );
    for (const link of touchedLinks) {
      const [from, to] = link.split('\n');
      act(() => cluster.setLink(from, to, { lossRate: 0 }));
    }
    for (const id of ids()) {
      if (down.has(id)) act(() => cluster.restart(id));
    }
    down.clear();
  }
  c.advance(config.ms - lagMs);
  const target = c.failure() === null ? liveTarget(cluster) : 0;
  c.advance(config.ms);
  const result = finish(c, target, lagMs, config);
  const scenario: Scenario = { v: 1, engine: ENGINE, options: cluster.options, actions: cluster.actions() };
  return { seed, scenario, until: config.ms, stableStart, ...result };
}

// -----------------------------------------------------------------------------------------------
// Replay and shrinking

/** Applies one recorded action through the scripting API, as its live call (which validates it). */
function applyAction(cluster: Cluster, a: Action): void {
  cluster.apply(a);
}

export interface ReplayResult extends RunResult {
  /** The action script that took effect (interactive replays skip actions the API refuses). */
  actions: Action[];
}

/**
 * Replays a scenario with every check on. 'script' hands the actions to createCluster (exactly
 * what the visual simulator does with a shared scenario); 'interactive' applies them one by one
 * through the API and skips those it refuses (a message id no longer on the wire once earlier
 * actions were removed), which is what shrinking needs.
 */
export function replay(spec: ReplaySpec, mode: 'script' | 'interactive' = 'script'): ReplayResult {
  const { options, actions } = spec.scenario;
  const maxEvents = spec.maxEvents ?? defaultMaxEvents(spec.until, options.nodes.length);
  let c: Checked;
  try {
    c = checked(options, mode === 'script' ? actions : undefined, maxEvents);
  } catch (e) {
    return {
      failure: { kind: 'error', at: 0, message: `The scenario does not load: ${e instanceof Error ? e.message : String(e)}` },
      stats: { events: 0, operations: 0, completed: 0, linearizability: 'skipped' },
      actions: [],
    };
  }
  const { cluster } = c;
  const lagMs = lagFor(spec.until - spec.stableStart);
  const liveness = spec.liveness && spec.until > spec.stableStart;
  const checkAt = liveness ? spec.until - lagMs : spec.until;
  let target = 0;
  let checkedTarget = false;
  const runTo = (t: number) => {
    if (!checkedTarget && t >= checkAt) {
      c.advance(checkAt);
      target = liveness && c.failure() === null ? liveTarget(cluster) : 0;
      checkedTarget = true;
    }
    c.advance(t);
  };
  if (mode === 'interactive') {
    for (const a of actions) {
      if (a.at > spec.until || c.failure() !== null) break;
      runTo(a.at);
      if (c.failure() !== null) break;
      try {
        applyAction(cluster, a);
      } catch {
        /* refused by the API: skipped */
      }
    }
  }
  runTo(spec.until);
  const result = finish(c, target, lagMs, {
    liveness,
    linearizability: spec.linearizability,
    linearizabilityTimeLimitMs: spec.linearizabilityTimeLimitMs ?? 10_000,
  });
  return { ...result, actions: cluster.actions().filter((a) => a.at <= spec.until) };
}

/** Does `b` fail the same way as `a` (same kind, same property)? */
export function sameFailure(a: FuzzFailure, b: FuzzFailure | null): boolean {
  if (b === null || a.kind !== b.kind) return false;
  if (a.kind === 'safety') return a.property === b.property;
  return true;
}

export interface ShrinkResult {
  spec: ReplaySpec;
  failure: FuzzFailure;
  /** Replays tried. */
  attempts: number;
  /** False when the original scenario did not fail again on replay (a determinism bug). */
  reproduced: boolean;
}

export interface ShrinkOptions {
  /** Stop after this many replays. Default 1000. */
  maxAttempts?: number;
  /** Called after each accepted simplification. */
  onProgress?: (spec: ReplaySpec, failure: FuzzFailure, attempts: number) => void;
}

function withoutNode(s: Scenario, id: string): Scenario {
  const nodes = s.options.nodes.filter((n) => n !== id);
  const initial = { ...s.options.initial };
  delete initial[id];
  const actions: Action[] = [];
  for (const a of s.actions) {
    if ('node' in a && a.node === id) continue;
    if (a.type === 'setLink' && (a.from === id || a.to === id)) continue;
    if (a.type === 'request' && a.to === id) {
      const { to: _to, ...rest } = a;
      actions.push(rest);
      continue;
    }
    if (a.type === 'partition') {
      const groups = a.groups.map((g) => g.filter((n) => n !== id)).filter((g) => g.length > 0);
      actions.push({ ...a, groups });
      continue;
    }
    actions.push(a);
  }
  return { ...s, options: { ...s.options, nodes, initial }, actions };
}

const MESSAGE_ACTIONS: ReadonlySet<Action['type']> = new Set(['deliver', 'drop', 'duplicate', 'delay']);

/**
 * Shrinks a failing scenario while it still fails the same way (same kind; same property for
 * safety): an earlier end (the moment of a safety violation), fewer actions (whole kinds of
 * action, then halves, quarters … single actions), fewer nodes, less client load, extensions
 * off. Deterministic: the same input gives the same result. The result replays as a script.
 */
export function shrink(start: ReplaySpec, expected: FuzzFailure, options: ShrinkOptions = {}): ShrinkResult {
  const maxAttempts = options.maxAttempts ?? 1000;
  let attempts = 1;
  const first = replay(start);
  if (first.failure === null || !sameFailure(expected, first.failure)) {
    return { spec: start, failure: first.failure ?? expected, attempts, reproduced: false };
  }
  let best = start;
  let failure: FuzzFailure = first.failure;
  const keepsStable = failure.kind === 'liveness' || failure.kind === 'linearizability';

  const tryIt = (candidate: ReplaySpec): boolean => {
    if (attempts >= maxAttempts) return false;
    attempts++;
    const r = replay(candidate, 'interactive');
    if (!sameFailure(expected, r.failure) || r.failure === null) return false;
    // Keep the script that actually took effect, and check that it replays as a script too.
    const cleaned: ReplaySpec = { ...candidate, scenario: { ...candidate.scenario, actions: r.actions } };
    attempts++;
    const again = replay(cleaned);
    if (!sameFailure(expected, again.failure) || again.failure === null) return false;
    best = cleaned;
    failure = again.failure;
    options.onProgress?.(best, failure, attempts);
    return true;
  };
  const withActions = (actions: Action[]): ReplaySpec => ({ ...best, scenario: { ...best.scenario, actions } });

  const cutEnd = (): void => {
    if (keepsStable || failure.at >= best.until) return;
    const until = failure.at;
    tryIt({ ...withActions(best.scenario.actions.filter((a) => a.at <= until)), until, stableStart: Math.min(best.stableStart, until) });
  };
  const removable = (a: Action) => !keepsStable || a.at < best.stableStart;

  const dropKinds = (): void => {
    const kinds: ((a: Action) => boolean)[] = [
      (a) => MESSAGE_ACTIONS.has(a.type) || (a.type === 'setNetwork' && a.network.manual !== undefined),
      (a) => a.type === 'setNetwork',
      (a) => a.type === 'setLink',
      (a) => a.type === 'partition' || a.type === 'heal',
      (a) => a.type === 'request',
      (a) => a.type === 'timeout',
      (a) => a.type === 'propose',
    ];
    for (const kind of kinds) {
      const kept = best.scenario.actions.filter((a) => !(kind(a) && removable(a)));
      if (kept.length < best.scenario.actions.length && tryIt(withActions(kept))) cutEnd();
    }
  };

  const dropChunks = (): void => {
    let chunk = Math.max(1, Math.floor(best.scenario.actions.length / 2));
    while (chunk >= 1 && attempts < maxAttempts) {
      let i = 0;
      while (i < best.scenario.actions.length && attempts < maxAttempts) {
        const actions = best.scenario.actions;
        const slice = actions.slice(i, i + chunk);
        if (!slice.some(removable)) {
          i += chunk;
          continue;
        }
        const kept = [...actions.slice(0, i), ...slice.filter((a) => !removable(a)), ...actions.slice(i + chunk)];
        if (tryIt(withActions(kept))) cutEnd();
        else i += chunk;
      }
      chunk = Math.floor(chunk / 2);
    }
  };

  const fewerNodes = (): void => {
    for (const id of [...best.scenario.options.nodes].reverse()) {
      if (best.scenario.options.nodes.length <= 1 || attempts >= maxAttempts) return;
      if (tryIt({ ...best, scenario: withoutNode(best.scenario, id) })) cutEnd();
    }
  };

  const simpler = (): void => {
    const edits: ((o: ResolvedOptions) => ResolvedOptions | null)[] = [
      (o) => (o.workload.clients > 1 ? { ...o, workload: { ...o.workload, clients: 1 } } : null),
      (o) => (o.workload.clients > 0 ? { ...o, workload: { ...o.workload, clients: 0, opsPerSecond: 0 } } : null),
      (o) => (o.features.snapshotThreshold > 0 ? { ...o, features: { ...o.features, snapshotThreshold: 0 } } : null),
      (o) => (o.features.preVote ? { ...o, features: { ...o.features, preVote: false } } : null),
      (o) => (o.features.checkQuorum ? { ...o, features: { ...o.features, checkQuorum: false } } : null),
      (o) => (o.features.readIndex ? { ...o, features: { ...o.features, readIndex: false } } : null),
    ];
    for (const edit of edits) {
      const options = edit(best.scenario.options);
      if (options !== null && tryIt({ ...best, scenario: { ...best.scenario, options } })) cutEnd();
    }
  };

  cutEnd();
  dropKinds();
  dropChunks();
  fewerNodes();
  simpler();
  dropChunks();
  return { spec: best, failure, attempts, reproduced: true };
}

/** A short human summary of a failure, for the CLI and the UI. */
export function describeFailure(f: FuzzFailure): string {
  switch (f.kind) {
    case 'safety':
      return f.message;
    case 'liveness':
      return `Liveness: ${f.message}`;
    case 'linearizability':
      return `Linearizability: ${f.message}`;
    case 'error':
      return `Error: ${f.message}`;
  }
}
