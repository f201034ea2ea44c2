// A chart's step function of time (a server's term or commit index), kept as two lists of
// 16-bit steps (deltaList.ts): ~4 bytes a point where a [time, value] pair took ~64 and two
// number arrays 16 (the commit index moves ~40 times a second per server under load; issue 14,
// bounded memory).

import { DeltaList } from './deltaList.ts';

export class Series {
  private readonly ats = new DeltaList();
  private readonly values = new DeltaList();

  get length(): number {
    return this.ats.length;
  }

  /** The [time, value] points, made when drawn. */
  get points(): [number, number][] {
    const out: [number, number][] = [];
    this.ats.forEach(0, this.ats.length, (at) => out.push([at, 0]));
    this.values.forEach(0, this.values.length, (v, i) => {
      out[i][1] = v;
    });
    return out;
  }

  /** Adds a step; a value equal to the last is none, and a second at one time replaces the first. */
  add(at: number, value: number): void {
    const n = this.ats.length;
    if (n > 0 && this.values.lastValue === value) return;
    if (n > 0 && this.ats.lastValue === at) this.values.setLast(value);
    else {
      this.ats.push(at);
      this.values.push(value);
    }
  }
}
