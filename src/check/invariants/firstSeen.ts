// Log Matching's memory: for each log index, the first entry seen there for each term (its
// prefix hash, who held it, its command); State Machine Safety's: the first entry applied at
// each index (its command's hash in `hash`). Nearly every index only ever sees one term, so that
// one is kept in columns — five numbers or references an index — and any later term at the same
// index in a small map (issue 14, bounded memory: an array holding an object per index took
// ~130 bytes more).

export interface FirstSeen {
  term: number;
  hash: number;
  node: string;
  command: unknown;
  kind: string | undefined;
}

export class FirstSeenTable {
  private readonly terms: number[] = [];
  private readonly hashes: number[] = [];
  private readonly nodes: string[] = [];
  private readonly commands: unknown[] = [];
  private readonly kinds: (string | undefined)[] = [];
  private readonly more = new Map<number, FirstSeen[]>();

  /** The first entry seen at `index` with `term`, if any. */
  get(index: number, term: number): FirstSeen | undefined {
    const t = this.terms[index] as number | undefined;
    if (t === undefined) return undefined;
    if (t === term) return { term, hash: this.hashes[index], node: this.nodes[index], command: this.commands[index], kind: this.kinds[index] };
    return this.more.get(index)?.find((s) => s.term === term);
  }

  /** The first entry seen at `index`, of any term (State Machine Safety keeps the first applied this way). */
  first(index: number): FirstSeen | undefined {
    const term = this.terms[index] as number | undefined;
    return term === undefined ? undefined : this.get(index, term);
  }

  /** Records `s` as the first entry of its term at `index` (get(index, s.term) was undefined). */
  add(index: number, s: FirstSeen): void {
    if ((this.terms[index] as number | undefined) === undefined) {
      this.terms[index] = s.term;
      this.hashes[index] = s.hash;
      this.nodes[index] = s.node;
      this.commands[index] = s.command;
      this.kinds[index] = s.kind;
      return;
    }
    const list = this.more.get(index);
    if (list === undefined) this.more.set(index, [s]);
    else list.push(s);
  }
}
