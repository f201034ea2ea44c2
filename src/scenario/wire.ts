// The wire form of a scenario: the compact JSON a share link carries (url.ts compresses it
// into the URL's hash), made for size before lz-string compresses it:
//   - options as a diff against the defaults of its format version, frozen below (V1_DEFAULTS),
//     so a v1 link means the same run forever even if the engine's defaults change; decoding
//     writes every default out again;
//   - actions as tuples [Δat, code, …] with times as differences and node ids as indexes into
//     the node table (options.nodes, then servers in the order addServer added them) — each
//     action type's code and arguments are its row of the action registry (src/sim/actions,
//     `wire`);
//   - the tour as tuples too;
//   - `e`, the engine id, always written (links made before raftlab-2 left it out: a link
//     without `e` was made with raftlab-1, forever).
// Decoding throws WireError with a message naming the field; fromWire's result is validated
// by the scenario format next (url.ts). Text fields come back exactly as written.

import { actionSpec, actionTypeOfCode, type WireDecoder, type WireJson } from '../sim/index.ts';
import type { Action, ResolvedOptions } from '../sim/index.ts';
import { FORMAT_VERSION, IMPLICIT_ENGINE, LIMITS, type Scenario, type TourShow, type TourStep } from './format.ts';

/** The defaults of format version 1, frozen: never change them (a v2 gets its own). */
export const V1_DEFAULTS: Readonly<ResolvedOptions> = deepFreeze({
  seed: 1,
  nodes: ['S1', 'S2', 'S3', 'S4', 'S5'],
  timing: { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 },
  network: { latencyMin: 10, latencyMax: 30, lossRate: 0, duplicateRate: 0, manual: false },
  features: { preVote: false, checkQuorum: false, snapshotThreshold: 0, readIndex: false, noopOnElection: true, variant: 'none' },
  workload: { clients: 0, opsPerSecond: 0, keys: 5, readRatio: 0.5 },
  initial: {},
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

type Json = WireJson;
type Section = 'timing' | 'network' | 'features' | 'workload';
const SECTIONS: readonly Section[] = ['timing', 'network', 'features', 'workload'];

// ------------------------------------------------------------------ encoding

function defaultNodes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `S${i + 1}`);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Only the fields of `o` that differ from `base`: the scenario's options against V1_DEFAULTS,
 * and a comparison's pane B against the scenario's options (usually one field).
 */
function optionsDiff(o: ResolvedOptions, base: Readonly<ResolvedOptions> = V1_DEFAULTS): Record<string, Json> {
  const d: Record<string, Json> = {};
  if (o.seed !== base.seed) d.seed = o.seed;
  if (!sameJson(o.nodes, base.nodes)) d.nodes = sameJson(o.nodes, defaultNodes(o.nodes.length)) ? o.nodes.length : o.nodes;
  for (const section of SECTIONS) {
    const defaults = base[section] as Record<string, Json>;
    const values = o[section] as Record<string, Json>;
    const diff: Record<string, Json> = {};
    // A later field pane A sets and pane B leaves out is written null ("absent"), else B would inherit it.
    for (const key of Object.keys(defaults)) if (values[key] !== defaults[key]) diff[key] = values[key] === undefined ? null : values[key];
    // Fields added after format v1 (not in V1_DEFAULTS) are optional: carried when present.
    for (const key of Object.keys(values)) if (!(key in defaults) && values[key] !== undefined) diff[key] = values[key];
    if (Object.keys(diff).length > 0) d[section] = diff;
  }
  const ids = Object.keys(o.initial);
  if (!sameJson(o.initial, base.initial)) {
    d.initial = Object.fromEntries(
      ids.map((id) => {
        const init = o.initial[id];
        return [id, [init.term ?? 0, init.votedFor ?? null, (init.log ?? []).map((e) => [e.term, e.command as Json])]];
      }),
    );
  }
  return d;
}

/** The node table: options.nodes, then each server addServer adds, in order. */
function nodeTable(s: Scenario): string[] {
  const table = s.options.nodes.slice();
  for (const a of s.actions) {
    const added = actionSpec(a.type).adds?.(a);
    if (added !== undefined && !table.includes(added)) table.push(added);
  }
  return table;
}

function encodeActions(actions: Action[], table: string[]): Json[] {
  const ref = (id: string): Json => {
    const i = table.indexOf(id);
    return i >= 0 ? i : id;
  };
  let last = 0;
  return actions.map((a): Json => {
    const dt = a.at - last;
    last = a.at;
    const { wire } = actionSpec(a.type);
    // Time-test answers ride on the code: 'd?10' is a delivery answered yes, then no.
    const code = a.tests === undefined ? wire.code : `${wire.code}?${a.tests.map((t) => (t ? '1' : '0')).join('')}`;
    return [dt, code, ...wire.encode(a, ref)];
  });
}

function encodeTour(tour: TourStep[], table: string[]): Json[] {
  const ref = (id: string): Json => {
    const i = table.indexOf(id);
    return i >= 0 ? i : id;
  };
  let last = 0;
  return tour.map((step): Json => {
    const dt = step.at - last;
    last = step.at;
    const out: Json[] = [dt, step.text];
    let h: Json = null;
    if (step.highlights !== undefined) {
      const hl: Record<string, Json> = {};
      if (step.highlights.nodes !== undefined) hl.n = step.highlights.nodes.map(ref);
      if (step.highlights.messages !== undefined) hl.m = step.highlights.messages.slice();
      if (step.highlights.entries !== undefined) hl.e = step.highlights.entries.map((e) => [ref(e.node), e.index]);
      h = hl;
    }
    const q: Json = step.question === undefined ? null : [step.question.prompt, step.question.choices.slice(), step.question.answer];
    const show = step.show === undefined ? null : encodeShow(step.show, ref);
    // trailing nulls are left out: a step without a screen to show is what an older page reads
    if (h !== null || q !== null || show !== null) out.push(h);
    if (q !== null || show !== null) out.push(q);
    if (show !== null) out.push(show);
    return out;
  });
}

/** A step's screen as a link carries it: {s: server, t: tab, l: 1 (logs large)}. */
function encodeShow(show: TourShow, ref: (id: string) => Json): Json {
  const out: Record<string, Json> = {};
  if (show.select !== undefined) out.s = ref(show.select);
  if (show.tab !== undefined) out.t = show.tab;
  if (show.logsLarge !== undefined) out.l = show.logsLarge ? 1 : 0;
  return out;
}

function decodeShow(x: unknown, field: string, ref: (field: string, x: unknown) => unknown): Record<string, unknown> {
  if (!isObject(x)) fail(field, 'must be an object');
  for (const key of Object.keys(x)) if (!['s', 't', 'l'].includes(key)) fail(field, `unexpected field '${key}'`);
  const show: Record<string, unknown> = {};
  if (x.s !== undefined) show.select = ref(`${field}.select`, x.s);
  if (x.t !== undefined) show.tab = x.t;
  if (x.l !== undefined) show.logsLarge = x.l === 1 ? true : x.l === 0 ? false : x.l;
  return show;
}

/** The compact JSON a link carries (before compression). */
export function toWire(s: Scenario): Record<string, Json> {
  const table = nodeTable(s);
  // Every link names its engine (a link without `e` means raftlab-1).
  const wire: Record<string, Json> = { v: FORMAT_VERSION, e: s.engine };
  const o = optionsDiff(s.options);
  if (Object.keys(o).length > 0) wire.o = o;
  if (s.compare !== undefined) wire.c = optionsDiff(s.compare.options, s.options);
  if (s.actions.length > 0) wire.a = encodeActions(s.actions, table);
  if (s.tour !== undefined) wire.u = encodeTour(s.tour, table);
  if (s.title !== undefined) wire.n = s.title;
  if (s.description !== undefined) wire.d = s.description;
  if (s.experiment !== undefined) wire.xp = s.experiment as unknown as Json;
  if (s.challenge !== undefined) wire.ch = s.challenge as unknown as Json;
  return wire;
}

// ------------------------------------------------------------------ decoding

export class WireError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): never {
  throw new WireError(`${field}: ${message}`);
}

/** Options from their wire diff against `base` (every field written out again), unvalidated. */
function decodeOptions(o: unknown, base: Readonly<ResolvedOptions> = V1_DEFAULTS, field = 'options'): Record<string, unknown> {
  if (o === undefined) o = {};
  if (!isObject(o)) fail(field, 'must be an object');
  const known = new Set(['seed', 'nodes', ...SECTIONS, 'initial']);
  for (const key of Object.keys(o)) if (!known.has(key)) fail(field, `unexpected field '${key}'`);
  // (base is pane A's decoded options for pane B: not validated yet, so read it defensively)
  let nodes: unknown = o.nodes ?? (Array.isArray(base.nodes) ? base.nodes.slice() : base.nodes);
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 101) fail(`${field}.nodes`, 'must be a whole number from 1 to 101, or a list of names');
    nodes = defaultNodes(nodes);
  }
  const out: Record<string, unknown> = { seed: o.seed ?? base.seed, nodes };
  for (const section of SECTIONS) {
    const diff = o[section] ?? {};
    if (!isObject(diff)) fail(`${field}.${section}`, 'must be an object');
    const merged: Record<string, unknown> = { ...base[section], ...diff };
    for (const key of Object.keys(diff)) if (diff[key] === null && !(key in V1_DEFAULTS[section])) delete merged[key];
    out[section] = merged;
  }
  if (o.initial === undefined) {
    out.initial = structuredClone(base.initial);
    return out;
  }
  const initial = o.initial;
  if (!isObject(initial)) fail(`${field}.initial`, 'must be an object');
  out.initial = Object.fromEntries(
    Object.entries(initial).map(([id, value]) => {
      if (!Array.isArray(value) || value.length !== 3 || !Array.isArray(value[2])) {
        fail(`${field}.initial.${id}`, 'must be [term, votedFor, log]');
      }
      const log = (value[2] as unknown[]).map((e, i) => {
        if (!Array.isArray(e) || e.length !== 2) fail(`${field}.initial.${id}.log[${i}]`, 'must be [term, command]');
        return { term: e[0] as unknown, command: e[1] as unknown };
      });
      return [id, { term: value[0] as unknown, votedFor: value[1] as unknown, log }];
    }),
  );
  return out;
}

function decodeActions(a: unknown, table: string[]): unknown[] {
  if (a === undefined) return [];
  if (!Array.isArray(a)) fail('actions', 'must be a list');
  if (a.length > LIMITS.actions) fail('actions', `at most ${LIMITS.actions} actions`);
  const ref = (field: string, x: unknown): unknown => {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x >= table.length) fail(field, `node number ${x} does not exist (there are ${table.length})`);
      return table[x];
    }
    return x; // a name: checked by the validator
  };
  let at = 0;
  return a.map((t: unknown, i) => {
    const field = `actions[${i}]`;
    if (!Array.isArray(t) || t.length < 2 || typeof t[0] !== 'number' || typeof t[1] !== 'string') fail(field, 'not a valid action');
    at += t[0];
    const [code, bits] = t[1].split('?', 2) as [string, string | undefined];
    const type = actionTypeOfCode(code);
    if (type === undefined) fail(`${field}.type`, `unknown action '${t[1]}'`);
    if (bits !== undefined && !/^[01]{0,64}$/.test(bits)) fail(`${field}.tests`, 'not a list of time-test answers');
    const args = t.slice(2);
    const d: WireDecoder = {
      at,
      type,
      field,
      table,
      ref,
      arity: (min, max = min) => {
        if (args.length < min || args.length > max) fail(field, `not a valid ${type} action`);
      },
      fail,
    };
    const action = actionSpec(type).wire.decode(args, d);
    if (bits !== undefined) action.tests = [...bits].map((b) => b === '1');
    return action;
  });
}

function decodeTour(u: unknown, table: string[]): unknown[] | undefined {
  if (u === undefined) return undefined;
  if (!Array.isArray(u)) fail('tour', 'must be a list');
  if (u.length > LIMITS.tourSteps) fail('tour', `at most ${LIMITS.tourSteps} tour steps`);
  const ref = (field: string, x: unknown): unknown => {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x >= table.length) fail(field, `node number ${x} does not exist (there are ${table.length})`);
      return table[x];
    }
    return x;
  };
  let at = 0;
  return u.map((t: unknown, i) => {
    const field = `tour[${i}]`;
    if (!Array.isArray(t) || t.length < 2 || t.length > 5 || typeof t[0] !== 'number') fail(field, 'not a valid tour step');
    at += t[0];
    const step: Record<string, unknown> = { at, text: t[1] };
    const h = t[2] as unknown;
    if (h !== undefined && h !== null) {
      if (!isObject(h)) fail(`${field}.highlights`, 'must be an object');
      for (const key of Object.keys(h)) if (!['n', 'm', 'e'].includes(key)) fail(`${field}.highlights`, `unexpected field '${key}'`);
      const hl: Record<string, unknown> = {};
      if (h.n !== undefined) {
        if (!Array.isArray(h.n)) fail(`${field}.highlights.nodes`, 'must be a list');
        hl.nodes = h.n.map((x, j) => ref(`${field}.highlights.nodes[${j}]`, x));
      }
      if (h.m !== undefined) hl.messages = h.m;
      if (h.e !== undefined) {
        if (!Array.isArray(h.e)) fail(`${field}.highlights.entries`, 'must be a list');
        hl.entries = h.e.map((e, j) => {
          if (!Array.isArray(e) || e.length !== 2) fail(`${field}.highlights.entries[${j}]`, 'must be [node, index]');
          return { node: ref(`${field}.highlights.entries[${j}].node`, e[0]), index: e[1] as unknown };
        });
      }
      step.highlights = hl;
    }
    const q = t[3] as unknown;
    if (q !== undefined && q !== null) {
      if (!Array.isArray(q) || q.length !== 3) fail(`${field}.question`, 'must be [prompt, choices, answer]');
      step.question = { prompt: q[0] as unknown, choices: q[1] as unknown, answer: q[2] as unknown };
    }
    if (t[4] !== undefined) step.show = decodeShow(t[4], `${field}.show`, ref);
    return step;
  });
}

/** The full scenario (every default written out) of a link's wire form, unvalidated. */
export function fromWire(wire: unknown): unknown {
  if (!isObject(wire)) fail('scenario', 'must be a JSON object');
  if (wire.v !== 1) return wire; // not a v1 wire form: let migrate() name the version problem
  for (const key of Object.keys(wire)) if (!['v', 'e', 'o', 'a', 'u', 'c', 'n', 'd', 'xp', 'ch'].includes(key)) fail('scenario', `unexpected field '${key}'`);
  const options = decodeOptions(wire.o);
  const table = Array.isArray(options.nodes) ? (options.nodes as unknown[]).map(String) : [];
  const actions = decodeActions(wire.a, table);
  // Tour highlights may name any server the script ever adds.
  const tour = decodeTour(wire.u, table);
  // No `e`: made before links named their engine, i.e. with raftlab-1 (not "the current one").
  const s: Record<string, unknown> = { v: 1, engine: wire.e === undefined ? IMPLICIT_ENGINE : wire.e, options, actions };
  if (tour !== undefined) s.tour = tour;
  // Pane B's options are a diff against pane A's (validated with the whole scenario below).
  if (wire.c !== undefined) s.compare = { options: decodeOptions(wire.c, options as unknown as ResolvedOptions, 'compare.options') };
  if (wire.n !== undefined) s.title = wire.n;
  if (wire.d !== undefined) s.description = wire.d;
  // an experiment (validated with the whole scenario, by parseExperiment)
  if (wire.xp !== undefined) s.experiment = wire.xp;
  // a challenge (validated with the whole scenario, by parseChallenge)
  if (wire.ch !== undefined) s.challenge = wire.ch;
  return s;
}

