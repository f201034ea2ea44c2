// The goal language's validation: what a link, a file or the editor may carry, and the plain
// message naming the field when it is wrong.

import { describe, expect, it } from 'vitest';
import { challengeProblem, parseChallenge } from './spec.ts';

const ok = { v: 1, title: 'Make S3 leader', goal: { kind: 'leader', node: 'S3' }, rules: { allow: ['timeout'], budget: 1 }, setup: 0, start: 500 };

function error(x: unknown): string {
  const r = parseChallenge(x);
  return r.ok ? 'ok' : r.error;
}

describe('parseChallenge', () => {
  it('accepts a goal of every kind, nested in all / any / then', () => {
    const goal = {
      all: [
        { kind: 'leader', node: 'S1', minTerm: 2, when: { partitioned: ['S2'], down: ['S3'], upAtMost: 3 } },
        { any: [{ kind: 'leaders', count: 2, withinMs: 2000 }, { kind: 'split-vote' }, { kind: 'no-leader', ms: 2000 }] },
        { then: [{ kind: 'commit', entry: 'config' }, { kind: 'read' }, { kind: 'truncate', node: 'S2' }] },
        { any: [{ kind: 'majority-overwritten' }, { kind: 'committed-erased' }, { kind: 'violation', property: 'leader-completeness' }] },
        { any: [{ kind: 'stale-read' }, { kind: 'message', type: 'PreVoteReply', granted: false, to: 'S3' }, { kind: 'step-down', sameTerm: true }] },
      ],
    };
    const r = parseChallenge({ ...ok, goal, hints: ['one', 'two'], description: '**md**', rules: { allow: ['crash', 'request'], limits: { crash: 2 }, timeLimitMs: 3000 } });
    expect(r.ok ? r.spec.goal : r.error).toEqual(goal);
  });

  it('names the field and says what is wrong, in plain words', () => {
    expect(error({ ...ok, goal: { kind: 'win' } })).toBe(
      "challenge.goal.kind: must be a kind of event (leader, leaders, step-down, split-vote, no-leader, commit, read, truncate, majority-overwritten, committed-erased, violation, stale-read, message), got 'win'",
    );
    expect(error({ ...ok, goal: { all: [{ kind: 'leader' }, { kind: 'leaders', count: 1, withinMs: 10 }] } })).toBe('challenge.goal.all[1].count: must be from 2 to 25, got 1');
    expect(error({ ...ok, goal: { kind: 'leader', nod: 'S1' } })).toBe("challenge.goal: unexpected field 'nod'");
    expect(error({ ...ok, goal: { kind: 'message', type: 'Hello' } })).toMatch(/^challenge\.goal\.type: must be a message type \(RequestVote, /);
    expect(error({ ...ok, goal: { kind: 'commit', when: {} } })).toBe('challenge.goal.when: names no condition (down, partitioned or upAtMost)');
    expect(error({ ...ok, goal: { all: [] } })).toBe('challenge.goal.all: must be a non-empty list of goals');
    expect(error({ ...ok, goal: 'leader' })).toMatch(/^challenge\.goal: must be an object/);
    expect(error({ ...ok, rules: { allow: ['crash', 'explode'] } })).toMatch(/^challenge\.rules\.allow\[1\]: must be an action type \(crash, restart, /);
    expect(error({ ...ok, rules: { allow: ['crash'], limits: { timeout: 1 } } })).toBe("challenge.rules.limits.timeout: 'timeout' is not in allow");
    expect(error({ ...ok, rules: { allow: ['crash'], budget: -1 } })).toBe('challenge.rules.budget: must be from 0 to 1000, got -1');
    expect(error({ ...ok, rules: { allow: ['crash'], timeLimitMs: 1.5 } })).toBe('challenge.rules.timeLimitMs: must be a whole number, got 1.5');
    expect(error({ ...ok, title: '  ' })).toBe('challenge.title: must not be empty');
    expect(error({ ...ok, v: 2 })).toBe('challenge.v: this challenge uses version 2, made by a newer raftlab; this page reads version 1');
    expect(error({ ...ok, run: 'alert(1)' })).toBe("challenge: unexpected field 'run'");
    expect(error(null)).toBe('challenge: must be an object');
  });

  it('keeps a hostile goal small: depth, conditions and texts are bounded', () => {
    let deep: unknown = { kind: 'split-vote' };
    for (let i = 0; i < 6; i++) deep = { all: [deep] };
    expect(error({ ...ok, goal: deep })).toMatch(/goals nest at most 4 deep$/);
    const many = { all: Array.from({ length: 8 }, () => ({ all: [{ kind: 'read' }, { kind: 'read' }, { kind: 'read' }] })) };
    expect(error({ ...ok, goal: many })).toMatch(/a goal has at most 16 conditions$/);
    expect(error({ ...ok, hints: Array.from({ length: 11 }, () => 'h') })).toBe('challenge.hints: at most 10 hints');
    expect(error({ ...ok, title: 'x'.repeat(201) })).toBe('challenge.title: must be at most 200 characters, got 201');
    expect(error({ ...ok, goal: { kind: 'leader', node: 'x'.repeat(70) } })).toBe('challenge.goal.node: a server name has at most 64 characters');
  });

  it('checks the challenge against its scenario: setup, start, the servers it names', () => {
    const spec = (x: object) => {
      const r = parseChallenge({ ...ok, ...x });
      if (!r.ok) throw new Error(r.error);
      return r.spec;
    };
    const scenario = { options: { nodes: ['S1', 'S2', 'S3'] }, actions: [{ at: 100, type: 'crash' as const, node: 'S1' }] };
    expect(challengeProblem(spec({}), scenario)).toBe(null);
    expect(challengeProblem(spec({ goal: { kind: 'leader', node: 'S9' } }), scenario)).toBe("challenge.goal.node: no server 'S9' in this scenario (it has S1, S2, S3)");
    expect(challengeProblem(spec({ setup: 2 }), scenario)).toBe("challenge.setup: the scenario has 1 actions, fewer than the 2 of the challenge's setup");
    expect(challengeProblem(spec({ setup: 1, start: 50 }), scenario)).toBe("challenge.start: 50 ms is before the setup's last action (100 ms)");
    const added = { ...scenario, actions: [...scenario.actions, { at: 200, type: 'addServer' as const, node: 'S9' }] };
    expect(challengeProblem(spec({ goal: { kind: 'leader', node: 'S9' } }), added)).toBe(null);
  });
});
