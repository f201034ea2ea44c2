// The linearizability search's memo (Lowe 2017, section 4; Porcupine's `cache`).

/**
 * The set of explored configurations (linearized-set bitset, state id): a hash table with
 * chaining, stored in typed arrays (a configuration's bitset is copied into one growing pool),
 * so that recording a configuration allocates nothing in the common case.
 */
export class VisitedSet {
  private capacity: number;
  private count = 0;
  /** Bucket heads: index of the first configuration in each bucket, or -1. */
  private heads: Int32Array;
  /** Per configuration: the next one in its bucket (-1: end), its hash and its state id. */
  private nextInBucket: Int32Array;
  private hashes: Int32Array;
  private stateIds: Int32Array;
  /** Per configuration: its bitset, `words` words at offset index * words. */
  private bits: Uint32Array;
  /** Words per bitset. */
  private readonly words: number;

  /** `expected`: how many configurations to make room for at first (it grows as needed). */
  constructor(words: number, expected: number) {
    this.words = words;
    this.capacity = 64;
    while (this.capacity < expected) this.capacity *= 2;
    this.heads = new Int32Array(this.capacity * 2).fill(-1);
    this.nextInBucket = new Int32Array(this.capacity);
    this.hashes = new Int32Array(this.capacity);
    this.stateIds = new Int32Array(this.capacity);
    this.bits = new Uint32Array(this.capacity * words);
  }

  /** Records the configuration; false when it had been recorded already. */
  addIfNew(hash: number, bitset: Uint32Array, stateId: number): boolean {
    const { words } = this;
    const mask = this.heads.length - 1;
    for (let i = this.heads[hash & mask]; i !== -1; i = this.nextInBucket[i]) {
      if (this.hashes[i] !== hash || this.stateIds[i] !== stateId) continue;
      const base = i * words;
      let w = 0;
      while (w < words && this.bits[base + w] === bitset[w]) w++;
      if (w === words) return false;
    }
    if (this.count === this.capacity) this.grow();
    const index = this.count++;
    const bucket = hash & (this.heads.length - 1);
    this.hashes[index] = hash;
    this.stateIds[index] = stateId;
    this.bits.set(bitset, index * words);
    this.nextInBucket[index] = this.heads[bucket];
    this.heads[bucket] = index;
    return true;
  }

  private grow(): void {
    this.capacity *= 2;
    const hashes = new Int32Array(this.capacity);
    const stateIds = new Int32Array(this.capacity);
    const nextInBucket = new Int32Array(this.capacity);
    const bits = new Uint32Array(this.capacity * this.words);
    hashes.set(this.hashes);
    stateIds.set(this.stateIds);
    bits.set(this.bits);
    this.hashes = hashes;
    this.stateIds = stateIds;
    this.nextInBucket = nextInBucket; // rebuilt below
    this.bits = bits;
    // Re-bucket into twice as many buckets (load factor stays ≤ 1/2).
    this.heads = new Int32Array(this.capacity * 2).fill(-1);
    const mask = this.heads.length - 1;
    for (let i = 0; i < this.count; i++) {
      const bucket = this.hashes[i] & mask;
      this.nextInBucket[i] = this.heads[bucket];
      this.heads[bucket] = i;
    }
  }
}
