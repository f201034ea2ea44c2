// Growable typed columns for the safety monitor (issue 14, bounded memory): which entry a node
// holds at an index in 1 byte, an entry id in 4 and a prefix hash in 8, where a JavaScript array
// of numbers takes 8 a slot and grows by half again its size; the monitor keeps one per node and index.

// Each class has its own get, push and set, so that every element access sees one kind of typed
// array (a method shared by the three would be slow: the monitor reads these on every event).

abstract class Column<A extends Uint8Array | Int32Array | Float64Array> {
  protected buf: A;
  protected n = 0;

  /** `fill`: the value of slots that `set` skips over when it extends the column. */
  constructor(
    protected readonly fill: number,
    capacity: number,
  ) {
    this.buf = this.make(Math.max(1, capacity));
  }

  protected abstract make(capacity: number): A;

  get length(): number {
    return this.n;
  }

  /** Keeps the first `length` elements (a longer length changes nothing). */
  truncate(length: number): void {
    if (length < this.n) this.n = Math.max(0, length);
  }

  /** Makes room for element i, the slots from the end to i holding `fill`. */
  protected extend(i: number): void {
    if (i >= this.buf.length) this.grow(i + 1);
    this.buf.fill(this.fill, this.n, i);
    this.n = i + 1;
  }

  protected grow(atLeast: number): void {
    // half again, not double: the slack stays a third of what is used at most
    const next = this.make(Math.max(atLeast, Math.ceil(this.buf.length * 1.5), 16));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
}

/** Bytes: which of an index's entries a node holds. */
export class Uint8Column extends Column<Uint8Array> {
  constructor(fill = 0, capacity = 16) {
    super(fill, capacity);
  }

  protected make(capacity: number): Uint8Array {
    return new Uint8Array(capacity);
  }

  /** The element at i (0 ≤ i < length). */
  get(i: number): number {
    return this.buf[i];
  }

  push(x: number): void {
    if (this.n === this.buf.length) this.grow(this.n + 1);
    this.buf[this.n++] = x;
  }

  /** Sets the element at i; past the end, the column grows to i + 1, the slots between holding `fill`. */
  set(i: number, x: number): void {
    if (i >= this.n) this.extend(i);
    this.buf[i] = x;
  }
}

/** 32-bit integers: terms, entry ids, node codes. */
export class Int32Column extends Column<Int32Array> {
  constructor(fill = 0, capacity = 16) {
    super(fill, capacity);
  }

  protected make(capacity: number): Int32Array {
    return new Int32Array(capacity);
  }

  /** The element at i (0 ≤ i < length). */
  get(i: number): number {
    return this.buf[i];
  }

  push(x: number): void {
    if (this.n === this.buf.length) this.grow(this.n + 1);
    this.buf[this.n++] = x;
  }

  /** Sets the element at i; past the end, the column grows to i + 1, the slots between holding `fill`. */
  set(i: number, x: number): void {
    if (i >= this.n) this.extend(i);
    this.buf[i] = x;
  }
}

/** Doubles: prefix hashes (53-bit integers, or UNKNOWN). */
export class Float64Column extends Column<Float64Array> {
  constructor(fill = 0, capacity = 16) {
    super(fill, capacity);
  }

  protected make(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }

  /** The element at i (0 ≤ i < length). */
  get(i: number): number {
    return this.buf[i];
  }

  push(x: number): void {
    if (this.n === this.buf.length) this.grow(this.n + 1);
    this.buf[this.n++] = x;
  }

  /** Sets the element at i; past the end, the column grows to i + 1, the slots between holding `fill`. */
  set(i: number, x: number): void {
    if (i >= this.n) this.extend(i);
    this.buf[i] = x;
  }
}
