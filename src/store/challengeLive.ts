// Grading the run on screen as the student acts (loaded with the goal card): the challenge's
// GoalEvaluator is fed the time machine's trace up to the displayed moment, incrementally; it
// starts again when the trace is cut back (a seek into the past, a new branch) or the run
// changes. The rules are checked on the time machine's action script.

import { GoalEvaluator } from '../challenge/evaluate.ts';
import { gradeFrom, type Grade } from '../challenge/grade.ts';
import type { ChallengeSpec } from '../challenge/types.ts';
import type { TimeMachine } from './timeMachine.ts';
import type { ActiveChallenge } from './challenge.ts';

export class LiveGrader {
  private ev: GoalEvaluator | null = null;
  private fed = 0;
  private tm: TimeMachine | null = null;
  private generation = -1;
  private spec: ChallengeSpec | null = null;
  private last = 0;

  /** The grade of the run of `tm` at the displayed time `t`. */
  grade(a: ActiveChallenge, tm: TimeMachine, t: number): Grade {
    const length = tm.traceLength;
    const now = Math.floor(t);
    // back in time: start again (a goal of time passing may have held only later)
    if (this.ev === null || this.tm !== tm || this.generation !== tm.generation || this.spec !== a.spec || length < this.fed || now < this.last) {
      this.ev = new GoalEvaluator(a.spec.goal, tm.options.nodes, a.spec.start);
      this.fed = 0;
      this.tm = tm;
      this.generation = tm.generation;
      this.spec = a.spec;
    }
    const ev = this.ev;
    if (this.fed < length) tm.trace.forEach(this.fed, length, (e) => ev.feed(e));
    this.fed = length;
    this.ev.advanceTo(now);
    this.last = now;
    return gradeFrom(a.spec, a.base, { options: tm.options, actions: tm.actions }, this.ev, now);
  }
}
