// Where two runs of one action script part ways (compare side by side): the first trace event
// that differs between pane A's options and pane B's.
//
// The panes' own time machines only compute up to the displayed time, but the mark should be
// on the timeline before playback gets there. So a scout runs two headless clusters of its own
// ahead of the display, a slice at a time within a wall-time budget per frame, comparing their
// events as they come and keeping only the ones not yet matched. It stops at the first
// difference. A run is a pure function of (options, seed, script), so the scout's events are
// exactly the events the panes will show.
//
// Events differ long before anything a student cares about may (a message a millisecond
// sooner), so after the first differing event the scout goes on running both clusters and
// compares their outcomes (outcome.ts: leader, term, committed entries, safety), noting where
// each first differs.

import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, ResolvedOptions, TraceEvent } from '../sim/index.ts';
import { AspectComparer, OUTCOME_ASPECTS, OutcomeTracker, type OutcomeDifference } from './outcome.ts';

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
  private readonly comparers: AspectComparer[];
  private matched = 0;
  /** Both clusters have run to this simulated time. */
  private time = 0;
  private found: Divergence | null = null;

  constructor(optionsA: ResolvedOptions, optionsB: ResolvedOptions, actions: readonly Action[]) {
    this.a = createCluster(optionsA, [...actions]);
    this.b = createCluster(optionsB, [...actions]);
    const oa = new OutcomeTracker(this.a.options);
    const ob = new OutcomeTracker(this.b.options);
    this.comparers = OUTCOME_ASPECTS.map((aspect) => new AspectComparer(aspect, oa.changes[aspect], ob.changes[aspect]));
    this.a.subscribe((e) => {
      oa.observe(e);
      this.receive(this.qa, e);
    });
    this.b.subscribe((e) => {
      ob.observe(e);
      this.receive(this.qb, e);
    });
  }

  /** The first difference, once found. */
  get divergence(): Divergence | null {
    return this.found;
  }
  /** Where each outcome first differs (each aspect once), earliest first, as far as compared. */
  get outcomes(): OutcomeDifference[] {
    const out: OutcomeDifference[] = [];
    for (const c of this.comparers) if (c.found !== null) out.push(c.found);
    return out.sort((x, y) => x.at - y.at);
  }
  /** Both runs have been compared up to this simulated time. */
  get reached(): number {
    return this.time;
  }
  /** Nothing more to find: an event differs and so does every outcome. */
  get done(): boolean {
    return this.found !== null && this.comparers.every((c) => c.found !== null);
  }

  /**
   * Compares the two runs up to simulated time t, stopping early after `budgetMs` of wall time
   * (measured with `clock`) so a frame stays smooth; call again to go on.
   */
  advance(t: number, budgetMs = Infinity, clock: () => number = () => 0): void {
    const start = clock();
    while (!this.done && this.time < t) {
      const next = Math.min(t, this.time + SLICE_MS);
      runTo(this.a, next);
      runTo(this.b, next);
      if (this.found === null) this.compare(next);
      // a silent run looked ahead (compare) has run past `next`: outcomes only up to `next`
      this.time = next;
      for (const c of this.comparers) c.advance(next);
      if (clock() - start > budgetMs) return;
    }
  }

  private receive(queue: Pending[], e: TraceEvent): void {
    if (this.found !== null) return;
    const key = comparable(e);
    if (key !== null) queue.push({ key, event: e });
  }

  private compare(now: number): void {
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
    runUntilEvent(silent, queue, now + SILENCE_LOOKAHEAD_MS);
    this.stop(0, qa[0]?.event ?? null, qb[0]?.event ?? null);
  }

  private stop(offset: number, a: TraceEvent | null, b: TraceEvent | null): void {
    const at = Math.min(a?.at ?? Infinity, b?.at ?? Infinity);
    this.found = { at, index: this.matched + offset, a, b };
    this.qa.length = 0;
    this.qb.length = 0;
  }
}
