// The trace of a run, windowed (issue 14, bounded memory). Kept whole, the trace is what a long
// run's page grows by (~0.65 MB per simulated second for 9 servers under heavy load); yet views
// read only events near the displayed time and the horizon. So the trace is kept in chunks of
// CHUNK events: chunks within WINDOW_MS of a focus time (the displayed time, the horizon), the
// last one and a few recently read stay; the others are dropped, and reading one of their
// events recomputes the chunk by replaying the run from a checkpoint (the time machine's
// `refill`). Invisible to readers: a run is the same from any checkpoint, so a recomputed event
// equals the one dropped.

import type { TraceEvent } from '../sim/index.ts';

/** Events per chunk. */
export const CHUNK = 2048;
/**
 * Chunks whose time span comes within this many simulated ms of a focus time are kept: what
 * the views read around the displayed time (the space-time diagram's widest window, 5 s, and
 * its 2 s of slack for messages still in flight).
 */
export const WINDOW_MS = 7_000;
/** Chunks recomputed on demand (a console's older lines, a why) kept besides when thinning. */
export const RECENT_CHUNKS = 6;

/** Reads events by trace index, an array or a windowed trace. */
export interface TraceReader {
  readonly length: number;
  at(i: number): TraceEvent | undefined;
}

/**
 * Indices (ascending) of the chunks to keep, given the time of each chunk's first event
 * (ascending) and the time the last chunk runs to: every chunk whose span [first event, next
 * chunk's first event] comes within `window` ms of a focus, the last chunk, and `recent`.
 */
export function chunksToKeep(firstAt: readonly number[], endAt: number, focus: readonly number[], window = WINDOW_MS, recent: readonly number[] = []): number[] {
  const keep: number[] = [];
  for (let k = 0; k < firstAt.length; k++) {
    const from = firstAt[k];
    const to = k + 1 < firstAt.length ? firstAt[k + 1] : endAt;
    const near = focus.some((f) => f + window >= from && f - window <= to);
    if (near || k === firstAt.length - 1 || recent.includes(k)) keep.push(k);
  }
  return keep;
}

/** Recomputes events [from, to) of the trace (from < to ≤ length), handing each to `sink` in order. */
export type Refill = (from: number, to: number, sink: (e: TraceEvent, i: number) => void) => void;

export class WindowedTrace implements TraceReader {
  private chunks: (TraceEvent[] | null)[] = [];
  /** Time of each chunk's first event. */
  private firstAt: number[] = [];
  private count = 0;
  /** Chunks recomputed lately, most recent last. */
  private recent: number[] = [];
  /** A dropped chunk being filled again by a replay of the live cluster (replayed). */
  private pending: { k: number; events: TraceEvent[] } | null = null;
  /** How many chunks were recomputed (for tests and the benchmark). */
  refills = 0;

  constructor(private readonly refill: Refill) {}

  get length(): number {
    return this.count;
  }

  /** Chunks held in memory now. */
  get resident(): number {
    let n = 0;
    for (const c of this.chunks) if (c !== null) n++;
    return n;
  }

  push(e: TraceEvent): void {
    const k = Math.floor(this.count / CHUNK);
    if (k === this.chunks.length) {
      this.chunks.push([]);
      this.firstAt.push(e.at);
    }
    const chunk = this.chunks[k] ?? this.load(k);
    chunk.push(e);
    this.count++;
  }

  at(i: number): TraceEvent | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    const k = Math.floor(i / CHUNK);
    const chunk = this.chunks[k] ?? this.load(k);
    return chunk[i - k * CHUNK];
  }

  /** The event at i, which must exist. */
  get(i: number): TraceEvent {
    const e = this.at(i);
    if (e === undefined) throw new RangeError(`no trace event ${i} (the trace holds ${this.count})`);
    return e;
  }

  /** Events [from, to) as an array (recomputing dropped chunks on the way). */
  slice(from = 0, to = this.count): TraceEvent[] {
    const out: TraceEvent[] = [];
    this.forEach(from, to, (e) => out.push(e));
    return out;
  }

  /**
   * Calls fn for events [from, to) in order. A run of dropped chunks is recomputed in one
   * replay and not kept (a scan of a long run does not bring it all back into memory).
   */
  forEach(from: number, to: number, fn: (e: TraceEvent, i: number) => void): void {
    const end = Math.min(to, this.count);
    for (let i = Math.max(0, from); i < end; ) {
      const k = Math.floor(i / CHUNK);
      const chunk = this.chunks[k];
      if (chunk === null) {
        let j = k + 1;
        while (j * CHUNK < end && this.chunks[j] === null) j++;
        const stop = Math.min(end, j * CHUNK);
        let got = 0;
        this.refill(i, stop, (e, n) => {
          got++;
          fn(e, n);
        });
        if (got !== stop - i) throw new Error(`recomputing trace events ${i}–${stop} gave ${got} events`);
        this.refills++;
        i = stop;
        continue;
      }
      const stop = Math.min(end, (k + 1) * CHUNK);
      for (; i < stop; i++) fn(chunk[i - k * CHUNK], i);
    }
  }

  /**
   * Told of event i emitted again by a replay (a seek restores a checkpoint and replays to its
   * target): a dropped chunk replayed from its start is kept again, for free — the views read
   * the past just before the displayed time.
   */
  replayed(i: number, e: TraceEvent): void {
    const k = Math.floor(i / CHUNK);
    if (this.chunks[k] !== null) {
      this.pending = null;
      return;
    }
    const p = this.pending;
    if (i === k * CHUNK) this.pending = { k, events: [e] };
    else if (p !== null && p.k === k && i === k * CHUNK + p.events.length) p.events.push(e);
    else {
      this.pending = null;
      return;
    }
    const q = this.pending;
    if (q !== null && q.events.length === Math.min(CHUNK, this.count - k * CHUNK)) {
      this.chunks[k] = q.events;
      this.pending = null;
    }
  }

  /** The index of the first event at or after time t (the length when none is). */
  firstIndexAt(t: number): number {
    // the last chunk whose first event is before t holds the answer, or the next chunk's start
    let lo = 0;
    let hi = this.firstAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.firstAt[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const k = lo - 1;
    const chunk = this.chunks[k] ?? this.load(k);
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (chunk[mid].at < t) a = mid + 1;
      else b = mid;
    }
    return k * CHUNK + a;
  }

  /** Cuts the trace back to its first `length` events. */
  truncate(length: number): void {
    if (length >= this.count) return;
    const n = Math.max(0, length);
    const chunks = Math.ceil(n / CHUNK);
    this.chunks.length = chunks;
    this.firstAt.length = chunks;
    this.recent = this.recent.filter((k) => k < chunks);
    this.pending = null;
    this.count = n;
    const last = chunks - 1;
    if (last >= 0) {
      const chunk = this.chunks[last];
      if (chunk !== null) chunk.length = n - last * CHUNK;
    }
  }

  /** Drops the chunks far from every focus time (chunksToKeep); `endAt` is the time of the latest event. */
  thin(focus: readonly number[], endAt: number, window = WINDOW_MS): void {
    this.pending = null;
    const keep = new Set(chunksToKeep(this.firstAt, endAt, focus, window, this.recent));
    for (let k = 0; k < this.chunks.length; k++) if (!keep.has(k)) this.chunks[k] = null;
  }

  private load(k: number): TraceEvent[] {
    const from = k * CHUNK;
    const to = Math.min(this.count, from + CHUNK);
    const events: TraceEvent[] = [];
    this.refill(from, to, (e) => events.push(e));
    if (events.length !== to - from) throw new Error(`recomputing trace events ${from}–${to} gave ${events.length} events`);
    this.refills++;
    this.chunks[k] = events;
    this.recent = this.recent.filter((x) => x !== k);
    this.recent.push(k);
    if (this.recent.length > RECENT_CHUNKS) this.recent.shift();
    return events;
  }
}
