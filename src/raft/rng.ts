// sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG): 128 bits of plain state, so a
// generator can live inside checkpointed state. Only integer arithmetic: every JavaScript
// engine produces the same stream, bit for bit.

/** The generator's state: four unsigned 32-bit words, mutated in place by `nextU32`. */
export type Rng = [number, number, number, number];

export function nextU32(s: Rng): number {
  const a = s[0], b = s[1], c = s[2], d = s[3];
  const t = (((a + b) | 0) + d) | 0;
  s[3] = (d + 1) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = ((c << 21) | (c >>> 11)) + t | 0;
  return t >>> 0;
}

/** A uniform integer in [lo, hi] (inclusive). Multiply-shift, exact in IEEE doubles. */
export function uniformInt(s: Rng, lo: number, hi: number): number {
  if (hi <= lo) return lo;
  const span = hi - lo + 1;
  return lo + Math.floor((nextU32(s) * span) / 4294967296);
}

/** A uniform number in [0, 1): a 32-bit draw divided by 2^32 (exact). */
export function uniform01(s: Rng): number {
  return nextU32(s) / 4294967296;
}

/** True with probability p; always consumes exactly one draw so streams stay aligned. */
export function chance(s: Rng, p: number): boolean {
  const u = nextU32(s);
  return p > 0 && u < p * 4294967296;
}

/**
 * A 32-bit string hash: FNV-1a from `seed`, finished with MurmurHash3's fmix32 (plain FNV-1a of
 * strings differing in their last character differs by a multiple of the prime; the finish
 * spreads that over every bit). Names the random streams here; the exhaustive explorer's state
 * fingerprints use it too (src/check/explore/state.ts). Streams depend on it bit for bit: every
 * recorded run replays through it, so it must never change.
 */
export function hash32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An independent stream derived from the cluster seed and a label (a node id, a link
 * "S1→S2", a client id): one consumer's draws never shift another's (DESIGN.md).
 */
export function deriveRng(seed: number, label: string): Rng {
  const s: Rng = [
    hash32(label, 0x811c9dc5 ^ seed),
    hash32(label + '#1', 0x9e3779b9 ^ seed),
    hash32(label + '#2', 0x7f4a7c15 ^ seed),
    hash32(label + '#3', seed | 0) | 1,
  ];
  for (let i = 0; i < 12; i++) nextU32(s); // warm up: decorrelate nearby seeds
  return s;
}
