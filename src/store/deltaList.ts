// A growable list of non-decreasing integers (trace indexes of a console's lines), 2 bytes an
// element: each is kept as its distance from the one before, in pages of fixed size that start
// from a full value (issue 14, bounded memory: a console line's trace index in 32 bits, in an
// array grown by doubling, took 4–8 bytes). A distance that does not fit 16 bits is kept whole
// aside. Reading element i sums at most a page.

const PAGE = 1024;
/** In a page: the element is kept whole in `wide`. */
const WIDE = 0xffff;

export class DeltaList {
  /** Each page's first element. */
  private readonly bases: number[] = [];
  private readonly pages: Uint16Array[] = [];
  private readonly wide = new Map<number, number>();
  private n = 0;
  private last = 0;
  private beforeLast = 0;

  get length(): number {
    return this.n;
  }

  /** Appends x (x ≥ the last element; a smaller one is kept too, whole). */
  push(x: number): void {
    if (this.n % PAGE === 0) {
      this.bases.push(x);
      this.pages.push(new Uint16Array(PAGE));
    }
    this.beforeLast = this.last;
    this.n++;
    this.setLast(x);
  }

  /** The last element (the list is not empty). */
  get lastValue(): number {
    return this.last;
  }

  /** Replaces the last element (the list is not empty). */
  setLast(x: number): void {
    const i = this.n - 1;
    const off = i % PAGE;
    this.wide.delete(i);
    if (off === 0) this.bases[this.bases.length - 1] = x;
    else {
      const d = x - this.beforeLast;
      const page = this.pages[this.pages.length - 1];
      if (d >= 0 && d < WIDE) page[off] = d;
      else {
        page[off] = WIDE;
        this.wide.set(i, x);
      }
    }
    this.last = x;
  }

  /** The element at i (0 ≤ i < length). */
  get(i: number): number {
    let x = 0;
    this.forEach(i, i + 1, (v) => {
      x = v;
    });
    return x;
  }

  /** Calls fn with elements [from, to) and their positions, in order. */
  forEach(from: number, to: number, fn: (x: number, i: number) => void): void {
    const end = Math.min(to, this.n);
    let i = Math.max(0, from);
    while (i < end) {
      const p = Math.floor(i / PAGE);
      const page = this.pages[p];
      const stop = Math.min(end, (p + 1) * PAGE);
      let x = this.bases[p];
      for (let j = p * PAGE + 1; j <= i; j++) x = this.next(x, page, j);
      fn(x, i);
      for (i++; i < stop; i++) {
        x = this.next(x, page, i);
        fn(x, i);
      }
    }
  }

  /** The first position whose element is ≥ x (the length when none is): elements non-decreasing. */
  lowerBound(x: number): number {
    // the last page starting below x holds the answer, or the next page's start
    let lo = 0;
    let hi = this.bases.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bases[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const p = lo - 1;
    let found = Math.min(this.n, (p + 1) * PAGE);
    let done = false;
    this.forEach(p * PAGE, found, (v, i) => {
      if (!done && v >= x) {
        found = i;
        done = true;
      }
    });
    return found;
  }

  private next(x: number, page: Uint16Array, i: number): number {
    const d = page[i % PAGE];
    return d === WIDE ? (this.wide.get(i) as number) : x + d;
  }
}
