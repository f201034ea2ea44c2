// Recomputing a stretch of a run's trace (the windowed trace's refill, traceWindow.ts): a
// scratch cluster restored from a checkpoint before the stretch replays, stepping as the time
// machine's stepOnce does — an action at time a after the events due at a — so each event is
// the one the run emitted there. The live cluster and the checkpoint are untouched.

import { restoreCluster, type Action, type ClusterState, type TraceEvent } from '../sim/index.ts';

export interface ReplayStart {
  /** Trace length, actions applied and cluster state at the start. */
  traceLength: number;
  actionIndex: number;
  state: ClusterState;
}

/** Hands trace events [from, to) to `sink` in order, replaying `script` from `start` (start.traceLength ≤ from). */
export function replayEvents(start: ReplayStart, script: readonly Action[], from: number, to: number, sink: (e: TraceEvent, i: number) => void): void {
  if (start.traceLength > from) throw new RangeError(`cannot recompute trace event ${from} from a checkpoint after it (${start.traceLength})`);
  const c = restoreCluster(start.state);
  let index = start.traceLength;
  let actionIndex = start.actionIndex;
  const off = c.subscribe((e) => {
    if (index >= from && index < to) sink(e, index);
    index++;
  });
  try {
    while (index < to) {
      const next = c.nextEventAt();
      const a = script[actionIndex];
      if (a !== undefined && (next === null || a.at < next)) {
        if (a.at > c.now) c.runFor(a.at - c.now);
        actionIndex++;
        try {
          c.apply(a);
        } catch {
          // refused on replay as it was when first run (the time machine lists it)
        }
      } else if (next === null) break;
      else c.step();
    }
  } finally {
    off();
  }
}
