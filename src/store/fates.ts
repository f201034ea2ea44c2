// Message fates (when each message was sent and when it was delivered or dropped, as trace
// indexes), kept as two growable integer arrays indexed by message id — ids are handed out in
// order from 1 — instead of a Map of objects: ~8 bytes per message instead of ~120 (under heavy
// load 1,200 messages per simulated second; issue 14, bounded memory). Reads like a Map.

export interface MessageFate {
  /** Trace index of its (last) send event. */
  sent: number;
  /** Trace index of its deliver or drop event, if it has ended. */
  ended?: number;
}

const NONE = -1;

export class FateTable {
  private sentAt = new Int32Array(1024).fill(NONE);
  private endedAt = new Int32Array(1024).fill(NONE);
  private count = 0;

  private grow(id: number): void {
    if (id < this.sentAt.length) return;
    let n = this.sentAt.length;
    while (n <= id) n *= 2;
    const s = new Int32Array(n).fill(NONE);
    const e = new Int32Array(n).fill(NONE);
    s.set(this.sentAt);
    e.set(this.endedAt);
    this.sentAt = s;
    this.endedAt = e;
  }

  /** Message `id` was sent (again, for a duplicate) at trace index `index`. */
  sent(id: number, index: number): void {
    if (!Number.isInteger(id) || id < 0) return;
    this.grow(id);
    if (this.sentAt[id] === NONE) this.count++;
    this.sentAt[id] = index;
  }

  /** Message `id` was delivered or dropped at trace index `index`. */
  ended(id: number, index: number): void {
    if (this.has(id)) this.endedAt[id] = index;
  }

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.sentAt.length && this.sentAt[id] !== NONE;
  }

  get(id: number): MessageFate | undefined {
    if (!this.has(id)) return undefined;
    const ended = this.endedAt[id];
    return ended === NONE ? { sent: this.sentAt[id] } : { sent: this.sentAt[id], ended };
  }

  /** Messages with a fate. */
  get size(): number {
    return this.count;
  }
}
