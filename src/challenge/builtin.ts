// How a built-in challenge is written: a built-in like the lectures (../scenario/builtin.ts:
// options as a diff against the frozen v1 defaults), its setup actions and start, the goal,
// rules and hints, and a recorded solution (the student's actions) that challenges.test.ts
// replays and grades.

import type { Action } from '../sim/index.ts';
import type { Scenario } from '../scenario/format.ts';
import { defineBuiltin, type OptionsDiff } from '../scenario/builtin.ts';
import { CHALLENGE_VERSION, type ChallengeSpec, type Goal, type Rules } from './types.ts';

export { v1Options } from '../scenario/builtin.ts';

export interface BuiltinChallenge {
  id: string;
  topic: string;
  title: string;
  /** Markdown. */
  description: string;
  options: OptionsDiff;
  /** The challenge's own actions before the student's. */
  setup?: Action[];
  /** Where the student starts (ms); the challenge opens there, paused. */
  start: number;
  goal: Goal;
  rules: Rules;
  hints: string[];
  /** A recorded solution: the student's actions. */
  solution: Action[];
}

export function challengeSpecOf(b: BuiltinChallenge): ChallengeSpec {
  return { v: CHALLENGE_VERSION, title: b.title, description: b.description, goal: b.goal, rules: b.rules, hints: b.hints, setup: b.setup?.length ?? 0, start: b.start };
}

/** The challenge as a scenario (its base: options and setup), ready to open or share. */
export function builtinScenario(b: BuiltinChallenge, actions: readonly Action[] = []): Scenario {
  return defineBuiltin({ options: b.options, actions: [...(b.setup ?? []), ...actions], title: `Challenge: ${b.title}`, challenge: challengeSpecOf(b) });
}
