// raftlab.challenge in the browser console (docs/api.md, docs/challenges.md):
//   raftlab.challenges()            the built-in challenges, { id, title, topic }
//   raftlab.challenge(id)           opens one (as .open(id)); resolves to its status
//   raftlab.challenge.list()        as raftlab.challenges()
//   raftlab.challenge.open(x)       a built-in's id, a scenario (object, link or JSON text) carrying a
//                                   challenge, or a bare challenge played on the current run from now
//   raftlab.challenge.status()      { id, title, solved, actionsUsed, budget, broken, … } of the open one, or null
//   raftlab.challengeStatus()       the same
//   raftlab.challenge.grade()       replays the attempt from 0 and grades it to its horizon
// Bad input throws (rejects) with a message naming the field; nothing runs.

import { CHALLENGE_CATALOG } from '../challenge/catalog.ts';
import { parseChallenge } from '../challenge/spec.ts';
import type { Grade } from '../challenge/grade.ts';
import { ENGINE, FORMAT_VERSION, parseScenario } from '../scenario/format.ts';
import { loadScenarioInput } from '../scenario/api.ts';
import { useApp } from './app.ts';
import { session } from './session.ts';
import { activeChallenge, challengeGradeNow, challengeIdentified, loadLiveGrader, openBuiltinChallenge, openChallengeScenario } from './challenge.ts';

export interface ChallengeStatus {
  /** A built-in challenge's id (also opened from a link or a file: its base is the built-in's), else null. */
  id: string | null;
  title: string;
  solved: boolean;
  actionsUsed: number;
  budget: number | null;
  /** Why the attempt breaks the rules (then it cannot count), or null. */
  broken: string | null;
  /** When the goal was reached (ms), or null; and how long after the start. */
  doneAt: number | null;
  timeUsedMs: number | null;
  /** Simulated ms left of the time limit at the displayed time (null: no limit). */
  timeLeftMs: number | null;
  /** The goal's conditions in words, with when each held. */
  goal: { text: string; doneAt: number | null }[];
}

export interface ChallengeConsole {
  (x: unknown): Promise<ChallengeStatus | null>;
  list(): { id: string; title: string; topic: string }[];
  open(x: unknown): Promise<ChallengeStatus | null>;
  status(): ChallengeStatus | null;
  grade(): Promise<Grade>;
}

export function challengeList(): { id: string; title: string; topic: string }[] {
  return CHALLENGE_CATALOG.map((c) => ({ id: c.id, title: c.title, topic: c.topic }));
}

export function challengeStatus(): ChallengeStatus | null {
  const a = activeChallenge();
  const g = challengeGradeNow();
  if (a === null || g === null) return null;
  const deadline = a.spec.rules.timeLimitMs === undefined ? null : a.spec.start + a.spec.rules.timeLimitMs;
  const t = Math.floor(useApp.getState().displayedTime);
  return {
    id: a.id,
    title: a.spec.title,
    solved: g.passed,
    actionsUsed: g.actionsUsed,
    budget: a.spec.rules.budget ?? null,
    broken: g.broken ?? (g.late ? 'The goal was reached after the time limit.' : null),
    doneAt: g.doneAt,
    timeUsedMs: g.timeUsedMs,
    timeLeftMs: deadline === null ? null : Math.max(0, deadline - t),
    goal: g.conditions,
  };
}

function isBareChallenge(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && 'goal' in x && !('options' in x);
}

async function open(x: unknown): Promise<ChallengeStatus | null> {
  if (typeof x === 'string' && CHALLENGE_CATALOG.some((c) => c.id === x)) {
    if (!(await openBuiltinChallenge(x))) throw new Error(`challenge: '${x}' could not be opened`);
  } else if (isBareChallenge(x)) {
    // a bare challenge: played on the current run, its actions so far as the setup, from now
    const { tm } = session();
    const start = Math.round(useApp.getState().displayedTime);
    const setup = tm.actions.filter((a) => a.at <= start);
    const c = parseChallenge({ v: 1, setup: setup.length, start, ...x });
    if (!c.ok) throw new Error(c.error);
    const r = parseScenario({ v: FORMAT_VERSION, engine: ENGINE, options: tm.options, actions: setup, title: `Challenge: ${c.spec.title}`, challenge: c.spec });
    if (!r.ok) throw new Error(r.error);
    openChallengeScenario(r.value, null);
  } else if (typeof x === 'string' && /^[\w-]{1,60}$/.test(x)) {
    throw new Error(`challenge: no built-in challenge '${x}' (known: ${CHALLENGE_CATALOG.map((c) => c.id).join(', ')})`);
  } else {
    const r = loadScenarioInput(x);
    if (!r.ok) throw new Error(r.error);
    if (r.scenario.challenge === undefined) throw new Error('challenge: this scenario carries no challenge (raftlab.load opens any scenario)');
    openChallengeScenario(r.scenario, null, { t: r.t });
  }
  await Promise.all([loadLiveGrader(), challengeIdentified()]);
  return challengeStatus();
}

async function grade(): Promise<Grade> {
  const a = activeChallenge();
  if (a === null) throw new Error('challenge: no challenge is open (raftlab.challenge(id) opens one)');
  const { gradeAttempt } = await import('../challenge/grade.ts');
  const { tm } = session();
  return gradeAttempt(a.spec, a.base, { options: tm.options, actions: tm.actions });
}

export function createChallengeConsole(): ChallengeConsole {
  const fn = ((x: unknown) => open(x)) as ChallengeConsole;
  fn.list = challengeList;
  fn.open = open;
  fn.status = challengeStatus;
  fn.grade = grade;
  return fn;
}
