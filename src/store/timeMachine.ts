// The time machine: owns the live Cluster of the displayed run, its checkpoints, the trace of
// everything that happened on the current branch, and the action script (DESIGN.md,
// "Determinism is the product").
//
// - The cluster is created WITHOUT a script; the time machine applies the actions itself at
//   their times through the public API (cluster.apply: each action as its live call). An action at time a acts after the events due at a,
//   exactly as a replayed script does, so the run is the same as createCluster(options,
//   actions) — and checkpoints hold no script, so they stay valid on every branch that shares
//   their past.
// - A "step" is one cluster.step() or one action. Checkpoints are taken between steps at
//   moments when nothing more is due at `now` (every CHECKPOINT_INTERVAL ms of simulated time).
// - seek(t) restores the last checkpoint at or before t and replays. Events that a replay
//   emits again are already in the trace (the run is deterministic), so they are skipped by
//   counting: the trace is an append-only list truncated only when the future changes.
// - Acting while in the past truncates the script at `now`: the old future is kept as a
//   branch, and undo/redo move between scripts.
// - A script action the cluster refuses when its time comes (the live call throws: the same
//   check a scripted action gets in createCluster) is skipped and listed once (`refused`), as
//   cluster.refusedActions() lists it; the panes show the list (skippedActions).
// Holds no protocol logic and nothing from React.

import { createCluster, restoreCluster } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ClusterState, RefusedAction, ResolvedOptions, TraceEvent } from '../sim/index.ts';
import { describeAction } from './describe.ts';
import { refusalReason } from './skipped.ts';
import { allTouched, touch, type Touched } from './touched.ts';
import { checkpointsToKeep, insertionPoint, lastWhere, THIN_EVERY } from './checkpoints.ts';
import { WindowedTrace } from './traceWindow.ts';
import { replayEvents } from './replayEvents.ts';

// Kept importable from here (the app, the panes and the view import them from the time machine).
export { describeAction } from './describe.ts';
export { skippedActions, type SkippedAction } from './skipped.ts';
export type { Touched } from './touched.ts';

export const CHECKPOINT_INTERVAL = 250;

export interface Checkpoint {
  /** cluster.now when it was taken; nothing more was due at that time. */
  at: number;
  steps: number;
  actionIndex: number;
  traceLength: number;
  state: ClusterState;
}

export interface Branch {
  id: number;
  /** The whole action script of that future. */
  actions: Action[];
  /** Simulated time at which it was left for another future. */
  leftAt: number;
  label: string;
}

interface UndoEntry {
  actions: Action[];
  /** Where to show the run after moving to `actions`. */
  at: number;
}

export type TraceListener = (e: TraceEvent) => void;

function sameAction(a: Action, b: Action): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class TimeMachine {
  readonly options: ResolvedOptions;
  /**
   * Every trace event of the current branch, in order, up to `horizon`; windowed: events far
   * from the displayed time and the horizon are recomputed from checkpoints when read (traceWindow.ts).
   */
  readonly trace = new WindowedTrace((from, to, sink) => {
    replayEvents(this.lastCheckpoint((c) => c.traceLength <= from), this.script, from, to, sink);
  });
  private script: Action[];
  private live: Cluster;
  private unsubscribeLive: () => void = () => {};
  private checkpoints: Checkpoint[] = [];
  private sinceThinning = 0;
  private traceCursor = 0;
  private stepCount = 0;
  private actionIndex = 0;
  private horizonAt = 0;
  private touched: Touched = allTouched();
  private readonly listeners = new Set<TraceListener>();
  private readonly truncateListeners = new Set<(length: number) => void>();
  private captured: Action[] | null = null;
  private branchList: Branch[] = [];
  private nextBranchId = 1;
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  /** Bumped on every change of the live cluster's state (step, restore, action). */
  revision = 0;
  /** Bumped whenever the trace is cut back (indexes over it must be rebuilt). */
  generation = 0;
  /** Errors of script actions that could not be applied on replay (bad scenario files). */
  readonly replayErrors: string[] = [];
  /**
   * Script actions refused on replay, by their index in the script, with the reason: each once,
   * however often it is replayed (compare pane B replays pane A's script, in which a message
   * id or a client may not exist).
   */
  private refusedActions = new Map<number, string>();
  readonly checkpointInterval: number;

  constructor(options?: ClusterOptions | ResolvedOptions, actions: Action[] = [], checkpointInterval = CHECKPOINT_INTERVAL) {
    // Validates options and script the same way the scripting API does (throws on bad input).
    const probe = createCluster(options, actions);
    this.options = probe.options;
    this.script = probe.actions();
    this.checkpointInterval = checkpointInterval;
    this.live = createCluster(this.options);
    this.attach();
    this.takeCheckpoint();
  }

  // ------------------------------------------------------------------ reading

  get cluster(): Cluster {
    return this.live;
  }
  get now(): number {
    return this.live.now;
  }
  get steps(): number {
    return this.stepCount;
  }
  /** The furthest simulated time computed on this branch. */
  get horizon(): number {
    return Math.max(this.horizonAt, this.live.now);
  }
  /** Trace events that have happened at the displayed moment: trace[0 .. traceLength). */
  get traceLength(): number {
    return this.traceCursor;
  }
  get actions(): readonly Action[] {
    return this.script;
  }
  /** Actions already applied at the displayed moment. */
  get appliedActions(): number {
    return this.actionIndex;
  }
  /** Actions of the script that lie in the future of the displayed moment. */
  get futureActions(): number {
    return this.script.length - this.actionIndex;
  }
  get branches(): readonly Branch[] {
    return this.branchList;
  }
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get checkpointCount(): number {
    return this.checkpoints.length;
  }
  /** Script actions refused on replay so far (index in the script → reason), in script order. */
  get refused(): ReadonlyMap<number, string> {
    return this.refusedActions;
  }
  /** cluster.refusedActions() of this run: the script actions skipped up to the displayed moment, in order. */
  refusedUpToNow(): RefusedAction[] {
    const out: RefusedAction[] = [];
    for (const [index, reason] of this.refusedActions) {
      const action = this.script[index];
      if (index < this.actionIndex && action !== undefined) out.push({ action: structuredClone(action), reason });
    }
    return out;
  }

  takeTouched(): Touched {
    const t = this.touched;
    this.touched = { nodes: new Set(), clients: false, network: false };
    return t;
  }

  /** Listens to new trace events (not replays). */
  onTrace(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Told when the trace is cut back to `length` (the future changed). */
  onTruncate(listener: (length: number) => void): () => void {
    this.truncateListeners.add(listener);
    return () => this.truncateListeners.delete(listener);
  }

  // ------------------------------------------------------------------ running

  /** Time of the next step (event or action), or null when nothing is pending. */
  nextStepAt(): number | null {
    const e = this.live.nextEventAt();
    const a = this.script[this.actionIndex];
    if (a === undefined) return e;
    if (e === null) return a.at;
    return Math.min(e, a.at);
  }

  /** Processes exactly one event or action. False when nothing is pending. */
  stepOnce(): boolean {
    const e = this.live.nextEventAt();
    const a = this.script[this.actionIndex];
    if (a !== undefined && (e === null || a.at < e)) {
      if (a.at > this.live.now) this.live.runFor(a.at - this.live.now);
      this.actionIndex++;
      this.stepCount++;
      try {
        this.live.apply(a); // as the live call would: refused, it throws and changes nothing
      } catch (err) {
        const reason = refusalReason(a, err);
        this.replayErrors.push(`t=${a.at} ms ${describeAction(a)}: ${reason}`);
        if (!this.refusedActions.has(this.actionIndex - 1)) {
          // a new Map, so a reader can tell the list changed by its identity
          this.refusedActions = new Map(this.refusedActions).set(this.actionIndex - 1, reason);
        }
      }
      this.revision++;
      this.bumpHorizon();
      return true;
    }
    if (e === null) return false;
    this.live.step();
    this.stepCount++;
    this.revision++;
    this.bumpHorizon();
    return true;
  }

  /** Runs forward to time t (an integer ≥ now): every step due at or before t, then now = t. */
  runTo(t: number): void {
    const target = Math.floor(t);
    for (;;) {
      const x = this.nextStepAt();
      if (x === null || x > target) break;
      this.maybeCheckpoint(x);
      this.stepOnce();
    }
    if (target > this.live.now) {
      this.live.runFor(target - this.live.now);
      this.revision++;
    }
    this.bumpHorizon();
  }

  /** Shows the run at time t: forwards by running, backwards by restoring a checkpoint. */
  seek(t: number): void {
    const target = Math.max(0, Math.floor(t));
    const cp = this.lastCheckpoint((c) => c.at <= target);
    // backwards: restore; forwards past a checkpoint: jump to it rather than replay the way
    if (target < this.live.now || (cp.at > this.live.now && cp.steps > this.stepCount)) this.restore(cp);
    this.runTo(target);
    this.trace.thin([this.live.now, this.horizon], this.horizon);
  }

  /** Back by one step (event or action). */
  stepBack(): boolean {
    if (this.stepCount === 0) return false;
    const target = this.stepCount - 1;
    this.restore(this.lastCheckpoint((cp) => cp.steps <= target));
    while (this.stepCount < target && this.stepOnce()) {
      /* replaying */
    }
    return true;
  }

  /**
   * Steps until a new trace event satisfies `match`, or `maxMs` of simulated time pass.
   * Returns the matching event, or null.
   */
  stepUntil(match: (e: TraceEvent) => boolean, maxMs: number): TraceEvent | null {
    const limit = this.live.now + maxMs;
    const from = this.traceCursor;
    for (;;) {
      const x = this.nextStepAt();
      if (x === null || x > limit) {
        this.runTo(limit);
        return null;
      }
      this.maybeCheckpoint(x);
      const before = this.traceCursor;
      this.stepOnce();
      for (let i = Math.max(before, from); i < this.traceCursor; i++) {
        const e = this.trace.get(i);
        if (match(e)) {
          // finish what else is due at this instant, so the moment is complete
          this.settleNow();
          return e;
        }
      }
    }
  }

  /** Runs until `done` holds (asked every `every` ms of simulated time) or maxMs pass. */
  runUntil(done: (c: Cluster) => boolean, maxMs: number, every = 1): boolean {
    const limit = this.live.now + maxMs;
    if (done(this.live)) return true;
    while (this.live.now < limit) {
      this.runTo(Math.min(limit, this.live.now + every));
      if (done(this.live)) return true;
    }
    return done(this.live);
  }

  /** Processes whatever is still due at `now` (after single-stepping into the middle of an instant). */
  settleNow(): void {
    this.runTo(this.live.now);
  }

  // ------------------------------------------------------------------ acting

  /**
   * Does a user action on the live cluster at `now`. `perform` calls one mutating method of
   * the scripting API; the action(s) the cluster records are appended to the script. Acting
   * in the past drops the script's future (kept as a branch). Errors from validation are
   * rethrown and change nothing recorded.
   */
  act<T>(perform: (c: Cluster) => T): T {
    this.settleNow();
    const oldScript = this.script;
    const hadFuture = this.actionIndex < this.script.length;
    // The computed future (trace, checkpoints) is about to change.
    this.truncateTrace(this.traceCursor);
    this.checkpoints = this.checkpoints.filter((cp) => cp.steps <= this.stepCount);
    this.horizonAt = this.live.now;
    this.captured = [];
    let result: T;
    let recorded: Action[];
    try {
      result = perform(this.live);
    } finally {
      recorded = this.captured;
      this.captured = null;
      this.revision++;
    }
    if (recorded.length === 0) return result;
    if (hadFuture) {
      this.keepBranch(oldScript, this.live.now);
    }
    this.undoStack.push({ actions: oldScript, at: recorded[0].at });
    if (this.undoStack.length > 500) this.undoStack.shift();
    this.redoStack = [];
    this.script = [...oldScript.slice(0, this.actionIndex), ...recorded];
    this.actionIndex = this.script.length;
    this.stepCount += 1;
    return result;
  }

  private keepBranch(actions: Action[], leftAt: number): void {
    if (this.branchList.some((b) => b.actions.length === actions.length && b.actions.every((a, i) => sameAction(a, actions[i])))) {
      return;
    }
    const id = this.nextBranchId++;
    const last = actions[actions.length - 1];
    this.branchList.push({
      id,
      actions,
      leftAt,
      label: `branch ${id}: ${actions.length} action${actions.length === 1 ? '' : 's'}${last !== undefined ? `, last ${describeAction(last)} at ${last.at} ms` : ''}`,
    });
  }

  /** Undoes the last user action: the script without it, shown at the moment it was done. */
  undo(): boolean {
    const entry = this.undoStack.pop();
    if (entry === undefined) return false;
    const last = this.script[this.script.length - 1];
    this.redoStack.push({ actions: this.script, at: last?.at ?? entry.at });
    this.setScript(entry.actions, entry.at);
    return true;
  }

  redo(): boolean {
    const entry = this.redoStack.pop();
    if (entry === undefined) return false;
    this.undoStack.push({ actions: this.script, at: entry.at });
    this.setScript(entry.actions, entry.at);
    return true;
  }

  /** Switches to a kept branch (the current future is kept as a branch in turn). */
  switchBranch(id: number, at?: number): boolean {
    const b = this.branchList.find((x) => x.id === id);
    if (b === undefined) return false;
    this.branchList = this.branchList.filter((x) => x.id !== id);
    this.keepBranch(this.script, this.live.now);
    this.undoStack.push({ actions: this.script, at: this.live.now });
    this.redoStack = [];
    this.setScript(b.actions, at ?? this.live.now);
    return true;
  }

  /**
   * Replaces the script, keeping the checkpoints and trace of the common past, and shows
   * the run at time `at`.
   */
  setScript(actions: Action[], at: number): void {
    const old = this.script;
    let k = 0;
    while (k < old.length && k < actions.length && sameAction(old[k], actions[k])) k++;
    const limitAt = Math.min(old[k]?.at ?? Infinity, actions[k]?.at ?? Infinity);
    this.script = actions.slice();
    if ([...this.refusedActions.keys()].some((i) => i >= k)) {
      this.refusedActions = new Map([...this.refusedActions].filter(([i]) => i < k));
    }
    const valid = this.checkpoints.filter((cp) => cp.actionIndex <= k && cp.at <= limitAt);
    // The trace computed beyond limitAt (the horizon) belongs to the old script: recompute it.
    if (valid.length !== this.checkpoints.length || this.actionIndex > k || this.live.now > limitAt || this.horizon > limitAt) {
      this.checkpoints = valid.length > 0 ? valid : this.checkpoints.slice(0, 1);
      const cp = this.checkpoints[this.checkpoints.length - 1];
      this.truncateTrace(cp.traceLength);
      this.horizonAt = cp.at;
      this.restore(cp);
    }
    this.seek(at);
  }

  // ------------------------------------------------------------------ internals

  private attach(): void {
    this.unsubscribeLive();
    this.unsubscribeLive = this.live.subscribe((e) => this.receive(e));
  }

  private receive(e: TraceEvent): void {
    if (e.type === 'action' && this.captured !== null) this.captured.push(e.action);
    touch(this.touched, e);
    if (this.traceCursor < this.trace.length) {
      this.trace.replayed(this.traceCursor, e); // a replay of an event already in the trace
      this.traceCursor++;
      return;
    }
    this.trace.push(e);
    this.traceCursor++;
    for (const l of this.listeners) l(e);
  }

  private truncateTrace(length: number): void {
    if (this.trace.length <= length) return;
    this.trace.truncate(length);
    this.generation++;
    for (const l of this.truncateListeners) l(length);
  }

  private bumpHorizon(): void {
    if (this.live.now > this.horizonAt) this.horizonAt = this.live.now;
  }

  private takeCheckpoint(): void {
    this.checkpoints.push(this.checkpointHere());
  }

  private checkpointHere(): Checkpoint {
    return { at: this.live.now, steps: this.stepCount, actionIndex: this.actionIndex, traceLength: this.traceCursor, state: this.live.checkpoint() };
  }

  /**
   * Before a step at time x: checkpoint if no checkpoint lies within an interval of now — at the
   * end while computing, or in a gap left by thinning while replaying (checkpoints.ts).
   */
  private maybeCheckpoint(x: number): void {
    if (x <= this.live.now) return;
    const pos = insertionPoint(this.checkpoints, this.live.now, this.stepCount, this.checkpointInterval);
    if (pos < 0) return;
    this.checkpoints.splice(pos, 0, this.checkpointHere());
    if (++this.sinceThinning >= THIN_EVERY) {
      this.sinceThinning = 0;
      const keep = checkpointsToKeep(this.checkpoints.map((cp) => cp.at), [this.live.now, this.horizon]);
      if (keep.length < this.checkpoints.length) this.checkpoints = keep.map((i) => this.checkpoints[i]);
      this.trace.thin([this.live.now, this.horizon], this.horizon);
    }
  }

  private lastCheckpoint(ok: (cp: Checkpoint) => boolean): Checkpoint {
    return lastWhere(this.checkpoints, ok);
  }

  private restore(cp: Checkpoint): void {
    this.live = restoreCluster(cp.state);
    this.attach();
    this.stepCount = cp.steps;
    this.actionIndex = cp.actionIndex;
    this.traceCursor = cp.traceLength;
    this.touched = allTouched();
    this.revision++;
  }

  dispose(): void {
    this.unsubscribeLive();
    this.listeners.clear();
    this.truncateListeners.clear();
  }
}
