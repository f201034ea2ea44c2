// The page's live grading equals a fresh replay's: the goal card's LiveGrader, fed the time
// machine's trace up to the displayed moment, gives the grade gradeAttempt gives — also after
// seeking back, and after acting in the past (a new branch cuts the trace back).

import { describe, expect, it } from 'vitest';
import { TimeMachine } from './timeMachine.ts';
import { LiveGrader } from './challengeLive.ts';
import { createSession } from './session.ts';
import { BUILTIN_CHALLENGES } from '../challenge/builtins.ts';
import { challengeSpecOf, v1Options } from '../challenge/builtin.ts';
import { gradeAttempt } from '../challenge/grade.ts';
import { builtinScenario } from '../challenge/builtin.ts';
import type { ActiveChallenge } from './challenge.ts';

function active(id: string, tm: TimeMachine): ActiveChallenge {
  const b = BUILTIN_CHALLENGES.find((x) => x.id === id)!;
  const scenario = builtinScenario(b);
  return { id, spec: challengeSpecOf(b), base: { options: v1Options(b.options), setup: b.setup ?? [] }, scenario, owner: createSession(tm.options) };
}

describe('grading the live run', () => {
  it('gives the replay’s grade at every moment, through seeks back and a new branch', () => {
    const b = BUILTIN_CHALLENGES.find((x) => x.id === 'split-vote')!;
    const tm = new TimeMachine(v1Options(b.options));
    const a = active('split-vote', tm);
    const live = new LiveGrader();
    tm.seek(500);
    expect(live.grade(a, tm, 500).doneAt).toBe(null);
    tm.act((c) => {
      c.crash('S1');
      c.timeout('S2');
      c.timeout('S3');
    });
    tm.seek(700);
    expect(live.grade(a, tm, 700).doneAt).toBe(null);
    tm.seek(1000);
    const now = live.grade(a, tm, 1000);
    const replay = gradeAttempt(a.spec, a.base, { options: tm.options, actions: tm.actions });
    expect(now.passed).toBe(true);
    expect(now.doneAt).toBe(replay.doneAt);
    expect(now.actionsUsed).toBe(replay.actionsUsed);
    // back before the goal: not yet
    tm.seek(600);
    expect(live.grade(a, tm, 600).doneAt).toBe(null);
    // a new branch at 600: a forbidden action — the attempt is broken, as a replay says
    tm.act((c) => c.partition([['S4']]));
    tm.seek(1000);
    const branched = live.grade(a, tm, 1000);
    const replayed = gradeAttempt(a.spec, a.base, { options: tm.options, actions: tm.actions });
    expect(branched.broken).toBe('Partition is not allowed in this challenge.');
    expect(branched.passed).toBe(false);
    expect({ doneAt: branched.doneAt, broken: branched.broken }).toEqual({ doneAt: replayed.doneAt, broken: replayed.broken });
  });

  it('a goal of time passing (no leader for 2 s) holds at the same moment live and replayed', () => {
    const b = BUILTIN_CHALLENGES.find((x) => x.id === 'leaderless')!;
    const tm = new TimeMachine(v1Options(b.options), b.setup);
    const a = active('leaderless', tm);
    const live = new LiveGrader();
    tm.seek(300);
    tm.act((c) => c.crash('S1'));
    tm.seek(2000);
    expect(live.grade(a, tm, 2000).doneAt).toBe(null);
    tm.seek(4000);
    const g = live.grade(a, tm, 4000);
    expect(g.passed).toBe(true);
    expect(g.doneAt).toBe(gradeAttempt(a.spec, a.base, { options: tm.options, actions: tm.actions }).doneAt);
  });
});
