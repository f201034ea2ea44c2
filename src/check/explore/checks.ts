// The exhaustive explorer (src/check/explore.ts): the safety checks on each successor state.

import { itemAt, lastPosition } from '../../raft/chunked.ts';
import type { NodeState } from '../../raft/types.ts';
import type { PropertyId } from '../invariants.ts';

import { type XState, entryKey, snapshotIndexOf } from './state.ts';

// ---------------------------------------------------------------------------------------------
// The checks, on a successor state and the events of the step that made it

export function entryKeyAt(n: NodeState, i: number): string | null {
  if (i <= snapshotIndexOf(n)) return null; // compacted: committed content, judged when committed
  const e = itemAt(n.log, i);
  return e === undefined ? '?' : entryKey(e);
}

export function termOf(n: NodeState, i: number): number {
  if (i === 0) return 0;
  if (n.snapshot !== null && i === n.snapshot.index) return n.snapshot.term;
  const e = itemAt(n.log, i);
  return e === undefined ? -1 : e.term;
}

export interface Found {
  property: PropertyId;
  message: string;
}

/**
 * The checks, from the difference a step made to the nodes it touched (the engine runs without
 * building trace events: that is most of a step's cost). History variables carry what Figure 3
 * needs beyond one state: the leader of each term, the committed and the applied entries.
 */
export function check(prev: XState, next: XState, changed: readonly number[], bootVoters: readonly string[]): Found | null {
  let leaders = next.leaders;
  let committed = next.committed;
  let committedTerm = next.committedTerm;
  let applied = next.applied;
  for (const i of changed) {
    const n = next.nodes[i];
    const before: NodeState | undefined = prev.nodes[i];
    const id = next.names[i];
    const wasLeader = before !== undefined && before.role === 'leader' && before.currentTerm === n.currentTerm;
    // Election Safety: a new leader of a term that already had one.
    if (n.role === 'leader' && !wasLeader) {
      const first = leaders.get(n.currentTerm);
      if (first !== undefined && first !== id) {
        return { property: 'election-safety', message: `${first} and ${id} were both leader of term ${n.currentTerm}.` };
      }
      if (first === undefined) {
        if (leaders === next.leaders) leaders = new Map(leaders);
        leaders.set(n.currentTerm, id);
      }
    }
    if (before === undefined) continue;
    // Leader Append-Only: a leader's log keeps every entry it had.
    if (wasLeader && n.role === 'leader') {
      const last = lastPosition(before.log);
      for (let k = Math.max(snapshotIndexOf(n), snapshotIndexOf(before)) + 1; k <= last; k++) {
        if (k > lastPosition(n.log) || entryKeyAt(n, k) !== entryKeyAt(before, k)) {
          return { property: 'leader-append-only', message: `${id} deleted or overwrote entry ${k} of its own log while leader of term ${n.currentTerm}.` };
        }
      }
    }
    // What a leader commits is committed: it must agree with what was committed before.
    if ((n.role === 'leader' || wasLeader) && n.commitIndex > before.commitIndex) {
      for (let k = 1; k <= n.commitIndex; k++) {
        const key = entryKeyAt(n, k);
        if (key === null) continue;
        if (k < committed.length && committed[k] !== '') {
          if (committed[k] !== key) {
            return {
              property: 'leader-completeness',
              message: `Index ${k} was committed twice with different entries (${committed[k]} in term ${committedTerm[k]}, then ${key} by ${id} in term ${n.currentTerm}).`,
            };
          }
          continue;
        }
        if (committed === next.committed) {
          committed = committed.slice();
          committedTerm = committedTerm.slice();
        }
        while (committed.length <= k) {
          committed.push('');
          committedTerm.push(0);
        }
        committed[k] = key;
        committedTerm[k] = n.currentTerm;
      }
    }
    // State Machine Safety: what a server applies at an index, nobody applies differently.
    if (n.lastApplied > before.lastApplied) {
      for (let k = Math.max(before.lastApplied, snapshotIndexOf(n)) + 1; k <= n.lastApplied; k++) {
        const key = entryKeyAt(n, k);
        if (key === null) continue;
        if (k < applied.length && applied[k] !== '') {
          if (applied[k] !== key) {
            return { property: 'state-machine-safety', message: `${id} applied ${key} at index ${k}, where ${applied[k]} was applied before.` };
          }
          continue;
        }
        if (applied === next.applied) applied = applied.slice();
        while (applied.length <= k) applied.push('');
        applied[k] = key;
      }
    }
    // Snapshot Configuration (thesis §5.1): the configuration in force at its index.
    if (n.snapshot !== null && n.snapshot !== before.snapshot) {
      const index = n.snapshot.index;
      if (index < committed.length && committed[index] !== '') {
        let inForce: readonly string[] | null = bootVoters;
        for (let k = 1; k <= index; k++) {
          if (committed[k] === '') {
            inForce = null;
            continue;
          }
          const m = /^\d+c(.*)$/.exec(committed[k]);
          if (m !== null) inForce = m[1] === '' ? [] : m[1].split(',');
        }
        const voters = n.snapshot.voters;
        if (inForce !== null && [...inForce].sort().join(',') !== [...voters].sort().join(',')) {
          return {
            property: 'snapshot-configuration',
            message: `${id}'s snapshot through index ${index} records {${voters.join(', ')}}, but {${inForce.join(', ')}} is in force there.`,
          };
        }
      }
    }
  }
  next.leaders = leaders;
  next.committed = committed;
  next.committedTerm = committedTerm;
  next.applied = applied;
  // Leader Completeness on the state: every leader holds what was committed in earlier terms.
  for (let k = 0; k < next.nodes.length; k++) {
    const n = next.nodes[k];
    if (!n.alive || n.role !== 'leader') continue;
    for (let i = 1; i < committed.length; i++) {
      if (committed[i] === '' || committedTerm[i] >= n.currentTerm) continue;
      const key = i <= lastPosition(n.log) ? entryKeyAt(n, i) : undefined;
      if (key === null) continue;
      if (key !== committed[i]) {
        return {
          property: 'leader-completeness',
          message: `${next.names[k]} is leader of term ${n.currentTerm}, but its log lacks the entry committed at index ${i} (${committed[i]}).`,
        };
      }
    }
  }
  // Log Matching on the state: same index and term ⇒ identical prefixes (pairs with a changed node).
  for (const a of changed) {
    for (let b = 0; b < next.nodes.length; b++) {
      if (b === a) continue;
      const x = next.nodes[a];
      const y = next.nodes[b];
      const last = Math.min(lastPosition(x.log), lastPosition(y.log));
      for (let i = last; i >= 1; i--) {
        if (termOf(x, i) !== termOf(y, i) || termOf(x, i) < 0) continue;
        for (let j = i; j >= 1; j--) {
          const kx = entryKeyAt(x, j);
          const ky = entryKeyAt(y, j);
          if (kx === null || ky === null) break;
          if (kx !== ky) {
            return {
              property: 'log-matching',
              message: `${next.names[a]} and ${next.names[b]} both have an entry of term ${termOf(x, i)} at index ${i}, but their logs differ at index ${j}.`,
            };
          }
        }
        break;
      }
    }
  }
  return null;
}
