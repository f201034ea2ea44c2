// The built-in challenges: each recorded solution, replayed from its base, passes the grader; a
// do-nothing attempt fails; breaking the rules cannot count; the library's catalog agrees with
// them; and each travels in a share link.

import { describe, expect, it } from 'vitest';
import { BUILTIN_CHALLENGES } from './builtins.ts';
import { builtinScenario, challengeSpecOf, v1Options, type BuiltinChallenge } from './builtin.ts';
import { CHALLENGE_CATALOG } from './catalog.ts';
import { catalogInfo } from './info.ts';
import { gradeAttempt } from './grade.ts';
import type { Action } from '../sim/index.ts';
import { encodeScenario, hashToScenario } from '../scenario/url.ts';

function grade(b: BuiltinChallenge, actions: readonly Action[], options = v1Options(b.options)) {
  const base = { options: v1Options(b.options), setup: b.setup ?? [] };
  return gradeAttempt(challengeSpecOf(b), base, { options, actions: [...(b.setup ?? []), ...actions] });
}

const byId = (id: string) => BUILTIN_CHALLENGES.find((b) => b.id === id)!;

describe('the built-in challenges', () => {
  it('span the curriculum: at least 12, every topic the issue names', () => {
    expect(BUILTIN_CHALLENGES.length).toBeGreaterThanOrEqual(12);
    const topics = new Set(BUILTIN_CHALLENGES.map((b) => b.topic));
    for (const t of ['Elections', 'Replication', 'Partitions', 'Figure 8', 'PreVote and CheckQuorum', 'Membership and transfer', 'Snapshots', 'Reads']) expect(topics).toContain(t);
    expect(new Set(BUILTIN_CHALLENGES.map((b) => b.id)).size).toBe(BUILTIN_CHALLENGES.length);
  });

  for (const b of BUILTIN_CHALLENGES) {
    it(`${b.id}: the recorded solution passes within the rules; doing nothing fails`, () => {
      const solved = grade(b, b.solution);
      expect(solved.broken).toBe(null);
      expect(solved.passed).toBe(true);
      expect(solved.conditions.every((c) => c.doneAt !== null)).toBe(true);
      expect(solved.actionsUsed).toBe(b.solution.filter((a) => a.at <= solved.doneAt!).length);
      const idle = grade(b, []);
      expect(idle.passed).toBe(false);
      expect(idle.doneAt).toBe(null);
    });
  }

  it('a solution with a forbidden action, over the budget or after the time limit cannot count', () => {
    const split = byId('split-vote');
    const forbidden = grade(split, [...split.solution, { at: 500, type: 'partition', groups: [['S4']] }]);
    expect(forbidden.passed).toBe(false);
    expect(forbidden.broken).toBe('Partition is not allowed in this challenge.');
    const two = byId('two-leaders');
    const over = grade(two, [...two.solution.slice(0, 1), { at: 600, type: 'crash', node: 'S5' }, ...two.solution.slice(1)]);
    expect(over.broken).toBe('3 actions were used; the budget is 2.');
    const three = byId('commit-3-of-5');
    const crashes = grade(three, [{ at: 500, type: 'crash', node: 'S3' }, ...three.solution.slice(0, 2), { at: 500, type: 'request', op: { type: 'put', key: 'x', value: '1' } }]);
    expect(crashes.broken).toBe('Crash was used 3 times; the limit is 2.');
    const s3 = byId('elect-s3');
    const late = grade(s3, [{ at: 1600, type: 'timeout', node: 'S3' }]);
    expect(late.passed).toBe(false);
  });

  it('the challenge’s own settings and setup must be kept', () => {
    const s3 = byId('elect-s3');
    const other = v1Options({ ...s3.options, seed: 2 });
    expect(grade(s3, s3.solution, other).broken).toMatch(/^The settings were changed/);
    const leaderless = byId('leaderless');
    const base = { options: v1Options(leaderless.options), setup: leaderless.setup ?? [] };
    const noSetup = gradeAttempt(challengeSpecOf(leaderless), base, { options: base.options, actions: leaderless.solution });
    expect(noSetup.broken).toMatch(/opening actions were changed/);
  });

  it('correct Raft never erases a committed entry: Figure 8’s moves on correct Raft do not pass the broken variant’s goal', () => {
    const broken = byId('figure-8-broken');
    const correct = byId('figure-8');
    const g = gradeAttempt(challengeSpecOf(broken), { options: v1Options(correct.options), setup: [] }, { options: v1Options(correct.options), actions: correct.solution });
    expect(g.doneAt).toBe(null);
  });

  it('each broken variant has a challenge, and its solution breaks nothing in correct Raft', () => {
    const variants = ['commit-old-terms', 'vote-without-log-check', 'forget-vote', 'truncate-always', 'local-reads'];
    const broken = BUILTIN_CHALLENGES.filter((b) => b.options.features?.variant !== undefined && b.options.features.variant !== 'none');
    expect(new Set(broken.map((b) => b.options.features!.variant))).toEqual(new Set(variants));
    for (const b of broken) {
      const correct = v1Options({ ...b.options, features: { ...b.options.features, variant: 'none' } });
      const g = gradeAttempt(challengeSpecOf(b), { options: correct, setup: b.setup ?? [] }, { options: correct, actions: [...(b.setup ?? []), ...b.solution] });
      expect(g.doneAt, b.id).toBe(null);
    }
  });

  it('Figure 8 is played in correct Raft with noopOnElection off, and with the commit-old-terms variant', () => {
    const fig8 = v1Options(byId('figure-8').options).features;
    expect(fig8.noopOnElection).toBe(false);
    expect(fig8.variant).toBe('none');
    const broken = v1Options(byId('figure-8-broken').options).features;
    expect(broken.noopOnElection).toBe(false);
    expect(broken.variant).toBe('commit-old-terms');
  });

  it('the library’s catalog says what the challenges are', () => {
    expect(CHALLENGE_CATALOG).toEqual(BUILTIN_CHALLENGES.map(catalogInfo));
  });

  it('each opens from a share link, and a solution link carries the solution', () => {
    for (const b of BUILTIN_CHALLENGES) {
      const s = builtinScenario(b, b.solution);
      const back = hashToScenario(`s=${encodeScenario(s)}`);
      expect(back.ok ? back.scenario.challenge : back.error).toEqual(challengeSpecOf(b));
      expect(back.ok && back.scenario.actions).toEqual([...(b.setup ?? []), ...b.solution]);
    }
  });
});
