// Which built-in challenge a challenge scenario is, when it came from a link, a file or the
// console (which carry no id): its base (options, setup actions, the challenge itself) equals
// the built-in's exactly. The engine id is left out: a built-in shared before an engine bump is
// still that built-in. Loaded with the built-ins, not on first load.

import { stableStringify } from '../check/stable.ts';
import type { Scenario } from '../scenario/format.ts';
import { BUILTIN_CHALLENGES } from './builtins.ts';
import { builtinScenario } from './builtin.ts';

let byText: Map<string, string> | null = null;

/** The text a base scenario is matched by. */
export function baseText(base: Scenario): string {
  return stableStringify({ ...base, engine: null });
}

/** The id of the built-in challenge whose base is `base` (a scenario without the student's actions), or null. */
export function builtinIdOf(base: Scenario): string | null {
  byText ??= new Map(BUILTIN_CHALLENGES.map((b) => [baseText(builtinScenario(b)), b.id]));
  return byText.get(baseText(base)) ?? null;
}
