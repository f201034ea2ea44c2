// What the fuzzer's faults act on: the checked cluster, the fault stream, the profile, the
// servers it crashed, and a small timeline of things to undo or continue later. The scheduled
// faults (faults.ts) and the reactive ones (reactive.ts) share it; run.ts drives it.

import { uniformInt, type Rng } from '../../raft/rng.ts';
import type { Cluster, MessageView } from '../../sim/types.ts';
import { errorFailure, type Checked } from './checked.ts';
import type { FuzzProfile, Range } from './config.ts';

export interface FaultWorld {
  readonly cluster: Cluster;
  /** The seed's fault stream ('fuzz:faults'): every draw of the run, in order. */
  readonly rng: Rng;
  readonly profile: FuzzProfile;
  /** Servers the fuzzer crashed and has not restarted yet. */
  readonly down: Set<string>;
  /** Links given a loss rate ("from\nto"), reset in the stable period. */
  readonly touchedLinks: Set<string>;
  /** The cluster's latency at the start, restored after a reorder burst. */
  readonly base: { readonly latencyMin: number; readonly latencyMax: number };
  /** Things to undo or continue later (restarts, heals, ends of bursts), in time order. */
  readonly later: { at: number; run: () => void }[];
  /** Adds to `later`; at equal times, after what was scheduled before. */
  schedule: (at: number, run: () => void) => void;
  /** Schedules `run` and stops the current advance so that it happens on time (reactive faults). */
  soon: (at: number, run: () => void) => void;
  /** Performs an API call, unless the run already failed; a throw is the run's failure ('error'). */
  act: (f: () => void) => void;
  /** A call the API may refuse in the current state (membership changes): a refusal is fine. */
  attempt: (f: () => void) => void;
  ids: () => readonly string[];
  /** Servers not crashed by the fuzzer. */
  alive: () => string[];
  /** Messages on the wire (and held, in manual mode) that pass `filter`. */
  wire: (filter: (m: MessageView) => boolean) => MessageView[];
  /** Crashes `id` now (it joins `down`). */
  crashNow: (id: string) => void;
  /** Restarts `id` after `downFor` ms, unless it was restarted already. */
  restartAfter: (id: string, downFor: number) => void;
}

export function createWorld(c: Checked, rng: Rng, profile: FuzzProfile): FaultWorld {
  const { cluster } = c;
  const down = new Set<string>();
  const later: FaultWorld['later'] = [];
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
  const ids = () => cluster.ids;
  return {
    cluster,
    rng,
    profile,
    down,
    touchedLinks: new Set<string>(),
    base: cluster.options.network,
    later,
    schedule,
    soon(at, run) {
      schedule(at, run);
      c.interrupt();
    },
    act,
    attempt(f) {
      try {
        f();
      } catch {
        /* refused: nothing happened */
      }
    },
    ids,
    alive: () => ids().filter((id) => !down.has(id)),
    wire: (filter) => cluster.inFlight().filter(filter),
    crashNow(id) {
      act(() => cluster.crash(id));
      down.add(id);
    },
    restartAfter(id, downFor) {
      schedule(cluster.now + downFor, () => {
        if (!down.has(id)) return;
        act(() => cluster.restart(id));
        down.delete(id);
      });
    },
  };
}

// ---- drawing from the fault stream ----

/** A whole number of `range`, drawn uniformly (no draw when min = max). */
export function draw(rng: Rng, range: Range): number {
  return uniformInt(rng, range[0], range[1]);
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)];
}

export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** One roll over a weight table's total: 0 … total−1 (compare with the running sums of the weights). */
export function rollWeights(rng: Rng, weights: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const w of Object.values(weights)) total += w;
  return uniformInt(rng, 0, total - 1);
}
