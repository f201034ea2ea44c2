// Which challenge a run is: a built-in one's id (also when it came back from a link, which does
// not carry the id), or a stable key for any other, so progress can be kept for both.

import { baseText, builtinIdOf } from '../../challenge/identify.ts';
import type { Scenario } from '../../scenario/format.ts';

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The progress key of a challenge's base scenario: a built-in's id, else `custom-` and a hash. */
export function challengeKey(base: Scenario, id: string | null): string {
  return id ?? builtinIdOf(base) ?? `custom-${fnv(baseText(base))}`;
}
