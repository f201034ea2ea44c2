// Where two runs of one action script part ways (compare side by side): the first trace event
// that differs between pane A's options and pane B's.
//
// The panes' own time machines only compute up to the displayed time, but the mark should be
// on the timeline before playback gets there. So a scout runs two headless clusters of its own
// ahead of the display, a slice at a time within a wall-time budget per frame, comparing their
// events as they come and keeping only the ones not yet matched. It stops at the first
// difference. A run is a pure function of (options, seed, script), so the scout's events are
// exactly the events the panes will show.

import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, ResolvedOptions, TraceEvent } from '../sim/index.ts';

export interface Divergence {
  /** Simulated ms of the first differing event (the earlier of the two). */
  at: number;
  /** Events compared equal before it (timer events are not counted). */
  index: number;
  /** A's event at that position; null when A had none (its run went quiet). */
  a: TraceEvent | null;
  b: TraceEvent | null;
}

/** Simulated ms each run advances before the two are compared. */
const SLICE_MS = 50;
/** How far the run that fell silent is looked ahead for its next event, to say what it did instead. */
const SILENCE_LOOKAHEAD_MS = 60_000;

/**
 * An event as it is compared: null for events that are not compared. Timer events are
 * bookkeeping (their effects — a timeout, a message — are events of their own), and a
 * message's arrival time is compared where it happens (the deliver or drop event), not on its
 * send, so "different latency" diverges at the first arrival that differs.
 */
export function comparable(e: TraceEvent): string | null {
  if (e.type === 'timer') return null;
  if (e.type === 'send' || e.type === 'deliver' || e.type === 'drop') {
    const { deliverAt: _arrival, ...message } = e.message;
    return JSON.stringify({ ...e, message });
  }
  return JSON.stringify(e);
}

/** The first difference of two event lists, as the scout would find it (for tests and small traces). */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence | null {
  const xa = a.filter((e) => comparable(e) !== null);
  const xb = b.filter((e) => comparable(e) !== null);
  const n = Math.min(xa.length, xb.length);
  for (let i = 0; i < n; i++) {
    if (comparable(xa[i]) !== comparable(xb[i])) return { at: Math.min(xa[i].at, xb[i].at), index: i, a: xa[i], b: xb[i] };
  }
  if (xa.length === xb.length) return null;
  const extra = xa.length > n ? xa[n] : xb[n];
  return { at: extra.at, index: n, a: xa[n] ?? null, b: xb[n] ?? null };
}

interface Pending {
  key: string;
  event: TraceEvent;
}

/**
 * Processes every step due at or before t. A scripted action the run refuses is skipped by the
 * cluster itself (cluster.refusedActions()), as the panes skip it; a throw would be an engine bug.
 */
function runTo(c: Cluster, t: number): void {
  for (;;) {
    const next = c.nextEventAt();
    if (next === null || next > t) return;
    try {
      c.step();
    } catch {
      /* an engine error: the scout carries on with the next step */
    }
  }
}

/** Runs until the cluster has emitted a compared event or nothing is pending before `limit`. */
function runUntilEvent(c: Cluster, queue: Pending[], limit: number): void {
  while (queue.length === 0) {
    const next = c.nextEventAt();
    if (next === null || next > limit) return;
    try {
      c.step();
    } catch {
      /* an engine error: carry on */
    }
  }
}

export class DivergenceScout {
  private readonly a: Cluster;
  private readonly b: Cluster;
  private readonly qa: Pending[] = [];
  private readonly qb: Pending[] = [];
  private matched = 0;
  private time = 0;
  private found: Divergence | null = null;

  constructor(optionsA: ResolvedOptions, optionsB: ResolvedOptions, actions: readonly Action[]) {
    this.a = createCluster(optionsA, [...actions]);
    this.b = createCluster(optionsB, [...actions]);
    this.a.subscribe((e) => this.receive(this.qa, e));
    this.b.subscribe((e) => this.receive(this.qb, e));
  }

  /** The first difference, once found. */
  get divergence(): Divergence | null {
    return this.found;
  }
  /** Both runs have been compared up to this simulated time (or to the divergence). */
  get reached(): number {
    return this.time;
  }
  get done(): boolean {
    return this.found !== null;
  }

  /**
   * Compares the two runs up to simulated time t, stopping early after `budgetMs` of wall time
   * (measured with `clock`) so a frame stays smooth; call again to go on.
   */
  advance(t: number, budgetMs = Infinity, clock: () => number = () => 0): void {
    const start = clock();
    while (this.found === null && this.time < t) {
      const next = Math.min(t, this.time + SLICE_MS);
      runTo(this.a, next);
      runTo(this.b, next);
      this.time = next;
      this.compare();
      if (clock() - start > budgetMs) return;
    }
  }

  private receive(queue: Pending[], e: TraceEvent): void {
    if (this.found !== null) return;
    const key = comparable(e);
    if (key !== null) queue.push({ key, event: e });
  }

  private compare(): void {
    const { qa, qb } = this;
    const n = Math.min(qa.length, qb.length);
    for (let i = 0; i < n; i++) {
      if (qa[i].key !== qb[i].key) {
        this.stop(i, qa[i].event, qb[i].event);
        return;
      }
    }
    qa.splice(0, n);
    qb.splice(0, n);
    this.matched += n;
    if (qa.length === qb.length) return;
    // One run did something up to now that the other did not: what did the other do next?
    const [silent, queue] = qa.length === 0 ? [this.a, qa] : [this.b, qb];
    runUntilEvent(silent, queue, this.time + SILENCE_LOOKAHEAD_MS);
    this.stop(0, qa[0]?.event ?? null, qb[0]?.event ?? null);
  }

  private stop(offset: number, a: TraceEvent | null, b: TraceEvent | null): void {
    const at = Math.min(a?.at ?? Infinity, b?.at ?? Infinity);
    this.found = { at, index: this.matched + offset, a, b };
    this.time = at;
  }
}
