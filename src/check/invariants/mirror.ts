// The monitor's mirror of one node's log: per index, which of the entries seen at that index in
// the shared EntryTable it holds (their term, prefix hash, command and kind are the table's) —
// one byte, as nearly every index only ever sees one or two entries (issue 14, bounded memory).
// Compacted entries stay (they are still present logically).

import type { Role } from '../../sim/types.ts';
import { Uint8Column } from './column.ts';
import { SENTINEL, UNKNOWN_ENTRY, type EntryTable } from './entries.ts';
import { UNKNOWN } from './hash.ts';

export interface Mirror {
  id: string;
  role: Role | 'down';
  term: number;
  /** Entry ids: index i at position i; position 0 is the empty log's sentinel. */
  ids: MirrorLog;
  /** Entries up to here are compacted into a snapshot (still present logically). */
  snapshotIndex: number;
}

/** In a MirrorLog's byte: the unknown entry; an entry whose place does not fit, kept in `wide`. */
const UNKNOWN_CODE = 255;
const WIDE_CODE = 254;

/** A log as entry ids, each kept as its place among the entries seen at its index. */
export class MirrorLog {
  private readonly codes = new Uint8Column();
  private readonly wide = new Map<number, number>();

  constructor(private readonly entries: EntryTable) {
    this.codes.push(0); // index 0: the sentinel
  }

  get length(): number {
    return this.codes.length;
  }

  /** The entry id at index i (0 ≤ i < length). */
  get(i: number): number {
    if (i === 0) return SENTINEL;
    const c = this.codes.get(i);
    if (c === UNKNOWN_CODE) return UNKNOWN_ENTRY;
    if (c === WIDE_CODE) return this.wide.get(i) as number;
    return this.entries.nth(i, c);
  }

  /** Appends entry `id` at index `length` (one of the entries seen there, or UNKNOWN_ENTRY). */
  push(id: number): void {
    const i = this.codes.length;
    if (id === UNKNOWN_ENTRY) {
      this.codes.push(UNKNOWN_CODE);
      return;
    }
    const r = this.entries.rank(i, id);
    if (r >= 0 && r < WIDE_CODE) this.codes.push(r);
    else {
      this.codes.push(WIDE_CODE);
      this.wide.set(i, id);
    }
  }

  /** Keeps the first `length` positions. */
  truncate(length: number): void {
    this.codes.truncate(length);
    for (const i of this.wide.keys()) if (i >= length) this.wide.delete(i);
  }
}

export function newMirror(id: string, entries: EntryTable): Mirror {
  return { id, role: 'follower', term: 0, ids: new MirrorLog(entries), snapshotIndex: 0 };
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
export function firstDifference(entries: EntryTable, a: { get(i: number): number }, b: { get(i: number): number }, upTo: number): number {
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
