// Which checkpoints of a run the time machine keeps (issue 14, bounded memory). A checkpoint
// holds the cluster's queue, messages and network (~80 KB for 9 servers under load), taken
// every 250 ms of simulated time: 320 KB per simulated second if all were kept. Seeking needs
// them dense only near where the user is — the displayed time and the horizon being computed —
// so within FAR_MS of there one per SPARSE_MS is kept, and further away one per FAR_SPARSE_MS;
// seeking there restores it and replays at most that long, and the replay takes dense
// checkpoints again on its way (they are thinned when the user moves on). Invisible to
// replays: a run is the same from any checkpoint.

/** Checkpoints within this many simulated ms of a focus time are all kept. */
export const DENSE_MS = 5_000;
/** Elsewhere within FAR_MS of a focus, one checkpoint per this many simulated ms. */
export const SPARSE_MS = 5_000;
export const FAR_MS = 60_000;
/**
 * Further away, one per this many: under heavy load a far seek replays up to 10 s (~0.1–0.2 s
 * of wall time), and what a long run keeps grows half as fast.
 */
export const FAR_SPARSE_MS = 10_000;
/**
 * Checkpoints (and trace chunks) are thinned every this many checkpoints taken (1 s of simulated
 * time): what piles up between thinnings is held too — every 32 (8 s) it was up to ~3 MB of dense
 * checkpoints and ~20 trace chunks more under heavy load (issue 14).
 */
export const THIN_EVERY = 4;

/**
 * Indices (ascending) of the checkpoints to keep, given their times (ascending) and the focus
 * times: the first always; every one within `dense` ms of a focus; elsewhere the first in each
 * `sparse`-ms bucket of time, or `farSparse`-ms bucket beyond `far` ms of every focus.
 */
export function checkpointsToKeep(
  ats: readonly number[],
  focus: readonly number[],
  dense = DENSE_MS,
  sparse = SPARSE_MS,
  far = FAR_MS,
  farSparse = FAR_SPARSE_MS,
): number[] {
  const keep: number[] = [];
  let lastBucket = -1;
  let lastSize = 0;
  for (let i = 0; i < ats.length; i++) {
    const at = ats[i];
    let d = Infinity;
    for (const f of focus) d = Math.min(d, Math.abs(at - f));
    const size = d <= far ? sparse : farSparse;
    const bucket = Math.floor(at / size);
    if (i === 0 || d <= dense || bucket !== lastBucket || size !== lastSize) {
      keep.push(i);
      lastBucket = bucket;
      lastSize = size;
    }
  }
  return keep;
}

/**
 * Where a checkpoint taken now (at time `at`, after `steps` steps) goes among existing ones
 * sorted by steps, or -1 when one within `interval` ms around it makes it pointless: the
 * position after the last checkpoint with fewer steps.
 */
export function insertionPoint(list: readonly { at: number; steps: number }[], at: number, steps: number, interval: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].steps < steps) lo = mid + 1;
    else hi = mid;
  }
  const prev = list[lo - 1];
  const next = list[lo];
  if (prev !== undefined && at < prev.at + interval) return -1;
  if (next !== undefined && (next.steps === steps || next.at < at + interval)) return -1;
  return lo;
}

/**
 * The last element of `list` for which `ok` holds, the first when none does; `list` is ordered
 * so that `ok` holds for a prefix of it (checkpoints in increasing time and steps).
 */
export function lastWhere<T>(list: readonly T[], ok: (x: T) => boolean): T {
  let lo = 0;
  let hi = list.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ok(list[mid])) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return list[best];
}
