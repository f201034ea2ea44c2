// How a built-in challenge is written: options as a diff against the frozen v1 defaults (as the
// lectures are, so a built-in does not change if the engine's defaults do), its setup actions
// and start, the goal, rules and hints, and a recorded solution (the student's actions) that
// challenges.test.ts replays and grades.

import type { Action, ResolvedOptions } from '../sim/index.ts';
import { V1_DEFAULTS } from '../scenario/url.ts';
import { ENGINE, FORMAT_VERSION, type Scenario } from '../scenario/format.ts';
import type { OptionsDiff } from '../scenario/library/define.ts';
import { CHALLENGE_VERSION, type ChallengeSpec, type Goal, type Rules } from './types.ts';

/** A lecture's options diff, with a client workload too. */
export type ChallengeOptions = OptionsDiff & { workload?: Partial<ResolvedOptions['workload']> };

export interface BuiltinChallenge {
  id: string;
  topic: string;
  title: string;
  /** Markdown. */
  description: string;
  options: ChallengeOptions;
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

export function v1Options(diff: ChallengeOptions): ResolvedOptions {
  const d = structuredClone(V1_DEFAULTS) as ResolvedOptions;
  const initial: ResolvedOptions['initial'] = {};
  for (const [id, init] of Object.entries(diff.initial ?? {})) {
    const log = init.log ?? [];
    initial[id] = { term: init.term ?? (log.length > 0 ? log[log.length - 1].term : 0), votedFor: init.votedFor ?? null, log };
  }
  return {
    seed: diff.seed ?? d.seed,
    nodes: diff.nodes ?? d.nodes,
    timing: { ...d.timing, ...diff.timing },
    network: { ...d.network, ...diff.network },
    features: { ...d.features, ...diff.features },
    workload: { ...d.workload, ...diff.workload },
    initial,
  };
}

export function challengeSpecOf(b: BuiltinChallenge): ChallengeSpec {
  return { v: CHALLENGE_VERSION, title: b.title, description: b.description, goal: b.goal, rules: b.rules, hints: b.hints, setup: b.setup?.length ?? 0, start: b.start };
}

/** The challenge as a scenario (its base: options and setup), ready to open or share. */
export function builtinScenario(b: BuiltinChallenge, actions: readonly Action[] = []): Scenario {
  return {
    v: FORMAT_VERSION,
    engine: ENGINE,
    options: v1Options(b.options),
    actions: [...(b.setup ?? []), ...actions],
    title: `Challenge: ${b.title}`,
    challenge: challengeSpecOf(b),
  };
}
