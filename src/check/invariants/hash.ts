// The monitor's hashes: a 53-bit hash of a command's stable rendering, and the hash chain of a
// log prefix, h(i) = chain(h(i−1), term(i), command(i)). Integer arithmetic only.

import { stableStringify } from '../stable.ts';

export const TWO_32 = 4294967296;
/** 53-bit hash of a string (cyrb53, public domain). */
export function hashString(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_32 * (2097151 & h2) + (h1 >>> 0);
}

/** Hash of (prefix hash, term, command hash) → the next prefix hash; 53 bits, never negative. */
export function chain(prev: number, term: number, cmd: number): number {
  let h1 = 0x9e3779b9 ^ term;
  let h2 = 0x85ebca6b ^ term;
  const words = [prev >>> 0, Math.floor(prev / TWO_32), cmd >>> 0, Math.floor(cmd / TWO_32)];
  for (const w of words) {
    h1 = Math.imul(h1 ^ w, 2654435761);
    h2 = Math.imul(h2 ^ w, 1597334677);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_32 * (2097151 & h2) + (h1 >>> 0);
}

/** A prefix whose content the monitor does not know (checks involving it are skipped). */
export const UNKNOWN = -1;

/**
 * A command's hash (of its stable rendering; a no-op or configuration entry's kind mixed in).
 * Not cached: the monitor hashes an entry once, when it first sees it, and recognises the same
 * command object later without hashing (a cache per command object cost ~40 bytes an entry).
 */
export function commandHash(command: unknown, kind: string | undefined): number {
  const k = kind ?? 'command';
  const h = hashString(stableStringify(command));
  return k === 'command' ? h : chain(h, 0, hashString(k));
}
