// The goal of a challenge, evaluated over a run's trace one event at a time (the goal language
// of types.ts). Every condition records the simulated time it first held; `all` holds once each
// of its goals has, `any` once one has, and `then` waits for each goal only after the one before
// it held (its goals are watched from that moment on). A `no-leader` goal is a matter of time
// passing, so `advanceTo(t)` asks it between events too.

import type { TraceEvent } from '../sim/index.ts';
import type { Atom, Goal, When } from './types.ts';
import { RunWatch, type WatchNeeds } from './watch.ts';

export interface GoalNode {
  /** Simulated ms when this goal first held, or null. */
  doneAt: number | null;
  /** Before an event changes the run: time-driven conditions up to `t`. */
  advanceTo(t: number, w: RunWatch): void;
  /** After the watch has taken in event `e`. */
  event(e: TraceEvent, w: RunWatch): void;
  /** The goal's conditions (atoms) in order, each with whether it held — for the goal card. */
  atoms(): { atom: Atom; doneAt: number | null }[];
}

function isAtom(g: Goal): g is Atom {
  return 'kind' in g;
}

function whenHolds(when: When | undefined, subject: string | null, w: RunWatch): boolean {
  if (when === undefined) return true;
  if (when.down !== undefined && when.down.some((n) => w.alive.has(n))) return false;
  if (when.upAtMost !== undefined && w.servers.filter((n) => w.alive.has(n)).length > when.upAtMost) return false;
  if (when.partitioned !== undefined) {
    if (subject === null) return false;
    if (when.partitioned.some((n) => n === subject || !w.apart(n, subject))) return false;
  }
  return true;
}

/** Does atom `a` happen at event `e` (the watch has taken it in)? */
function happens(a: Atom, e: TraceEvent, w: RunWatch, since: number): boolean {
  switch (a.kind) {
    case 'leader':
      return e.type === 'role' && e.role === 'leader' && (a.node === undefined || e.node === a.node) && e.term >= (a.minTerm ?? 0) && whenHolds(a.when, e.node, w);
    case 'leaders': {
      if (e.type !== 'role' || e.role !== 'leader') return false;
      const recent = new Set(w.elections.filter((x) => x.at >= since && x.at >= e.at - a.withinMs).map((x) => x.node));
      return recent.size >= a.count;
    }
    case 'step-down': {
      const d = w.facts.stepDown;
      return d !== null && (a.node === undefined || d.node === a.node) && (a.sameTerm !== true || d.sameTerm);
    }
    case 'split-vote':
      return w.facts.splitVote;
    case 'commit': {
      const c = w.facts.commit;
      if (c === null) return false;
      const entry = a.entry ?? 'command';
      if (entry !== 'any' && !c.kinds.has(entry)) return false;
      return whenHolds(a.when, c.node, w);
    }
    case 'read':
      return e.type === 'client-ok' && e.record.op.type === 'get' && whenHolds(a.when, w.leader(), w);
    case 'truncate':
      return e.type === 'truncate' && e.entries.length > 0 && (a.node === undefined || e.node === a.node);
    case 'majority-overwritten':
      return w.facts.majorityOverwritten;
    case 'committed-erased':
      return w.facts.committedErased;
    case 'violation':
      return w.facts.violations.some((v) => a.property === undefined || v.property === a.property);
    case 'stale-read':
      return w.facts.staleRead;
    case 'message': {
      if (e.type !== 'deliver' || e.message.type !== a.type) return false;
      const m = e.message as unknown as Record<string, unknown>;
      if (a.from !== undefined && m.from !== a.from) return false;
      if (a.to !== undefined && m.to !== a.to) return false;
      if (a.granted !== undefined && m.voteGranted !== a.granted) return false;
      if (a.success !== undefined && m.success !== a.success) return false;
      return true;
    }
    case 'no-leader':
      return false; // time-driven: advanceTo
  }
}

class AtomNode implements GoalNode {
  doneAt: number | null = null;
  constructor(
    readonly atom: Atom,
    /** Watched from this moment (a later step of `then`). */
    readonly since: number,
  ) {}
  advanceTo(t: number, w: RunWatch): void {
    if (this.doneAt !== null || this.atom.kind !== 'no-leader' || w.leaderlessSince === null) return;
    const from = Math.max(w.leaderlessSince, this.since);
    if (t - from > this.atom.ms) this.doneAt = from + this.atom.ms + 1;
  }
  event(e: TraceEvent, w: RunWatch): void {
    if (this.doneAt === null && e.at >= this.since && happens(this.atom, e, w, this.since)) this.doneAt = e.at;
  }
  atoms() {
    return [{ atom: this.atom, doneAt: this.doneAt }];
  }
}

class AllAnyNode implements GoalNode {
  constructor(
    readonly children: GoalNode[],
    readonly every: boolean,
  ) {}
  get doneAt(): number | null {
    const times = this.children.map((c) => c.doneAt);
    if (this.every) return times.some((t) => t === null) ? null : Math.max(...(times as number[]));
    const done = times.filter((t): t is number => t !== null);
    return done.length === 0 ? null : Math.min(...done);
  }
  advanceTo(t: number, w: RunWatch): void {
    for (const c of this.children) c.advanceTo(t, w);
  }
  event(e: TraceEvent, w: RunWatch): void {
    for (const c of this.children) c.event(e, w);
  }
  atoms() {
    return this.children.flatMap((c) => c.atoms());
  }
}

class ThenNode implements GoalNode {
  private readonly steps: (GoalNode | null)[];
  private at = 0;
  constructor(
    readonly goals: Goal[],
    since: number,
  ) {
    this.steps = goals.map(() => null);
    this.steps[0] = build(goals[0], since);
  }
  get doneAt(): number | null {
    return this.steps[this.steps.length - 1]?.doneAt ?? null;
  }
  private next(): void {
    // a step that held starts the next one, watched from then on
    let cur = this.steps[this.at];
    while (cur !== null && cur.doneAt !== null && this.at < this.steps.length - 1) {
      this.at++;
      this.steps[this.at] = build(this.goals[this.at], cur.doneAt);
      cur = this.steps[this.at];
    }
  }
  advanceTo(t: number, w: RunWatch): void {
    this.steps[this.at]?.advanceTo(t, w);
    this.next();
  }
  event(e: TraceEvent, w: RunWatch): void {
    // a step started by this very event sees only later events: it happens after the one before
    this.steps[this.at]?.event(e, w);
    this.next();
  }
  atoms() {
    return this.goals.flatMap((g, i) => this.steps[i]?.atoms() ?? atomsOf(g).map((atom) => ({ atom, doneAt: null })));
  }
}

export function atomsOf(g: Goal): Atom[] {
  if (isAtom(g)) return [g];
  const list = 'all' in g ? g.all : 'any' in g ? g.any : g.then;
  return list.flatMap(atomsOf);
}

function build(g: Goal, since: number): GoalNode {
  if (isAtom(g)) return new AtomNode(g, since);
  if ('all' in g) return new AllAnyNode(g.all.map((c) => build(c, since)), true);
  if ('any' in g) return new AllAnyNode(g.any.map((c) => build(c, since)), false);
  return new ThenNode(g.then, since);
}

/** A goal watched over a run: feed it every trace event in order; `doneAt` says when it held. */
export class GoalEvaluator {
  readonly watch: RunWatch;
  private readonly root: GoalNode;
  private last = 0;
  constructor(goal: Goal, nodes: readonly string[], since: number) {
    const kinds = atomsOf(goal).map((a) => a.kind);
    const needs: WatchNeeds = { monitor: kinds.includes('violation'), linearizability: kinds.includes('stale-read') };
    this.watch = new RunWatch(nodes, needs);
    this.root = build(goal, since);
  }
  get doneAt(): number | null {
    return this.root.doneAt;
  }
  /** Time passes to `t` (no event): a no-leader goal may hold. */
  advanceTo(t: number): void {
    if (t < this.last) return;
    this.last = t;
    this.root.advanceTo(t, this.watch);
  }
  feed(e: TraceEvent): void {
    this.advanceTo(e.at);
    this.watch.observe(e);
    this.root.event(e, this.watch);
  }
  conditions(): { atom: Atom; doneAt: number | null }[] {
    return this.root.atoms();
  }
}
