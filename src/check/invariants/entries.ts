// The log entries the monitor has seen, each kept once and shared by every node's mirror (issue
// 14, bounded memory: nine mirrors each holding a term, a hash, a command and a kind per index
// took ~550 bytes an index; an entry id per mirror and index takes 4).
//
// An entry is (index, term, prefix hash, command, kind): two nodes holding the same prefix hold
// the same entry. Entries of one index form a chain in the order first seen, so the first with a
// given term and a known prefix is Log Matching's "first seen" (who held it first, its hash).
// Entries whose prefix is unknown are kept by content (term, command) instead. Nothing is ever
// removed: Log Matching and State Machine Safety remember what any node once held or applied.

import { Float64Column, Int32Column } from './column.ts';
import { UNKNOWN } from './hash.ts';

/** The empty log's sentinel at index 0: term 0, hash 0. */
export const SENTINEL = 0;
/** A position the monitor knows nothing about: term and hash UNKNOWN, no command. */
export const UNKNOWN_ENTRY = 1;
/** No entry, no node. */
export const NONE = -1;

export class EntryTable {
  private readonly terms = new Int32Column();
  private readonly hashes = new Float64Column();
  /** The entry this one follows (its prefix), or NONE when not known. */
  private readonly parents = new Int32Column();
  /** Who held it first (a node code), and its kind (a kind code). */
  private readonly holders = new Int32Column();
  private readonly kindCodes = new Int32Column();
  private readonly commands: unknown[] = [];
  /** The next entry of the same index, or NONE; and the first entry of each index. */
  private readonly next = new Int32Column();
  private readonly heads = new Int32Column(NONE);
  private readonly names: string[] = [];
  private readonly nameCode = new Map<string, number>();
  private readonly kinds: (string | undefined)[] = [];

  constructor() {
    this.push(0, 0, NONE, NONE, null, undefined); // SENTINEL
    this.push(UNKNOWN, UNKNOWN, NONE, NONE, undefined, undefined); // UNKNOWN_ENTRY
  }

  term(id: number): number {
    return this.terms.get(id);
  }

  /** The prefix hash through this entry, or UNKNOWN. */
  hash(id: number): number {
    return this.hashes.get(id);
  }

  /** The entry this one follows, NONE when not known. */
  parent(id: number): number {
    return this.parents.get(id);
  }

  command(id: number): unknown {
    return this.commands[id];
  }

  kind(id: number): string | undefined {
    return this.kinds[this.kindCodes.get(id)];
  }

  /** The node that held the entry first. */
  holder(id: number): string {
    return this.nodeName(this.holders.get(id));
  }

  nodeCode(node: string): number {
    let c = this.nameCode.get(node);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(node);
      this.nameCode.set(node, c);
    }
    return c;
  }

  /** The node of a code, '' for NONE. */
  nodeName(code: number): string {
    return code === NONE ? '' : this.names[code];
  }

  /** The entry in place `rank` (from 0) among those seen at `index`, or NONE. */
  nth(index: number, rank: number): number {
    let id = this.head(index);
    for (let r = 0; r < rank && id !== NONE; r++) id = this.next.get(id);
    return id;
  }

  /** The place of entry `id` among those seen at `index` (nth's inverse), or −1 when it is not one of them. */
  rank(index: number, id: number): number {
    let r = 0;
    for (let e = this.head(index); e !== NONE; e = this.next.get(e), r++) if (e === id) return r;
    return -1;
  }

  /** The first entry at `index` of `term` that `accepts` takes, or NONE. */
  find(index: number, term: number, accepts: (id: number) => boolean): number {
    for (let id = this.head(index); id !== NONE; id = this.next.get(id)) {
      if (this.terms.get(id) === term && accepts(id)) return id;
    }
    return NONE;
  }

  /** The entry at `index` of `term` following `parent` with this very command object and kind, or NONE. */
  findSame(index: number, term: number, parent: number, command: unknown, kind: string | undefined): number {
    const k = this.kindCode(kind);
    for (let id = this.head(index); id !== NONE; id = this.next.get(id)) {
      if (this.terms.get(id) === term && this.parents.get(id) === parent && this.commands[id] === command && this.kindCodes.get(id) === k) return id;
    }
    return NONE;
  }

  /** The entry at `index` of `term` with this known prefix hash, or NONE. */
  findHash(index: number, term: number, hash: number): number {
    for (let id = this.head(index); id !== NONE; id = this.next.get(id)) {
      if (this.hashes.get(id) === hash && this.terms.get(id) === term) return id;
    }
    return NONE;
  }

  /** Log Matching's memory: the first entry seen at `index` with `term` and a known prefix, or NONE. */
  firstSeen(index: number, term: number): number {
    for (let id = this.head(index); id !== NONE; id = this.next.get(id)) {
      if (this.terms.get(id) === term && this.hashes.get(id) !== UNKNOWN) return id;
    }
    return NONE;
  }

  /**
   * Adds an entry at `index` (after those seen there before) and returns its id. The caller has
   * looked for it first: a known hash is never added twice at one index.
   */
  add(index: number, term: number, hash: number, parent: number, holder: string, command: unknown, kind: string | undefined): number {
    const id = this.push(term, hash, parent, this.nodeCode(holder), command, kind);
    let last = this.head(index);
    if (last === NONE) {
      this.heads.set(index, id);
      return id;
    }
    while (this.next.get(last) !== NONE) last = this.next.get(last);
    this.next.set(last, id);
    return id;
  }

  private head(index: number): number {
    return index < this.heads.length ? this.heads.get(index) : NONE;
  }

  private kindCode(kind: string | undefined): number {
    let c = this.kinds.indexOf(kind);
    if (c < 0) {
      c = this.kinds.length;
      this.kinds.push(kind);
    }
    return c;
  }

  private push(term: number, hash: number, parent: number, holder: number, command: unknown, kind: string | undefined): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.hashes.push(hash);
    this.parents.push(parent);
    this.holders.push(holder);
    this.kindCodes.push(this.kindCode(kind));
    this.commands.push(command);
    this.next.push(NONE);
    return id;
  }
}
