// The monitor's mirror of one node's log: per index, the id of the entry it holds in the shared
// EntryTable (its term, prefix hash, command and kind are the table's). Compacted entries stay
// (they are still present logically).

import type { Role } from '../../sim/types.ts';
import { Int32Column } from './column.ts';
import { SENTINEL, type EntryTable } from './entries.ts';
import { UNKNOWN } from './hash.ts';

export interface Mirror {
  id: string;
  role: Role | 'down';
  term: number;
  /** Entry ids: index i at position i; position 0 is the empty log's sentinel. */
  ids: Int32Column;
  /** Entries up to here are compacted into a snapshot (still present logically). */
  snapshotIndex: number;
}

export function newMirror(id: string): Mirror {
  const ids = new Int32Column();
  ids.push(SENTINEL);
  return { id, role: 'follower', term: 0, ids, snapshotIndex: 0 };
}

export function lastIndex(m: Mirror): number {
  return m.ids.length - 1;
}

export function truncateMirror(m: Mirror, from: number): void {
  m.ids.truncate(Math.max(1, from));
}

/**
 * The first index ≤ upTo at which two logs (columns of entry ids, both holding index upTo − 1)
 * have different prefix hashes, an unknown prefix counting as different (binary search on prefixes).
 */
export function firstDifference(entries: EntryTable, a: Int32Column, b: Int32Column, upTo: number): number {
  let lo = 1;
  let hi = upTo;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = entries.hash(a.get(mid));
    const y = entries.hash(b.get(mid));
    if (x === y && x !== UNKNOWN) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
