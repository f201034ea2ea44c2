// Linearizability checker for the key-value client histories of raftlab (DESIGN.md, "Checking").
//
// A history is linearizable when every completed operation can be given a single instant
// between its invocation and its completion such that, executed in the order of those instants,
// the operations follow the sequential key-value model (kv-model.ts) and each get returns what
// it returned in the history (Herlihy & Wing 1990).
//
// The search is Wing & Gong's (1993) with the improvements of
//   G. Lowe, "Testing for linearizability", Concurrency and Computation 29(4), 2017, and
//   A. Athalye, Porcupine (github.com/anishathalye/porcupine):
//   1. P-compositionality: every operation touches exactly one key, so each key's
//      sub-history is checked on its own (a history is linearizable iff each of them is).
//   2. The sub-history is a doubly linked list of call and return events in real-time order.
//      Linearizing an operation "lifts" its call and return out of the list in O(1); backtracking
//      "unlifts" them (dancing links: undo in LIFO order restores the exact pointers).
//   3. Memoisation: a configuration is (set of linearized operations, model state). Reaching a
//      configuration that was already explored means exploring it again would fail again, so it
//      is pruned. The set is a bitset; the cache is keyed by an incrementally maintained Zobrist
//      hash of the bitset combined with the state, and buckets compare bitsets exactly (a hash
//      collision can never prune a configuration wrongly).
//   4. An explicit stack of (call entry, state before) instead of recursion.
//
// Pending operations (no completedAt: the client never heard back) may have taken effect at any
// instant after their invocation, or never. As in Porcupine and Knossos they are treated as
// returning at +infinity: their call is in the list, they have no return event, and the search
// accepts as soon as every *completed* operation is linearized (pending ones left over are the
// ones that never took effect, or took effect after everything we observed). A pending get
// cannot constrain anything (its result is unknown and it changes nothing), so it is dropped, and
// so is a pending write no completed get can have observed (see mayHaveBeenObserved).
//
// Deciding linearizability is NP-complete (Gibbons & Korach 1997); the memoised search is fast on
// histories of real systems (little concurrency: here one operation outstanding per client), but
// many pending writes that were observed can still make it explore many subsets. Callers that
// must answer in bounded time (the live UI, the fuzzer) pass `timeLimitMs`.
//
// The parts, in src/check/linearizability/: validate.ts (the history's form), search.ts (the
// search over one key), visited.ts (its memo of explored configurations), explain.ts (the
// violation in words). kv-model.ts is the sequential model.

import type { ClientRecord } from '../sim/types.ts';
import { byInvocation, explainViolation } from './linearizability/explain.ts';
import { makeTimer, searchKey } from './linearizability/search.ts';
import { describeGot, validateHistory } from './linearizability/validate.ts';

export { validateHistory };

export interface LinearizabilityOptions {
  /** Give up (result `ok: 'unknown'`) after this many wall-clock ms. Default: no limit. */
  timeLimitMs?: number;
}

export interface LinearizabilityViolation {
  ok: false;
  /** The key whose operations cannot be linearized. */
  key: string;
  /** A sentence for a student, naming the operation that could not be placed. */
  reason: string;
  /**
   * The shortest illegal prefix found: the operations of `linearized` plus `unplaced`, sorted by
   * invocation time (then id), so that the UI can draw them as a timeline per client.
   */
  prefix: ClientRecord[];
  /** The longest partial linearization the search reached, in linearization order. */
  linearized: ClientRecord[];
  /** The operation that could not be placed after `linearized`. */
  unplaced: ClientRecord;
}

export type LinearizabilityResult =
  | { ok: true }
  | LinearizabilityViolation
  | { ok: 'unknown'; reason: string };

/**
 * Decides whether a client history is linearizable against the key-value model. Throws (see
 * validateHistory) on invalid input. With `timeLimitMs`, returns `ok: 'unknown'` when the search
 * ran out of time without finding a violation.
 */
export function checkLinearizability(
  history: readonly ClientRecord[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  validateHistory(history);
  const { timeLimitMs } = options;
  if (timeLimitMs !== undefined && !(typeof timeLimitMs === 'number' && timeLimitMs >= 0)) {
    throw new Error(`Invalid option "timeLimitMs": must be a number ≥ 0, got ${describeGot(timeLimitMs)}`);
  }
  const timedOut = timeLimitMs === undefined ? () => false : makeTimer(performance.now() + timeLimitMs);

  // P-compositionality: one independent search per key, keys in order of first appearance.
  const byKey = new Map<string, ClientRecord[]>();
  for (const record of history) {
    const list = byKey.get(record.op.key);
    if (list === undefined) byKey.set(record.op.key, [record]);
    else list.push(record);
  }

  const undecided: string[] = [];
  for (const [key, records] of byKey) {
    const outcome = searchKey(records, timedOut);
    if (outcome.ok === 'unknown') {
      undecided.push(key);
      continue;
    }
    if (outcome.ok) continue;
    const linearized = outcome.linearized.map((operation) => operation.record);
    const unplaced = outcome.unplaced.record;
    return {
      ok: false,
      key,
      reason: explainViolation(key, records, linearized, unplaced, outcome.stateBefore),
      prefix: [...linearized, unplaced].sort(byInvocation),
      linearized,
      unplaced,
    };
  }
  if (undecided.length > 0) {
    const keys = undecided.map((key) => JSON.stringify(key)).join(', ');
    return {
      ok: 'unknown',
      reason:
        `The check ran out of its ${timeLimitMs} ms time limit before deciding key${undecided.length === 1 ? '' : 's'} ` +
        `${keys}; no violation was found in the ${byKey.size - undecided.length} other key${byKey.size - undecided.length === 1 ? '' : 's'}.`,
    };
  }
  return { ok: true };
}
