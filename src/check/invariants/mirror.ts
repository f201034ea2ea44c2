// The monitor's mirror of one node's log: per index, its term, the prefix hash up to it, the
// command and its kind. Compacted entries stay (they are still present logically).

import type { Role } from '../../sim/types.ts';
import { UNKNOWN } from './hash.ts';

export interface Mirror {
  id: string;
  role: Role | 'down';
  term: number;
  /** Index i at position i; position 0 is the empty log's sentinel (term 0, hash 0). */
  terms: number[];
  hashes: number[];
  commands: unknown[];
  kinds: (string | undefined)[];
  /** Entries up to here are compacted into a snapshot (still present logically). */
  snapshotIndex: number;
}

export function newMirror(id: string): Mirror {
  return { id, role: 'follower', term: 0, terms: [0], hashes: [0], commands: [null], kinds: [undefined], snapshotIndex: 0 };
}

export function lastIndex(m: Mirror): number {
  return m.terms.length - 1;
}

export function truncateMirror(m: Mirror, from: number): void {
  const len = Math.max(1, from);
  if (m.terms.length > len) {
    m.terms.length = len;
    m.hashes.length = len;
    m.commands.length = len;
    m.kinds.length = len;
  }
}

/** The first index ≤ upTo at which two prefix-hash arrays differ (binary search on prefixes). */
export function firstDifference(a: readonly number[], b: readonly number[], upTo: number): number {
  let lo = 1;
  let hi = upTo;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[mid];
    const y = b[mid];
    if (x === y && x !== UNKNOWN) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
