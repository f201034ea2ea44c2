// Grading a challenge: the rules (which actions, how many, nothing changed of the challenge's own
// setup or settings) and the goal, over a run. `gradeAttempt` replays an attempt from scratch
// with the engine's public API — what the tests, the console's grade() and a solution link use;
// the page grades its live run with the same GoalEvaluator fed by its own trace (they are the
// same events: the time machine's run equals createCluster(options, actions)).

import { stableStringify } from '../check/stable.ts';
import { createCluster, type Action, type ActionType, type ResolvedOptions } from '../sim/index.ts';
import { actionName, atomText, formatMs } from './describe.ts';
import { GoalEvaluator } from './evaluate.ts';
import type { ChallengeSpec } from './types.ts';

/** With no time limit, a replay is graded to this long after its last action (or the start). */
export const GRADE_HORIZON_MS = 10_000;

export interface ChallengeBase {
  options: ResolvedOptions;
  /** The challenge's own actions (its setup), before the student's. */
  setup: readonly Action[];
}

export interface Attempt {
  options: ResolvedOptions;
  actions: readonly Action[];
}

export interface RuleReport {
  /** The student's actions (after the setup), up to the moment graded. */
  actions: Action[];
  used: number;
  byType: Partial<Record<ActionType, number>>;
  /** Why the attempt breaks the rules, in plain words, or null. */
  broken: string | null;
}

/** The rules checked on an attempt's actions up to `upTo` ms (all when undefined). */
export function checkRules(spec: ChallengeSpec, base: ChallengeBase, attempt: Attempt, upTo?: number): RuleReport {
  const actions = attempt.actions.slice(spec.setup).filter((a) => upTo === undefined || a.at <= upTo);
  const byType: Partial<Record<ActionType, number>> = {};
  for (const a of actions) byType[a.type] = (byType[a.type] ?? 0) + 1;
  const report = (broken: string | null): RuleReport => ({ actions, used: actions.length, byType, broken });
  if (stableStringify(attempt.options) !== stableStringify(base.options)) {
    return report('The settings were changed: a challenge is played with its own settings. Reset starts it again.');
  }
  const setup = attempt.actions.slice(0, spec.setup);
  if (setup.length !== base.setup.length || setup.some((a, i) => stableStringify(a) !== stableStringify(base.setup[i]))) {
    return report('The challenge’s own opening actions were changed (an action before its start?). Reset starts it again.');
  }
  const early = actions.find((a) => a.at < spec.start);
  if (early !== undefined) return report(`An action at ${formatMs(early.at)} is before the challenge’s start (${formatMs(spec.start)}).`);
  const r = spec.rules;
  const forbidden = actions.find((a) => !r.allow.includes(a.type));
  if (forbidden !== undefined) return report(`${actionName(forbidden.type)} is not allowed in this challenge.`);
  for (const [type, n] of Object.entries(byType) as [ActionType, number][]) {
    const limit = r.limits?.[type];
    if (limit !== undefined && n > limit) return report(`${actionName(type)} was used ${n} times; the limit is ${limit}.`);
  }
  if (r.budget !== undefined && actions.length > r.budget) return report(`${actions.length} actions were used; the budget is ${r.budget}.`);
  return report(null);
}

export interface Grade {
  passed: boolean;
  /** When the goal was reached (simulated ms), or null. */
  doneAt: number | null;
  /** doneAt − start. */
  timeUsedMs: number | null;
  /** Reached, but after the time limit. */
  late: boolean;
  actionsUsed: number;
  broken: string | null;
  conditions: { text: string; doneAt: number | null }[];
  /** The simulated time graded to. */
  until: number;
}

export function deadlineOf(spec: ChallengeSpec): number | null {
  return spec.rules.timeLimitMs === undefined ? null : spec.start + spec.rules.timeLimitMs;
}

/** A grade from an evaluator that has seen the run up to `until`. */
export function gradeFrom(spec: ChallengeSpec, base: ChallengeBase, attempt: Attempt, ev: GoalEvaluator, until: number): Grade {
  const doneAt = ev.doneAt;
  const rules = checkRules(spec, base, attempt, doneAt ?? until);
  const deadline = deadlineOf(spec);
  const late = doneAt !== null && deadline !== null && doneAt > deadline;
  return {
    passed: doneAt !== null && !late && rules.broken === null,
    doneAt,
    timeUsedMs: doneAt === null ? null : doneAt - spec.start,
    late,
    actionsUsed: rules.used,
    broken: rules.broken,
    conditions: ev.conditions().map((c) => ({ text: atomText(c.atom), doneAt: c.doneAt })),
    until,
  };
}

/** Where a replay of an attempt is graded to: the deadline, else 10 s past its last action. */
export function gradeHorizon(spec: ChallengeSpec, attempt: Attempt): number {
  const deadline = deadlineOf(spec);
  if (deadline !== null) return deadline;
  const last = attempt.actions.length > 0 ? attempt.actions[attempt.actions.length - 1].at : 0;
  return Math.max(spec.start, last) + GRADE_HORIZON_MS;
}

/** Replays an attempt from 0 and grades it (stops when the goal is reached). */
export function gradeAttempt(spec: ChallengeSpec, base: ChallengeBase, attempt: Attempt, until = gradeHorizon(spec, attempt)): Grade {
  const c = createCluster(attempt.options, [...attempt.actions]);
  const ev = new GoalEvaluator(spec.goal, attempt.options.nodes, spec.start);
  c.subscribe((e) => ev.feed(e));
  c.runUntil(() => ev.doneAt !== null, until);
  if (ev.doneAt === null) ev.advanceTo(until);
  return gradeFrom(spec, base, attempt, ev, ev.doneAt ?? until);
}
