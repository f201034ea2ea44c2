// The challenge editor's model, pure: goal templates to start from (one per kind of condition),
// and a challenge built from the editor's fields on the current run, validated with the message
// the user sees (the field named, plain words; never a parser's raw text).

import type { Action, ActionType, ResolvedOptions } from '../sim/index.ts';
import { ENGINE, FORMAT_VERSION, parseScenario, type Scenario } from '../scenario/format.ts';
import type { Goal } from './types.ts';

export interface GoalTemplate {
  label: string;
  goal: (nodes: readonly string[]) => Goal;
}

const second = (n: readonly string[]) => n[1] ?? n[0];

export const GOAL_TEMPLATES: readonly GoalTemplate[] = [
  { label: 'A chosen server becomes leader', goal: (n) => ({ kind: 'leader', node: second(n) }) },
  { label: 'Two different leaders within 2 s', goal: () => ({ kind: 'leaders', count: 2, withinMs: 2000 }) },
  { label: 'A split vote', goal: () => ({ kind: 'split-vote' }) },
  { label: 'No leader for 2 s while a majority is up', goal: () => ({ kind: 'no-leader', ms: 2000 }) },
  { label: 'A commit while a server is partitioned away', goal: (n) => ({ kind: 'commit', when: { partitioned: [n[0]] } }) },
  { label: 'A commit with at most 3 servers up', goal: () => ({ kind: 'commit', when: { upAtMost: 3 } }) },
  { label: 'A membership change committed while a server is down', goal: (n) => ({ kind: 'commit', entry: 'config', when: { down: [second(n)] } }) },
  { label: 'A follower’s log truncated', goal: () => ({ kind: 'truncate' }) },
  { label: 'An entry on a majority overwritten (Figure 8)', goal: () => ({ kind: 'majority-overwritten' }) },
  { label: 'A committed entry erased (a broken variant)', goal: () => ({ kind: 'committed-erased' }) },
  { label: 'A safety property violated', goal: () => ({ kind: 'violation', property: 'leader-completeness' }) },
  { label: 'A stale read (local reads)', goal: () => ({ kind: 'stale-read' }) },
  { label: 'A PreVote refused', goal: () => ({ kind: 'message', type: 'PreVoteReply', granted: false }) },
  { label: 'A leader steps down by itself (CheckQuorum)', goal: (n) => ({ kind: 'step-down', node: n[0], sameTerm: true }) },
  { label: 'Leadership transferred', goal: (n) => ({ then: [{ kind: 'message', type: 'TimeoutNow', to: second(n) }, { kind: 'leader', node: second(n) }] }) },
  { label: 'A snapshot installed', goal: () => ({ kind: 'message', type: 'InstallSnapshot' }) },
];

export interface EditorFields {
  title: string;
  description: string;
  /** The goal as JSON text (the goal language). */
  goal: string;
  allow: ActionType[];
  /** Empty: no budget / no time limit. */
  budget: string;
  timeLimitMs: string;
  /** One hint per line. */
  hints: string;
}

export type Built = { ok: true; scenario: Scenario } | { ok: false; error: string };

function count(text: string, field: string): number | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) return `${field} must be a whole number (or empty for none), got “${t.slice(0, 20)}”.`;
  return n;
}

/** The challenge of the editor's fields on the run (options, its actions up to `start`, which become its setup). */
export function buildChallenge(f: EditorFields, run: { options: ResolvedOptions; actions: readonly Action[]; start: number }): Built {
  let goal: unknown;
  try {
    goal = JSON.parse(f.goal);
  } catch {
    return { ok: false, error: 'The goal is not valid JSON: check its brackets, quotes and commas (or pick a goal from the list).' };
  }
  const budget = count(f.budget, 'The budget');
  if (typeof budget === 'string') return { ok: false, error: budget };
  const limit = count(f.timeLimitMs, 'The time limit');
  if (typeof limit === 'string') return { ok: false, error: limit };
  const start = Math.max(0, Math.round(run.start));
  const setup = run.actions.filter((a) => a.at <= start);
  const hints = f.hints
    .split('\n')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const challenge: Record<string, unknown> = {
    v: 1,
    title: f.title.trim(),
    goal,
    rules: { allow: f.allow, ...(budget !== undefined ? { budget } : {}), ...(limit !== undefined ? { timeLimitMs: limit } : {}) },
    setup: setup.length,
    start,
  };
  if (f.description.trim() !== '') challenge.description = f.description;
  if (hints.length > 0) challenge.hints = hints;
  const title = f.title.trim() === '' ? 'Challenge' : `Challenge: ${f.title.trim()}`;
  const r = parseScenario({ v: FORMAT_VERSION, engine: ENGINE, options: run.options, actions: setup, title: title.slice(0, 200), challenge });
  if (!r.ok) return { ok: false, error: plainError(r.error) };
  return { ok: true, scenario: r.value };
}

/** A validator's message in the editor's words: the field as the form names it. */
export function plainError(error: string): string {
  const m = /^challenge\.([\w.[\]]+): (.*)$/s.exec(error);
  if (m === null) return error.endsWith('.') ? error : `${error}.`;
  const [, field, what] = m;
  const name = field.startsWith('goal')
    ? `The goal${field === 'goal' ? '' : ` (at ${field.slice(5) || 'top'})`}`
    : field.startsWith('rules.allow')
      ? 'The allowed actions'
      : field === 'rules.budget'
        ? 'The budget'
        : field === 'rules.timeLimitMs'
          ? 'The time limit'
          : field.startsWith('hints')
            ? 'A hint'
            : field === 'title'
              ? 'The title'
              : field === 'description'
                ? 'The description'
                : `The field ${field}`;
  return `${name}: ${what}${what.endsWith('.') ? '' : '.'}`;
}
