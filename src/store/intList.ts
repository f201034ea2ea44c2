// A growable list of 32-bit integers (trace indexes): 4 bytes an element where a JavaScript
// array of numbers takes 8 (issue 14, bounded memory — the index keeps one per message sent,
// per console line, per election and commit).

export class IntList {
  private buf: Int32Array;
  private n = 0;

  constructor(capacity = 256) {
    this.buf = new Int32Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.n;
  }

  push(x: number): void {
    if (this.n === this.buf.length) {
      // a quarter again, not double: the room to spare stays under a fifth of what is used (the
      // sends of a long heavy run are ~1,200 a simulated second)
      const next = new Int32Array(Math.max(this.buf.length + 16, Math.ceil(this.buf.length * 1.25)));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = x;
  }

  /** The element at i (0 ≤ i < length). */
  get(i: number): number {
    return this.buf[i];
  }

  /** The elements as a typed array sharing this list's memory: valid until the next push. */
  view(): Int32Array {
    return this.buf.subarray(0, this.n);
  }
}
