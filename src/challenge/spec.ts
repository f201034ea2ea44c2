// Validation of a challenge (from a link, a file, the console or the editor): every field is
// checked before anything runs, a bad one is refused with a message naming it in plain words
// ("challenge.goal.all[1].kind: …"), and limits keep a hostile link small. Hand-written like the
// experiment's (src/experiment/spec.ts), so no validator's raw message reaches the page.

import { ACTION_TYPES, MESSAGE_TYPES, type Action, type ActionType } from '../sim/index.ts';
import { PROPERTY_IDS } from '../check/invariants/properties.ts';
import { CHALLENGE_VERSION, type Atom, type AtomKind, type ChallengeSpec, type Goal, type Rules, type When } from './types.ts';

export const CHALLENGE_LIMITS = {
  title: 200,
  description: 10_000,
  hints: 10,
  hint: 1000,
  /** Nesting of all / any / then. */
  depth: 4,
  /** Atoms in one goal. */
  atoms: 16,
  /** Children of one all / any / then. */
  children: 8,
  /** Any simulated duration in a goal or the rules, ms (10 simulated minutes). */
  ms: 600_000,
  budget: 1000,
  servers: 25,
  nodeName: 64,
  /** The start time, ms (as the scenario format's time limit). */
  start: 2_592_000_000,
  setup: 5000,
} as const;

export const ATOM_KINDS: readonly AtomKind[] = [
  'leader',
  'leaders',
  'step-down',
  'split-vote',
  'no-leader',
  'commit',
  'read',
  'truncate',
  'majority-overwritten',
  'committed-erased',
  'violation',
  'stale-read',
  'message',
];

/** The fields each atom may have besides `kind`. */
const ATOM_FIELDS: Record<AtomKind, readonly string[]> = {
  leader: ['node', 'minTerm', 'when'],
  leaders: ['count', 'withinMs'],
  'step-down': ['node', 'sameTerm'],
  'split-vote': [],
  'no-leader': ['ms'],
  commit: ['entry', 'when'],
  read: ['when'],
  truncate: ['node'],
  'majority-overwritten': [],
  'committed-erased': [],
  violation: ['property'],
  'stale-read': [],
  message: ['type', 'from', 'to', 'granted', 'success'],
};

export type ChallengeResult = { ok: true; spec: ChallengeSpec } | { ok: false; error: string };

class Invalid extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function fail(path: string, message: string): never {
  throw new Invalid(`${path}: ${message}`);
}

/** A value as a short quoted text for a message (never the whole of a hostile input). */
function shown(x: unknown): string {
  const s = typeof x === 'string' ? `'${x}'` : JSON.stringify(x) ?? String(x);
  return s.length > 42 ? `${s.slice(0, 40)}…` : s;
}

function onlyKeys(x: Record<string, unknown>, path: string, keys: readonly string[]): void {
  for (const k of Object.keys(x)) if (!keys.includes(k)) fail(path, `unexpected field ${shown(k)}`);
}

function int(x: unknown, path: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) fail(path, `must be a whole number, got ${shown(x)}`);
  if (x < min || x > max) fail(path, `must be from ${min} to ${max}, got ${x}`);
  return x;
}

function text(x: unknown, path: string, max: number): string {
  if (typeof x !== 'string') fail(path, 'must be text');
  if (x.length > max) fail(path, `must be at most ${max} characters, got ${x.length}`);
  return x;
}

function node(x: unknown, path: string): string {
  if (typeof x !== 'string' || x === '') fail(path, 'must be a server name');
  if (x.length > CHALLENGE_LIMITS.nodeName) fail(path, `a server name has at most ${CHALLENGE_LIMITS.nodeName} characters`);
  return x;
}

function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, 'must be true or false');
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, options: readonly T[], what: string): T {
  if (typeof x !== 'string' || !(options as readonly string[]).includes(x)) fail(path, `must be ${what} (${options.join(', ')}), got ${shown(x)}`);
  return x as T;
}

function nodes(x: unknown, path: string): string[] {
  if (!Array.isArray(x) || x.length === 0) fail(path, 'must be a list of server names, like ["S1"]');
  if (x.length > CHALLENGE_LIMITS.servers) fail(path, `at most ${CHALLENGE_LIMITS.servers} servers`);
  return x.map((n, i) => node(n, `${path}[${i}]`));
}

function when(x: unknown, path: string): When {
  if (!isRecord(x)) fail(path, 'must be an object like { "down": ["S1"] }');
  onlyKeys(x, path, ['down', 'partitioned', 'upAtMost']);
  const w: When = {};
  if (x.down !== undefined) w.down = nodes(x.down, `${path}.down`);
  if (x.partitioned !== undefined) w.partitioned = nodes(x.partitioned, `${path}.partitioned`);
  if (x.upAtMost !== undefined) w.upAtMost = int(x.upAtMost, `${path}.upAtMost`, 0, CHALLENGE_LIMITS.servers);
  if (Object.keys(w).length === 0) fail(path, 'names no condition (down, partitioned or upAtMost)');
  return w;
}

function atom(x: Record<string, unknown>, path: string, count: { atoms: number }): Atom {
  const kind = oneOf(x.kind, `${path}.kind`, ATOM_KINDS, 'a kind of event');
  onlyKeys(x, path, ['kind', ...ATOM_FIELDS[kind]]);
  count.atoms++;
  if (count.atoms > CHALLENGE_LIMITS.atoms) fail(path, `a goal has at most ${CHALLENGE_LIMITS.atoms} conditions`);
  const ms = (v: unknown, p: string) => int(v, p, 1, CHALLENGE_LIMITS.ms);
  switch (kind) {
    case 'leader': {
      const a: Atom = { kind };
      if (x.node !== undefined) a.node = node(x.node, `${path}.node`);
      if (x.minTerm !== undefined) a.minTerm = int(x.minTerm, `${path}.minTerm`, 1, 1_000_000);
      if (x.when !== undefined) a.when = when(x.when, `${path}.when`);
      return a;
    }
    case 'leaders':
      return { kind, count: int(x.count, `${path}.count`, 2, CHALLENGE_LIMITS.servers), withinMs: ms(x.withinMs, `${path}.withinMs`) };
    case 'step-down': {
      const a: Atom = { kind };
      if (x.node !== undefined) a.node = node(x.node, `${path}.node`);
      if (x.sameTerm !== undefined) a.sameTerm = bool(x.sameTerm, `${path}.sameTerm`);
      return a;
    }
    case 'no-leader':
      return { kind, ms: ms(x.ms, `${path}.ms`) };
    case 'commit': {
      const a: Atom = { kind };
      if (x.entry !== undefined) a.entry = oneOf(x.entry, `${path}.entry`, ['command', 'config', 'any'] as const, 'an entry kind');
      if (x.when !== undefined) a.when = when(x.when, `${path}.when`);
      return a;
    }
    case 'read': {
      const a: Atom = { kind };
      if (x.when !== undefined) a.when = when(x.when, `${path}.when`);
      return a;
    }
    case 'truncate': {
      const a: Atom = { kind };
      if (x.node !== undefined) a.node = node(x.node, `${path}.node`);
      return a;
    }
    case 'violation': {
      const a: Atom = { kind };
      if (x.property !== undefined) a.property = oneOf(x.property, `${path}.property`, PROPERTY_IDS, 'a safety property');
      return a;
    }
    case 'message': {
      const a: Atom = { kind, type: oneOf(x.type, `${path}.type`, MESSAGE_TYPES, 'a message type') };
      if (x.from !== undefined) a.from = node(x.from, `${path}.from`);
      if (x.to !== undefined) a.to = node(x.to, `${path}.to`);
      if (x.granted !== undefined) a.granted = bool(x.granted, `${path}.granted`);
      if (x.success !== undefined) a.success = bool(x.success, `${path}.success`);
      return a;
    }
    default:
      return { kind };
  }
}

function goal(x: unknown, path: string, depth: number, count: { atoms: number }): Goal {
  if (!isRecord(x)) fail(path, 'must be an object: a condition like { "kind": "leader" }, or { "all": […] }, { "any": […] }, { "then": […] }');
  for (const op of ['all', 'any', 'then'] as const) {
    if (!(op in x)) continue;
    onlyKeys(x, path, [op]);
    if (depth >= CHALLENGE_LIMITS.depth) fail(path, `goals nest at most ${CHALLENGE_LIMITS.depth} deep`);
    const list = x[op];
    if (!Array.isArray(list) || list.length === 0) fail(`${path}.${op}`, 'must be a non-empty list of goals');
    if (list.length > CHALLENGE_LIMITS.children) fail(`${path}.${op}`, `at most ${CHALLENGE_LIMITS.children} goals`);
    const children = list.map((g, i) => goal(g, `${path}.${op}[${i}]`, depth + 1, count));
    return op === 'all' ? { all: children } : op === 'any' ? { any: children } : { then: children };
  }
  if (!('kind' in x)) fail(path, 'needs a "kind" (a condition) or "all", "any" or "then"');
  return atom(x, path, count);
}

/** The action types a challenge may allow: every user action. */
export const ALLOWABLE_ACTIONS: readonly ActionType[] = ACTION_TYPES;

function rules(x: unknown, path: string): Rules {
  if (!isRecord(x)) fail(path, 'must be an object like { "allow": ["crash"], "budget": 2 }');
  onlyKeys(x, path, ['allow', 'budget', 'limits', 'timeLimitMs']);
  if (!Array.isArray(x.allow)) fail(`${path}.allow`, 'must be a list of action types, like ["crash", "restart"]');
  const allow: ActionType[] = [];
  x.allow.forEach((t, i) => {
    const type = oneOf(t, `${path}.allow[${i}]`, ALLOWABLE_ACTIONS, 'an action type');
    if (allow.includes(type)) fail(`${path}.allow[${i}]`, `${shown(type)} is listed twice`);
    allow.push(type);
  });
  const r: Rules = { allow };
  if (x.budget !== undefined) r.budget = int(x.budget, `${path}.budget`, 0, CHALLENGE_LIMITS.budget);
  if (x.limits !== undefined) {
    if (!isRecord(x.limits)) fail(`${path}.limits`, 'must be an object like { "crash": 1 }');
    const limits: Partial<Record<ActionType, number>> = {};
    for (const [k, v] of Object.entries(x.limits)) {
      const type = oneOf(k, `${path}.limits`, ALLOWABLE_ACTIONS, 'keyed by action types');
      if (!allow.includes(type)) fail(`${path}.limits.${type}`, `${shown(type)} is not in allow`);
      limits[type] = int(v, `${path}.limits.${type}`, 0, CHALLENGE_LIMITS.budget);
    }
    r.limits = limits;
  }
  if (x.timeLimitMs !== undefined) r.timeLimitMs = int(x.timeLimitMs, `${path}.timeLimitMs`, 1, CHALLENGE_LIMITS.ms);
  return r;
}

/** Validates a challenge on its own (not yet against its scenario: see challengeProblem). Never throws. */
export function parseChallenge(input: unknown, path = 'challenge'): ChallengeResult {
  try {
    if (!isRecord(input)) fail(path, 'must be an object');
    if (input.v !== CHALLENGE_VERSION) {
      if (typeof input.v === 'number' && input.v > CHALLENGE_VERSION) fail(`${path}.v`, `this challenge uses version ${input.v}, made by a newer raftlab; this page reads version ${CHALLENGE_VERSION}`);
      fail(`${path}.v`, `must be ${CHALLENGE_VERSION}`);
    }
    onlyKeys(input, path, ['v', 'title', 'description', 'goal', 'rules', 'hints', 'setup', 'start']);
    const title = text(input.title, `${path}.title`, CHALLENGE_LIMITS.title);
    if (title.trim() === '') fail(`${path}.title`, 'must not be empty');
    const spec: ChallengeSpec = {
      v: CHALLENGE_VERSION,
      title,
      goal: goal(input.goal, `${path}.goal`, 0, { atoms: 0 }),
      rules: rules(input.rules, `${path}.rules`),
      setup: int(input.setup ?? 0, `${path}.setup`, 0, CHALLENGE_LIMITS.setup),
      start: int(input.start ?? 0, `${path}.start`, 0, CHALLENGE_LIMITS.start),
    };
    if (input.description !== undefined) spec.description = text(input.description, `${path}.description`, CHALLENGE_LIMITS.description);
    if (input.hints !== undefined) {
      if (!Array.isArray(input.hints)) fail(`${path}.hints`, 'must be a list of texts');
      if (input.hints.length > CHALLENGE_LIMITS.hints) fail(`${path}.hints`, `at most ${CHALLENGE_LIMITS.hints} hints`);
      spec.hints = input.hints.map((h, i) => text(h, `${path}.hints[${i}]`, CHALLENGE_LIMITS.hint));
    }
    return { ok: true, spec };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, error: err.message };
    return { ok: false, error: `${path}: could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Every server name a goal mentions, with where. */
function goalNodes(g: Goal, path: string, out: { name: string; path: string }[]): void {
  for (const op of ['all', 'any', 'then'] as const) {
    if (op in g) {
      (g as Record<string, Goal[]>)[op].forEach((c, i) => goalNodes(c, `${path}.${op}[${i}]`, out));
      return;
    }
  }
  const a = g as Atom;
  const add = (name: string | undefined, field: string) => {
    if (name !== undefined) out.push({ name, path: `${path}.${field}` });
  };
  if (a.kind === 'leader' || a.kind === 'truncate' || a.kind === 'step-down') add(a.node, 'node');
  if (a.kind === 'message') {
    add(a.from, 'from');
    add(a.to, 'to');
  }
  if (a.kind === 'leader' || a.kind === 'commit' || a.kind === 'read') {
    a.when?.down?.forEach((n, i) => add(n, `when.down[${i}]`));
    a.when?.partitioned?.forEach((n, i) => add(n, `when.partitioned[${i}]`));
  }
}

/**
 * Why a (valid) challenge does not fit its scenario, or null: its setup must be actions the
 * scenario has, the start no earlier than the last of them, and every server it names must be in
 * the scenario (or added by its script).
 */
export function challengeProblem(spec: ChallengeSpec, scenario: { options: { nodes: readonly string[] }; actions: readonly Action[] }, path = 'challenge'): string | null {
  if (spec.setup > scenario.actions.length) return `${path}.setup: the scenario has ${scenario.actions.length} actions, fewer than the ${spec.setup} of the challenge's setup`;
  const last = spec.setup > 0 ? scenario.actions[spec.setup - 1].at : 0;
  if (spec.start < last) return `${path}.start: ${spec.start} ms is before the setup's last action (${last} ms)`;
  const known = new Set(scenario.options.nodes);
  for (const a of scenario.actions) if (a.type === 'addServer') known.add(a.node);
  const named: { name: string; path: string }[] = [];
  goalNodes(spec.goal, `${path}.goal`, named);
  for (const n of named) if (!known.has(n.name)) return `${n.path}: no server ${shown(n.name)} in this scenario (it has ${[...known].slice(0, 10).join(', ')})`;
  return null;
}
