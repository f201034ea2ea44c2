// window.raftlab: the console scripting handle. `cluster` is the live cluster with the full
// scripting API (DESIGN.md); calls that change it go through the time machine, so they are
// recorded in the action script exactly like clicks, and time advanced through it moves the
// displayed time. It stays valid across seeks and restarts (it always speaks to the current run).

import type {
  Action,
  ActionInput,
  ClientOp,
  ClientRecord,
  Cluster,
  ClusterState,
  LinkOptions,
  MessageView,
  NetworkOptions,
  NetworkView,
  NodeView,
  ProposeResult,
  RequestOptions,
  ResolvedOptions,
  TraceEvent,
} from '../sim/index.ts';
import type { EngineId, Scenario } from '../scenario/format.ts';
import type { ClusterOptions } from '../sim/index.ts';
import { sync, useApp } from './app.ts';
import { pause, play, seek, setSpeed } from './playback.ts';
import { act, restartScenario } from './actions.ts';
import { currentShareUrl, currentScenarioOf, loadScenario } from './share.ts';
import { withChange } from '../scenario/compare.ts';
import { compareSession, enterCompare, exitCompare, useCompare, type RefusedAction } from './compare.ts';
import { session } from './session.ts';
import { challengeList, challengeStatus, createChallengeConsole, type ChallengeConsole, type ChallengeStatus } from './challengeConsole.ts';

function live(): Cluster {
  return session().tm.cluster;
}

/** Runs an action; rethrows its error for the console (the UI also shows it). */
function mutate<T>(perform: (c: Cluster) => T): T {
  let error: unknown = null;
  const result = act((c) => {
    try {
      return perform(c);
    } catch (err) {
      error = err;
      throw err;
    }
  });
  if (error !== null) throw error instanceof Error ? error : new Error(String(error));
  return result as T;
}

function afterRun(): void {
  sync({ displayedTime: session().tm.now });
}

export function createScriptingCluster(): Cluster {
  const listeners = new Set<(e: TraceEvent) => void>();
  let offTrace: (() => void) | null = null;
  let attachedTo: unknown = null;
  const ensureForwarding = () => {
    const s = session();
    if (attachedTo === s) return;
    offTrace?.();
    attachedTo = s;
    offTrace = s.tm.onTrace((e) => {
      for (const l of listeners) l(e);
    });
  };
  // a restart (new settings) makes a new session: keep forwarding to existing listeners
  useApp.subscribe((s, prev) => {
    if (s.options !== prev.options && listeners.size > 0) ensureForwarding();
  });
  const facade: Cluster = {
    get now(): number {
      return live().now;
    },
    get ids(): readonly string[] {
      return live().ids;
    },
    get options(): ResolvedOptions {
      return live().options;
    },
    get eventsProcessed(): number {
      return live().eventsProcessed;
    },
    node: (id: string): NodeView => live().node(id),
    peek: (id: string): NodeView => live().peek(id),
    leader: (): string | null => live().leader(),
    disk: (id: string) => live().disk(id),
    history: (): ClientRecord[] => live().history(),
    inFlight: (): MessageView[] => live().inFlight(),
    actions: (): Action[] => structuredClone([...session().tm.actions]),
    refusedActions: () => session().tm.refusedUpToNow(), // the script actions the replay skipped (none until one is refused)
    nextEventAt: (): number | null => session().tm.nextStepAt(),
    network: (): NetworkView => live().network(),
    checkpoint: (): ClusterState => live().checkpoint(),
    step: (): boolean => {
      const r = session().tm.stepOnce();
      afterRun();
      return r;
    },
    runFor: (ms: number): void => {
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) {
        throw new Error(`runFor: ms must be a non-negative integer number of milliseconds, got ${String(ms)}`);
      }
      const { tm } = session();
      tm.runTo(tm.now + ms);
      afterRun();
    },
    runUntil: (done: (c: Cluster) => boolean, maxMs: number): boolean => {
      if (typeof done !== 'function') throw new Error('runUntil: done: must be a function');
      const { tm } = session();
      const limit = tm.now + maxMs;
      let ok = done(facade);
      while (!ok) {
        const x = tm.nextStepAt();
        if (x === null || x > limit) {
          tm.runTo(limit);
          ok = done(facade);
          break;
        }
        tm.stepOnce();
        ok = done(facade);
      }
      afterRun();
      return ok;
    },
    crash: (id: string) => mutate((c) => c.crash(id)),
    restart: (id: string) => mutate((c) => c.restart(id)),
    partition: (groups: string[][]) => mutate((c) => c.partition(groups)),
    heal: () => mutate((c) => c.heal()),
    setNetwork: (o: NetworkOptions) => mutate((c) => c.setNetwork(o)),
    setLink: (from: string, to: string, link: LinkOptions) => mutate((c) => c.setLink(from, to, link)),
    timeout: (id: string) => mutate((c) => c.timeout(id)),
    fireTimer: (id: string, timer: 'election' | 'heartbeat') => mutate((c) => c.fireTimer(id, timer)),
    propose: (id: string, command: unknown): ProposeResult => mutate((c) => c.propose(id, command)),
    request: (op: ClientOp, opts?: RequestOptions): number => mutate((c) => c.request(op, opts)),
    deliver: (id: number) => mutate((c) => c.deliver(id)),
    drop: (id: number) => mutate((c) => c.drop(id)),
    duplicate: (id: number) => mutate((c) => c.duplicate(id)),
    delay: (id: number, ms: number) => mutate((c) => c.delay(id, ms)),
    addServer: (id: string) => mutate((c) => c.addServer(id)),
    removeServer: (id: string) => mutate((c) => c.removeServer(id)),
    transferLeadership: (to: string) => mutate((c) => c.transferLeadership(to)),
    apply: (action: ActionInput) => mutate((c) => c.apply(action)),
    subscribe: (listener: (e: TraceEvent) => void): (() => void) => {
      if (typeof listener !== 'function') throw new Error('subscribe: listener: must be a function');
      ensureForwarding();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return facade;
}

/** What `raftlab.comparison()` reports while comparing side by side. */
export interface ComparisonView {
  /** Pane B's options (resolved). */
  options: ResolvedOptions;
  /** Each pane's difference in words, e.g. { a: 'PreVote off', b: 'PreVote on' }. */
  titles: { a: string; b: string };
  /** Pane B's simulated time (pane A's displayed time, whole ms). */
  now: number;
  /** Pane B's leader. */
  leader: string | null;
  /** The first differing event, once found (null: none found yet, or none). */
  divergence: { at: number; a: TraceEvent | null; b: TraceEvent | null } | null;
  /** Actions of the script pane B skipped, up to the displayed time. */
  skipped: RefusedAction[];
}

/** What `raftlab.load(…)` returns. */
export interface LoadReport {
  /** The engine the scenario was made with ('raftlab-1' for a link or file without one). */
  recordedWith: EngineId;
  /** Present when that is an older engine: the run may differ from the one shared. */
  notice?: string;
}

export interface RaftlabHandle {
  readonly cluster: Cluster;
  play(): void;
  pause(): void;
  seek(t: number): void;
  setSpeed(x: number): void;
  readonly displayedTime: number;
  readonly speed: number;
  readonly playing: boolean;
  /** Restarts from time 0 with these options (and optionally an action script). */
  restart(options?: ClusterOptions, actions?: Action[]): void;
  /**
   * Loads a scenario: an object, a share link, a "#s=…" hash, or a scenario file's JSON text.
   * Throws with a clear message when it cannot be opened. Returns the engine it was made with
   * and, when that is older than this page's, the notice also shown on screen (and logged).
   */
  load(input: unknown): LoadReport;
  /** The current scenario: resolved options and the action script so far. */
  scenario(): Scenario;
  /** A link that opens exactly this run at the displayed time. */
  shareUrl(): string;
  /**
   * Compare side by side: pane B replays this run with some options changed
   * (`{ features: { preVote: true } }`); null goes back to one pane.
   */
  compare(change: ClusterOptions | null): void;
  /** The comparison on screen, or null. */
  comparison(): ComparisonView | null;
  /**
   * Runs an experiment (a spec, or a built-in's id such as 'figure-16') on Web Workers; resolves
   * to per-value statistics and every trial as { seed, metric, link } (docs/experiments.md).
   */
  experiment(spec: unknown, opts?: { workers?: number; trials?: number; links?: boolean }): Promise<unknown>;
  /**
   * Challenges (docs/challenges.md): `challenge(id)` opens one; `challenge.list()`,
   * `challenge.open(x)`, `challenge.status()`, `challenge.grade()`.
   */
  readonly challenge: ChallengeConsole;
  /** The built-in challenges: { id, title, topic }. */
  challenges(): { id: string; title: string; topic: string }[];
  /** The open challenge's { id, solved, actionsUsed, budget, broken, … }, or null. */
  challengeStatus(): ChallengeStatus | null;
}

export function createRaftlabHandle(): RaftlabHandle {
  const cluster = createScriptingCluster();
  return {
    cluster,
    play,
    pause,
    seek: (t: number) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) throw new Error(`seek: t must be a time in ms ≥ 0, got ${String(t)}`);
      seek(t);
    },
    setSpeed: (x: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw new Error(`setSpeed: x must be a positive number (0.01 to 100), got ${String(x)}`);
      setSpeed(x);
    },
    get displayedTime() {
      return useApp.getState().displayedTime;
    },
    get speed() {
      return useApp.getState().speed;
    },
    get playing() {
      return useApp.getState().playing;
    },
    restart: (options?: ClusterOptions, actions: Action[] = []) => {
      if (!restartScenario(options, actions)) throw new Error('restart: these options were refused (see the message on screen)');
    },
    load: (input: unknown): LoadReport => {
      const r = loadScenario(input);
      if (!r.ok) throw new Error(r.error);
      if (r.notice === undefined) return { recordedWith: r.recordedWith };
      console.info(`raftlab: ${r.notice}`);
      return { recordedWith: r.recordedWith, notice: r.notice };
    },
    scenario: () => currentScenarioOf(),
    shareUrl: () => currentShareUrl(),
    compare: (change: ClusterOptions | null) => {
      if (change === null) {
        exitCompare();
        return;
      }
      if (typeof change !== 'object') throw new Error('compare: pass the options pane B changes, e.g. { features: { preVote: true } }, or null');
      if (!enterCompare(withChange(session().tm.options, change))) throw new Error('compare: these options were refused (see the message on screen)');
    },
    experiment: (spec: unknown, opts?: { workers?: number; trials?: number; links?: boolean }) =>
      import('../experiment/console.ts').then((m) => m.consoleExperiment(spec, opts)),
    challenge: createChallengeConsole(),
    challenges: challengeList,
    challengeStatus,
    comparison: (): ComparisonView | null => {
      const b = compareSession();
      const c = useCompare.getState();
      if (b === null || !c.active) return null;
      const d = c.divergence;
      return {
        options: structuredClone(b.tm.options),
        titles: { ...c.titles },
        now: b.tm.now,
        leader: b.tm.cluster.leader(),
        divergence: d === null ? null : { at: d.at, a: d.a, b: d.b },
        skipped: c.refused.map((r) => ({ ...r })),
      };
    },
  };
}
