// The challenge editor's model: a challenge from the form's fields on the current run, and the
// plain messages it shows for bad fields.

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import { buildChallenge, GOAL_TEMPLATES, type EditorFields } from './editorModel.ts';
import { parseChallenge } from './spec.ts';
import { gradeAttempt } from './grade.ts';

const c = createCluster({ nodes: 5, seed: 1 });
c.runFor(300);
c.crash('S5');
c.runFor(200);
const run = { options: c.options, actions: c.actions(), start: 500 };
const fields: EditorFields = { title: 'Elect S3', description: '', goal: '{"kind":"leader","node":"S3"}', allow: ['timeout'], budget: '1', timeLimitMs: '1000', hints: 'Force a timeout.\n\n' };

describe('the challenge editor', () => {
  it('makes a challenge of the current run: its actions so far are the setup, the displayed time the start', () => {
    const r = buildChallenge(fields, run);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.challenge).toEqual({ v: 1, title: 'Elect S3', goal: { kind: 'leader', node: 'S3' }, rules: { allow: ['timeout'], budget: 1, timeLimitMs: 1000 }, setup: 1, start: 500, hints: ['Force a timeout.'] });
    const base = { options: r.scenario.options, setup: r.scenario.actions };
    const solved = gradeAttempt(r.scenario.challenge!, base, { options: r.scenario.options, actions: [...r.scenario.actions, { at: 500, type: 'timeout', node: 'S3' }] });
    expect(solved.passed).toBe(true);
  });

  it('says what is wrong in plain words, naming the field', () => {
    const err = (f: Partial<EditorFields>) => {
      const r = buildChallenge({ ...fields, ...f }, run);
      return r.ok ? 'ok' : r.error;
    };
    expect(err({ goal: '{kind: leader}' })).toBe('The goal is not valid JSON: check its brackets, quotes and commas (or pick a goal from the list).');
    expect(err({ goal: '{"kind":"leader","node":"S9"}' })).toBe("The goal (at node): no server 'S9' in this scenario (it has S1, S2, S3, S4, S5).");
    expect(err({ goal: '{"all":[{"kind":"leaders","count":1,"withinMs":5}]}' })).toBe('The goal (at all[0].count): must be from 2 to 25, got 1.');
    expect(err({ budget: 'two' })).toBe('The budget must be a whole number (or empty for none), got “two”.');
    expect(err({ timeLimitMs: '0' })).toBe('The time limit: must be from 1 to 600000, got 0.');
    expect(err({ title: '' })).toBe('The title: must not be empty.');
  });

  it('every goal template is a valid goal', () => {
    for (const t of GOAL_TEMPLATES) {
      const r = parseChallenge({ v: 1, title: 't', goal: t.goal(['S1', 'S2', 'S3']), rules: { allow: [] } });
      expect(r.ok ? 'ok' : r.error).toBe('ok');
    }
  });
});
