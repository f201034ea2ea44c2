// Share links: a scenario compressed into the URL's hash (`#s=…&t=…`).
//
// The link carries a compact "wire" form of the scenario, made for size before lz-string
// compresses it (compressToEncodedURIComponent):
//   - options as a diff against the defaults of its format version, frozen below (V1_DEFAULTS),
//     so a v1 link means the same run forever even if the engine's defaults change; decoding
//     writes every default out again;
//   - actions as tuples [Δat, code, …] with times as differences and node ids as indexes into
//     the node table (options.nodes, then servers in the order addServer added them);
//   - the tour as tuples too;
//   - `e`, the engine id, always written (links made before raftlab-2 left it out: a link
//     without `e` was made with raftlab-1, forever).
// Decoding never throws: a damaged, truncated, oversized, unknown-version or invalid link gives
// a clear message and keeps the input so the user can copy it. Text fields come back exactly as
// written (plain strings); nothing here renders or evaluates them.

import lzString from 'lz-string'; // CommonJS: a default import works in Vite, Vitest, tsx and Node alike
import type { Action, ClientOp, LinkOptions, NetworkOptions, ResolvedOptions } from '../sim/index.ts';
import { FORMAT_VERSION, IMPLICIT_ENGINE, LIMITS, assertScenario, parseScenario, type EngineId, type Scenario, type TourStep } from './format.ts';
import { decompressBounded } from './lz.ts';

/** Characters of decompressed JSON a link may hold (checked while decompressing). */
export const MAX_DECODED_CHARS = 200_000;
/** Characters of the compressed `s` parameter accepted at all. */
export const MAX_ENCODED_CHARS = 600_000;

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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Section = 'timing' | 'network' | 'features' | 'workload';
const SECTIONS: readonly Section[] = ['timing', 'network', 'features', 'workload'];

const CODES = {
  crash: 'c',
  restart: 'r',
  timeout: 't',
  addServer: 'A',
  removeServer: 'R',
  transferLeadership: 'T',
  partition: 'p',
  heal: 'h',
  setNetwork: 'n',
  setLink: 'k',
  propose: 'P',
  request: 'q',
  deliver: 'd',
  drop: 'x',
  duplicate: 'u',
  delay: 'y',
} as const satisfies Record<Action['type'], string>;
const TYPES = new Map<string, Action['type']>(Object.entries(CODES).map(([type, code]) => [code, type as Action['type']]));
const OP_CODES = { put: 'p', get: 'g', append: 'a' } as const;
const OP_TYPES = new Map<string, ClientOp['type']>([
  ['p', 'put'],
  ['g', 'get'],
  ['a', 'append'],
]);

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
    for (const key of Object.keys(defaults)) if (values[key] !== defaults[key]) diff[key] = values[key];
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
  for (const a of s.actions) if (a.type === 'addServer' && !table.includes(a.node)) table.push(a.node);
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
    const code = CODES[a.type];
    switch (a.type) {
      case 'crash':
      case 'restart':
      case 'timeout':
      case 'removeServer':
      case 'transferLeadership':
        return [dt, code, ref(a.node)];
      case 'addServer':
        return [dt, code, a.node];
      case 'partition':
        return [dt, code, a.groups.map((g) => g.map(ref))];
      case 'heal':
        return [dt, code];
      case 'setNetwork':
        return [dt, code, { ...a.network }];
      case 'setLink':
        return [dt, code, ref(a.from), ref(a.to), { ...a.link }];
      case 'propose':
        return [dt, code, ref(a.node), a.command as Json];
      case 'request': {
        const op: Json = a.op.type === 'get' ? [OP_CODES.get, a.op.key] : [OP_CODES[a.op.type], a.op.key, a.op.value];
        if (a.to !== undefined) return [dt, code, op, a.client ?? null, ref(a.to)];
        if (a.client !== undefined) return [dt, code, op, a.client];
        return [dt, code, op];
      }
      case 'deliver':
      case 'drop':
      case 'duplicate':
        return [dt, code, a.message];
      case 'delay':
        return [dt, code, a.message, a.ms];
    }
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
    if (h !== null || step.question !== undefined) out.push(h);
    if (step.question !== undefined) out.push([step.question.prompt, step.question.choices.slice(), step.question.answer]);
    return out;
  });
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
  return wire;
}

/** The `s` parameter of a link: the scenario validated, made compact and compressed. Throws on an invalid scenario. */
export function encodeScenario(s: Scenario): string {
  return lzString.compressToEncodedURIComponent(JSON.stringify(toWire(assertScenario(s))));
}

/** The hash fragment (without '#'): `s=…`, and `&t=…` when a displayed time is given (rounded to whole ms). */
export function scenarioToHash(s: Scenario, t?: number | null): string {
  const base = `s=${encodeScenario(s)}`;
  if (t === undefined || t === null || !Number.isFinite(t)) return base;
  return `${base}&t=${Math.min(LIMITS.time, Math.max(0, Math.round(t)))}`;
}

/** A link to `baseHref`'s own page (any path, its query such as ?embed=1 kept) opening this scenario at `t`. */
export function shareUrl(baseHref: string, s: Scenario, t?: number | null): string {
  const hash = scenarioToHash(s, t);
  try {
    const url = new URL(baseHref);
    url.hash = hash;
    return url.toString();
  } catch {
    const at = baseHref.indexOf('#');
    return (at >= 0 ? baseHref.slice(0, at) : baseHref) + '#' + hash;
  }
}

// ------------------------------------------------------------------ decoding

/**
 * A decoded link. The scenario is on the current engine; `recordedWith` is the engine the link
 * was made with and, when that is older, `notice` is the plain (non-error) sentence to show.
 */
export type HashResult =
  | { ok: true; scenario: Scenario; t: number | null; recordedWith: EngineId; notice?: string }
  | { ok: false; error: string; raw: string };

class WireError extends Error {}

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
    out[section] = { ...base[section], ...diff };
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
    const type = TYPES.get(t[1]);
    if (type === undefined) fail(`${field}.type`, `unknown action '${t[1]}'`);
    const arity = (n: number, m = n) => {
      if (t.length < n || t.length > m) fail(field, `not a valid ${type} action`);
    };
    switch (type) {
      case 'crash':
      case 'restart':
      case 'timeout':
      case 'removeServer':
      case 'transferLeadership':
        arity(3);
        return { at, type, node: ref(`${field}.node`, t[2]) };
      case 'addServer':
        arity(3);
        if (typeof t[2] === 'string' && !table.includes(t[2])) table.push(t[2]);
        return { at, type, node: t[2] as unknown };
      case 'partition':
        arity(3);
        if (!Array.isArray(t[2]) || !t[2].every((g) => Array.isArray(g))) fail(`${field}.groups`, 'must be a list of groups');
        return { at, type, groups: (t[2] as unknown[][]).map((g, gi) => g.map((x, ni) => ref(`${field}.groups[${gi}][${ni}]`, x))) };
      case 'heal':
        arity(2);
        return { at, type };
      case 'setNetwork':
        arity(3);
        return { at, type, network: t[2] as NetworkOptions };
      case 'setLink':
        arity(5);
        return { at, type, from: ref(`${field}.from`, t[2]), to: ref(`${field}.to`, t[3]), link: t[4] as LinkOptions };
      case 'propose':
        arity(4);
        return { at, type, node: ref(`${field}.node`, t[2]), command: t[3] as unknown };
      case 'request': {
        arity(3, 5);
        const op = t[2] as unknown;
        if (!Array.isArray(op) || typeof op[0] !== 'string' || !OP_TYPES.has(op[0])) fail(`${field}.op`, 'not a valid client operation');
        const opType = OP_TYPES.get(op[0]);
        const decodedOp = opType === 'get' ? { type: opType, key: op[1] as unknown } : { type: opType, key: op[1] as unknown, value: op[2] as unknown };
        if ((opType === 'get' && op.length !== 2) || (opType !== 'get' && op.length !== 3)) fail(`${field}.op`, `not a valid ${opType}`);
        const out: Record<string, unknown> = { at, type, op: decodedOp };
        if (t.length >= 4 && t[3] !== null) out.client = t[3];
        if (t.length === 5) out.to = ref(`${field}.to`, t[4]);
        return out;
      }
      case 'deliver':
      case 'drop':
      case 'duplicate':
        arity(3);
        return { at, type, message: t[2] as unknown };
      case 'delay':
        arity(4);
        return { at, type, message: t[2] as unknown, ms: t[3] as unknown };
    }
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
    if (!Array.isArray(t) || t.length < 2 || t.length > 4 || typeof t[0] !== 'number') fail(field, 'not a valid tour step');
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
    if (q !== undefined) {
      if (!Array.isArray(q) || q.length !== 3) fail(`${field}.question`, 'must be [prompt, choices, answer]');
      step.question = { prompt: q[0] as unknown, choices: q[1] as unknown, answer: q[2] as unknown };
    }
    return step;
  });
}

/** The full scenario (every default written out) of a link's wire form, unvalidated. */
export function fromWire(wire: unknown): unknown {
  if (!isObject(wire)) fail('scenario', 'must be a JSON object');
  if (wire.v !== 1) return wire; // not a v1 wire form: let migrate() name the version problem
  for (const key of Object.keys(wire)) if (!['v', 'e', 'o', 'a', 'u', 'c', 'n', 'd'].includes(key)) fail('scenario', `unexpected field '${key}'`);
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
  return s;
}

/** Splits a hash fragment ("#s=…&t=…", '#' optional) into its parameters (first occurrence wins). */
export function hashParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!params.has(key)) params.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  return params;
}

/** Does this hash fragment carry a scenario at all (so the page should try to open it)? */
export function hasScenario(hash: string): boolean {
  return typeof hash === 'string' && hashParams(hash).has('s');
}

const PREFIX = 'Could not open the shared scenario: ';

/** Decodes a link's hash fragment. Never throws; on failure keeps the input in `raw`. */
export function hashToScenario(hash: string): HashResult {
  const raw = typeof hash === 'string' ? hash : String(hash);
  const error = (message: string): HashResult => ({ ok: false, error: PREFIX + message, raw });
  try {
    if (typeof hash !== 'string') return error('the link is not text.');
    if (hash.length > MAX_ENCODED_CHARS * 2) return error(`the link is too long (${hash.length} characters; at most ${MAX_ENCODED_CHARS}).`);
    const params = hashParams(hash);
    let s = params.get('s');
    if (s === undefined || s === '') return error('the link has no scenario in it (it should contain #s=…).');
    if (s.includes('%')) {
      try {
        s = decodeURIComponent(s);
      } catch {
        return error('the link is damaged: it has broken %-escapes.');
      }
    }
    if (s.length > MAX_ENCODED_CHARS) return error(`the link is too long (${s.length} characters; at most ${MAX_ENCODED_CHARS}).`);

    let t: number | null = null;
    const tParam = params.get('t');
    if (tParam !== undefined) {
      if (!/^\d{1,10}(\.\d{1,6})?$/.test(tParam) || Number(tParam) > LIMITS.time) {
        return error(`t: the time '${tParam.slice(0, 20)}' is not a number of milliseconds from 0 to ${LIMITS.time}.`);
      }
      t = Math.round(Number(tParam));
    }

    const text = decompressBounded(s, MAX_DECODED_CHARS);
    if (!text.ok) {
      switch (text.reason) {
        case 'too-large':
          return error(`the scenario is too large (over ${MAX_DECODED_CHARS.toLocaleString('en')} characters once decompressed).`);
        case 'alphabet':
          return error(`the link is damaged: character ${text.position ?? 0} of its scenario cannot be part of a raftlab link.`);
        default:
          return error('the link is damaged or incomplete: its scenario could not be decompressed. It may have been cut off when it was copied.');
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text.text);
    } catch {
      return error('the link is damaged or incomplete: its scenario is not valid JSON once decompressed. It may have been cut off when it was copied.');
    }
    let full: unknown;
    try {
      full = fromWire(json);
    } catch (err) {
      if (err instanceof WireError) return error(err.message);
      throw err;
    }
    const parsed = parseScenario(full, { from: 'link' });
    if (!parsed.ok) return error(parsed.error);
    const { value: scenario, recordedWith, notice } = parsed;
    return notice === undefined ? { ok: true, scenario, t, recordedWith } : { ok: true, scenario, t, recordedWith, notice };
  } catch (err) {
    return error(`unexpected problem (${err instanceof Error ? err.message : String(err)}).`);
  }
}

/** Decodes a full URL (or just its hash): the part after '#'. Never throws. */
export function urlToScenario(url: string): HashResult {
  if (typeof url !== 'string') return hashToScenario(url);
  const at = url.indexOf('#');
  return hashToScenario(at >= 0 ? url.slice(at + 1) : url);
}
