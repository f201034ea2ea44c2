// Message fates (when each message was sent and when it was delivered or dropped, as trace
// indexes), kept in pages of integer arrays indexed by message id — ids are handed out in order
// from 1 — instead of a Map of objects (~120 bytes a message; under heavy load 1,200 messages
// per simulated second; issue 14, bounded memory). A message ends soon after it is sent, so its
// end is kept as the distance from its send in 16 bits: 6 bytes a message, and pages of a fixed
// size leave no room to spare that growing arrays would (8 bytes and up to twice that before).
// Reads like a Map.

export interface MessageFate {
  /** Trace index of its (last) send event. */
  sent: number;
  /** Trace index of its deliver or drop event, if it has ended. */
  ended?: number;
}

const NONE = -1;
/** Ids per page. */
const PAGE = 4096;
/** In an end page: not ended; ended too far from (or before) its send — see `far`. */
const NOT_ENDED = 0xffff;
const FAR = 0xfffe;

export class FateTable {
  private readonly sentPages: Int32Array[] = [];
  private readonly endPages: Uint16Array[] = [];
  /** Ends that do not fit 16 bits from the send (a message held long, a duplicate sent after the end). */
  private readonly far = new Map<number, number>();
  private count = 0;

  private page(id: number): number {
    const p = Math.floor(id / PAGE);
    while (this.sentPages.length <= p) {
      this.sentPages.push(new Int32Array(PAGE).fill(NONE));
      this.endPages.push(new Uint16Array(PAGE).fill(NOT_ENDED));
    }
    return p;
  }

  private setEnd(id: number, sent: number, ended: number | undefined): void {
    const p = Math.floor(id / PAGE);
    const d = ended === undefined ? NOT_ENDED : ended - sent;
    this.far.delete(id);
    if (ended === undefined) this.endPages[p][id % PAGE] = NOT_ENDED;
    else if (d >= 0 && d < FAR) this.endPages[p][id % PAGE] = d;
    else {
      this.endPages[p][id % PAGE] = FAR;
      this.far.set(id, ended);
    }
  }

  /** Message `id` was sent (again, for a duplicate) at trace index `index`. */
  sent(id: number, index: number): void {
    if (!Number.isInteger(id) || id < 0) return;
    const p = this.page(id);
    const before = this.get(id);
    if (before === undefined) this.count++;
    this.sentPages[p][id % PAGE] = index;
    // the end is kept from the send: a later send moves it
    if (before?.ended !== undefined) this.setEnd(id, index, before.ended);
  }

  /** Message `id` was delivered or dropped at trace index `index`. */
  ended(id: number, index: number): void {
    if (this.has(id)) this.setEnd(id, this.sentPages[Math.floor(id / PAGE)][id % PAGE], index);
  }

  has(id: number): boolean {
    if (!Number.isInteger(id) || id < 0) return false;
    const p = Math.floor(id / PAGE);
    return p < this.sentPages.length && this.sentPages[p][id % PAGE] !== NONE;
  }

  get(id: number): MessageFate | undefined {
    if (!this.has(id)) return undefined;
    const p = Math.floor(id / PAGE);
    const sent = this.sentPages[p][id % PAGE];
    const code = this.endPages[p][id % PAGE];
    if (code === NOT_ENDED) return { sent };
    return { sent, ended: code === FAR ? this.far.get(id) : sent + code };
  }

  /** Messages with a fate. */
  get size(): number {
    return this.count;
  }
}
