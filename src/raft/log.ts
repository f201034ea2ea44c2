// Reading a node's log through its snapshot boundary. Indexes are the paper's: the first
// entry is 1; index 0 / term 0 is the empty log's sentinel (Figure 2).

import { itemAt, lastPosition } from './chunked.ts';
import type { LogEntry, NodeState } from './types.ts';

export function lastLogIndex(node: NodeState): number {
  return lastPosition(node.log);
}

/** The term of the entry at `index`: the snapshot's term at its boundary, 0 for index 0. */
export function termAt(node: NodeState, index: number): number {
  if (index === 0) return 0;
  const snapshot = node.snapshot;
  if (snapshot !== null && index === snapshot.index) return snapshot.term;
  const entry = itemAt(node.log, index);
  return entry === undefined ? -1 : entry.term;
}

export function lastLogTerm(node: NodeState): number {
  return termAt(node, lastLogIndex(node));
}

export function entryAt(node: NodeState, index: number): LogEntry | undefined {
  return itemAt(node.log, index);
}

export function snapshotIndex(node: NodeState): number {
  return node.snapshot === null ? 0 : node.snapshot.index;
}

/**
 * Election restriction (§5.4.1): a candidate's log is at least as up-to-date as ours when its
 * last term is higher, or the last terms are equal and its log is at least as long.
 */
export function isUpToDate(node: NodeState, lastIndex: number, lastTerm: number): boolean {
  const myTerm = lastLogTerm(node);
  return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= lastLogIndex(node));
}

/** The first index of the run of entries of `term` that contains `index` (conflict hint). */
export function firstIndexOfTerm(node: NodeState, index: number): number {
  const term = termAt(node, index);
  const floor = snapshotIndex(node) + 1;
  let i = index;
  while (i > floor && termAt(node, i - 1) === term) i--;
  return i;
}

/** The last index holding an entry of `term`, or 0 (leader side of the conflict hint). */
export function lastIndexOfTerm(node: NodeState, term: number): number {
  const floor = snapshotIndex(node);
  for (let i = lastLogIndex(node); i > floor; i--) {
    const t = termAt(node, i);
    if (t === term) return i;
    if (t < term) return 0;
  }
  return node.snapshot !== null && node.snapshot.term === term ? floor : 0;
}

/** The voters of the latest configuration in the log (committed or not, thesis §4.1). */
export function currentVoters(node: NodeState): readonly string[] {
  const floor = snapshotIndex(node);
  for (let i = lastLogIndex(node); i > floor; i--) {
    const entry = itemAt(node.log, i);
    if (entry !== undefined && entry.kind === 'config' && entry.voters) return entry.voters;
  }
  return node.snapshot !== null ? node.snapshot.voters : node.bootVoters;
}

/** Index of the latest configuration entry in the log, or the snapshot's index, or 0. */
export function latestConfigIndex(node: NodeState): number {
  const floor = snapshotIndex(node);
  for (let i = lastLogIndex(node); i > floor; i--) {
    const entry = itemAt(node.log, i);
    if (entry !== undefined && entry.kind === 'config') return i;
  }
  return node.snapshot !== null ? floor : 0;
}
