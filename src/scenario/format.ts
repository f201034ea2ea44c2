// The scenario format (DESIGN.md, "Scenarios and URLs"): everything needed to replay a run
// exactly — fully resolved options (every default written out, seed included), the action
// script exactly as Cluster.actions() records it, and optionally a guided tour — validated by
// a schema and then by checks that need the whole scenario (node ids, time order, sizes), so
// bad input is refused with a message naming the field before anything runs.
//
// Versioned: `v` is the format version and `migrate` is where an older version is brought up
// to the current one. Version 1 is the only one so far; a v2 would add `migrateV1toV2` to the
// chain in `migrate` and keep reading v1 unchanged.

import * as z from 'zod/mini';
import { ENGINE, ENGINES, IMPLICIT_ENGINE, isKnownEngine, type EngineId } from '../sim/engine.ts';
import { actionSchema, diskMs, isClientName, MAX_NODES, MAX_NODE_NAME, nodeName, positiveMs, rate, RESERVED_NAMES, resolveOptions, serverName, VARIANTS, whole, wholeMs } from '../sim/index.ts';
import type { Action, ResolvedOptions } from '../sim/index.ts';
import { replayWorkProblem } from './replayWork.ts';
import { describeZodError, kindOf, short } from './messages.ts';
import { engineNotice, recordedEngine } from './engineIds.ts';
import { parseExperiment } from '../experiment/spec.ts';
import type { ExperimentSpec } from '../experiment/types.ts';
import { challengeProblem, parseChallenge } from '../challenge/spec.ts';
import type { ChallengeSpec } from '../challenge/types.ts';

export const FORMAT_VERSION = 1;
/**
 * Engine ids (src/sim/engine.ts): `ENGINE` is the engine this page runs and writes into every
 * new scenario; `ENGINES` every id it knows, oldest first; a scenario without an id was made
 * with `IMPLICIT_ENGINE` ('raftlab-1').
 */
export { ENGINE, ENGINES, IMPLICIT_ENGINE, isKnownEngine, type EngineId };
export { engineNotice };

/** Caps that keep a hostile or broken scenario from freezing the page. */
export const LIMITS = {
  /** Actions in a script. */
  actions: 5000,
  /** Steps in a tour. */
  tourSteps: 200,
  /** Characters of one Markdown text (description, a step's text, a question's prompt). */
  text: 10_000,
  title: 200,
  /** Choices of a question, and characters of one choice. */
  choices: 10,
  choice: 1000,
  /** Highlighted items of one kind in one tour step. */
  highlights: 200,
  /**
   * Simulated milliseconds: a guard against absurd numbers only (30 simulated days). What bounds
   * opening a long run is the work of replaying it (replayWork.ts), not its length.
   */
  time: 2_592_000_000,
  /** Nesting depth of a proposed command (plain JSON). */
  commandDepth: 32,
  /** Characters of a node name (as the engine's addServer). */
  nodeName: MAX_NODE_NAME,
} as const;

export interface TourHighlights {
  nodes?: string[];
  /** Message ids, as in Cluster.inFlight(). */
  messages?: number[];
  /** Log entries by node and log index (1-based, as in the paper). */
  entries?: { node: string; index: number }[];
}

export interface TourQuestion {
  prompt: string;
  choices: string[];
  /** Index into `choices` of the right answer (revealed by playing on). */
  answer: number;
}

/** The side-panel tabs a tour step can open, as a scenario names them. */
export const SHOW_TABS = ['server', 'message', 'safety', 'history'] as const;
export type ShowTab = (typeof SHOW_TABS)[number];

/**
 * What the screen shows at a step (added after format v1: optional, written only when set).
 * The app does it when the step is shown; without it the screen is left as the viewer set it.
 */
export interface TourShow {
  /** Select this server (the side panel shows it). */
  select?: string;
  /** Open this side-panel tab (after selecting). */
  tab?: ShowTab;
  /** Enlarge the logs: the log grid takes the stage's place while the step is shown. */
  logsLarge?: boolean;
}

export interface TourStep {
  /** Simulated ms to play to; the simulation pauses there. */
  at: number;
  /** Markdown, rendered safely (never as HTML). */
  text: string;
  highlights?: TourHighlights;
  question?: TourQuestion;
  show?: TourShow;
}

/** Compare side by side: pane B replays the same action script with these options. */
export interface CompareSpec {
  /** Pane B's options, fully resolved; the same servers as the scenario's `options`. */
  options: ResolvedOptions;
}

export interface Scenario {
  v: 1;
  /** The engine the scenario is on: always the current ENGINE once parsed (see parseScenario). */
  engine: EngineId;
  options: ResolvedOptions;
  actions: Action[];
  tour?: TourStep[];
  compare?: CompareSpec;
  title?: string;
  description?: string;
  /**
   * An experiment over many seeds (issue 15; docs/experiments.md), opened in the Experiments
   * dialog. Added after format v1: optional, written only when set; validated by parseExperiment.
   */
  experiment?: ExperimentSpec;
  /**
   * A challenge (issue 15; docs/challenges.md): a goal, rules and hints over this scenario, whose
   * first `challenge.setup` actions are its base. Added after format v1 like `experiment`.
   */
  challenge?: ChallengeSpec;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * What parseScenario gives: the scenario, on the current engine, with the engine it was made
 * with (`recordedWith`: its `engine` field, or 'raftlab-1' when it has none) and, when that is
 * an older engine, a plain notice for the user (not an error: the scenario opens).
 */
export type ScenarioResult =
  | { ok: true; value: Scenario; recordedWith: EngineId; notice?: string }
  | { ok: false; error: string };

/** Where a scenario came from, for the words of a notice or an engine error ("This link was made …"). */
export type ScenarioSource = 'link' | 'file' | 'scenario';

// ------------------------------------------------------------------ schema

// The atoms (whole ms, rates, node names, the client-name rule) are the engine's: src/sim/atoms.ts.
const time = wholeMs.check(z.maximum(LIMITS.time, `must be at most ${LIMITS.time} ms (30 simulated days)`));
const text = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const atMost = (max: number, what: string) => z.maxLength(max, `at most ${max} ${what}`);
const index = (message: string) => z.number().check(whole(), z.positive(message));

/** ResolvedOptions: the engine's option schema with every field required. */
export const resolvedOptionsSchema = z.strictObject({
  seed: z
    .number()
    .check(whole('must be an integer'), z.minimum(0, 'must be between 0 and 4294967295'), z.maximum(0xffffffff, 'must be between 0 and 4294967295')),
  nodes: z
    .array(serverName)
    .check(z.minLength(1, 'a cluster needs at least 1 node'), atMost(MAX_NODES, 'nodes')),
  timing: z.strictObject({
    electionTimeoutMin: positiveMs,
    electionTimeoutMax: positiveMs,
    heartbeatInterval: positiveMs,
    // Added after format v1: optional, written only when set (docs/scenarios.md, "New fields").
    diskLatencyMin: z.optional(diskMs),
    diskLatencyMax: z.optional(diskMs),
  }),
  network: z.strictObject({
    latencyMin: wholeMs,
    latencyMax: wholeMs,
    lossRate: rate,
    duplicateRate: rate,
    manual: z.boolean(),
    // Added after format v1: optional, written only when set (docs/scenarios.md, "New fields").
    frozenTimers: z.optional(z.boolean()),
  }),
  features: z.strictObject({
    preVote: z.boolean(),
    checkQuorum: z.boolean(),
    snapshotThreshold: z.number().check(whole(), z.minimum(0)),
    readIndex: z.boolean(),
    noopOnElection: z.boolean(),
    variant: z.enum(['none', ...VARIANTS]),
    // Added after format v1: optional, written only when set (docs/scenarios.md, "New fields").
    conflictHint: z.optional(z.boolean()),
  }),
  workload: z.strictObject({
    clients: z.number().check(whole(), z.minimum(0), z.maximum(100)),
    opsPerSecond: z.number().check(z.minimum(0), z.maximum(10000)),
    keys: z.number().check(whole(), z.minimum(1), z.maximum(10000)),
    readRatio: rate,
  }),
  initial: z.record(
    z.string(),
    z.strictObject({
      term: z.number().check(whole(), z.minimum(0)),
      votedFor: z.nullable(z.string()),
      log: z.array(z.strictObject({ term: index('log entry terms start at 1'), command: z.unknown() })),
    }),
  ),
});

const highlightsSchema = z.strictObject({
  nodes: z.optional(z.array(nodeName).check(atMost(LIMITS.highlights, 'nodes'))),
  messages: z.optional(z.array(index('message ids start at 1')).check(atMost(LIMITS.highlights, 'messages'))),
  entries: z.optional(
    z.array(z.strictObject({ node: nodeName, index: index('log indexes start at 1') })).check(atMost(LIMITS.highlights, 'entries')),
  ),
});

const questionSchema = z.strictObject({
  prompt: text(LIMITS.text).check(z.minLength(1, 'a question needs a prompt')),
  choices: z
    .array(text(LIMITS.choice).check(z.minLength(1, 'a choice must not be empty')))
    .check(z.minLength(2, 'a question needs at least 2 choices'), atMost(LIMITS.choices, 'choices')),
  answer: z.number().check(whole('must be the index of a choice'), z.minimum(0, 'must be the index of a choice')),
});

const showSchema = z.strictObject({
  select: z.optional(nodeName),
  tab: z.optional(z.enum(SHOW_TABS)),
  logsLarge: z.optional(z.boolean()),
});

export const tourStepSchema = z.strictObject({
  at: time,
  text: text(LIMITS.text),
  highlights: z.optional(highlightsSchema),
  question: z.optional(questionSchema),
  // Added after format v1: optional, written only when set (docs/scenarios.md, "New fields").
  show: z.optional(showSchema),
});

export const scenarioSchema = z.strictObject({
  v: z.literal(FORMAT_VERSION),
  engine: z.enum(ENGINES),
  options: resolvedOptionsSchema,
  actions: z.array(actionSchema).check(atMost(LIMITS.actions, 'actions')),
  tour: z.optional(z.array(tourStepSchema).check(atMost(LIMITS.tourSteps, 'tour steps'))),
  compare: z.optional(z.strictObject({ options: resolvedOptionsSchema })),
  title: z.optional(text(LIMITS.title)),
  description: z.optional(text(LIMITS.text)),
  // checked field by field by parseExperiment (src/experiment/spec.ts), after the schema
  experiment: z.optional(z.unknown()),
  // checked field by field by parseChallenge (src/challenge/spec.ts), after the schema
  challenge: z.optional(z.unknown()),
});

// ------------------------------------------------------------------ versions

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Brings a scenario of any known format version up to the current one (still unvalidated).
 * v1 is current. A v2 would hook in here: `if (v === 1) input = migrateV1toV2(input)` and so
 * on up the chain, so every link ever shared keeps opening.
 */
export function migrate(input: unknown): Result<Record<string, unknown>> {
  if (!isPlainObject(input)) return { ok: false, error: `not a raftlab scenario: expected a JSON object, got ${kindOf(input)}` };
  const v = input.v;
  if (v === undefined) return { ok: false, error: 'not a raftlab scenario: the format version field "v" is missing' };
  if (v === 1) return { ok: true, value: input };
  if (typeof v === 'number' && Number.isInteger(v) && v > FORMAT_VERSION) {
    return {
      ok: false,
      error: `v: this scenario uses format version ${v}, made by a newer raftlab; this page reads versions up to ${FORMAT_VERSION}`,
    };
  }
  return { ok: false, error: `v: unknown scenario format version ${short(v)} (this page reads version${FORMAT_VERSION > 1 ? `s 1 to ${FORMAT_VERSION}` : ' 1'})` };
}

// ------------------------------------------------------------------ validation

/** Problem with a proposed command: must be plain JSON, nested at most LIMITS.commandDepth deep. */
function commandProblem(value: unknown, path: string, depth: number): string | null {
  if (depth > LIMITS.commandDepth) return `${path}: nested deeper than ${LIMITS.commandDepth} levels`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path}: numbers must be finite`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = commandProblem(value[i], `${path}[${i}]`, depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = commandProblem(v, `${path}.${k}`, depth + 1);
      if (p !== null) return p;
    }
    return null;
  }
  return `${path}: must be plain JSON data, not ${kindOf(value)}`;
}


/** The engine's own option checks (duplicates, min ≤ max, reserved names, initial logs), its message under `field`. */
function optionsProblem(options: ResolvedOptions, field: string): string | null {
  try {
    resolveOptions(options);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The engine writes paths as "options.nodes.0"; scenario messages write "options.nodes[0]".
    return message
      .replace(/^createCluster: /, '')
      .replace(/^options(?=[.:])/, field)
      .replace(/\.(\d+)(?=[.:[])/g, '[$1]');
  }
}

function initialCommandsProblem(options: ResolvedOptions, field: string): string | null {
  for (const [id, init] of Object.entries(options.initial)) {
    for (let j = 0; j < init.log!.length; j++) {
      const p = commandProblem(init.log![j].command, `${field}.initial.${id}.log[${j}].command`, 0);
      if (p !== null) return p;
    }
  }
  return null;
}

/**
 * Pane B of a comparison: valid options of its own, on the same servers (one action script
 * drives both panes, and it names servers).
 */
function compareProblem(s: Scenario): string | null {
  if (s.compare === undefined) return null;
  const b = s.compare.options;
  const problem = optionsProblem(b, 'compare.options') ?? initialCommandsProblem(b, 'compare.options');
  if (problem !== null) return problem;
  if (b.nodes.length !== s.options.nodes.length || b.nodes.some((id, i) => id !== s.options.nodes[i])) {
    const list = (nodes: string[]) => nodes.slice(0, 8).join(', ') + (nodes.length > 8 ? ', …' : '');
    return (
      `compare.options.nodes: must be the same servers as options.nodes (${list(s.options.nodes)}), got ${list(b.nodes)}; ` +
      'both panes replay one action script'
    );
  }
  return null;
}

/** Checks that need the whole scenario; returns the first problem, naming its field. */
function semanticProblem(s: Scenario): string | null {
  const optionsError = optionsProblem(s.options, 'options');
  if (optionsError !== null) return optionsError;

  const known = new Set(s.options.nodes);
  const added: { at: number; node: string }[] = [];
  let last = 0;
  const knownList = () => [...known].slice(0, 8).join(', ') + (known.size > 8 ? ', …' : '');
  for (let i = 0; i < s.actions.length; i++) {
    const a = s.actions[i];
    const field = `actions[${i}]`;
    if (a.at > LIMITS.time) return `${field}.at: ${a.at} is beyond the limit of ${LIMITS.time} ms (30 simulated days)`;
    if (a.at < last) return `${field}.at: ${a.at} is before the previous action (${last}); actions must be in time order`;
    last = a.at;
    const refs: [string, string][] = [];
    if ('node' in a && a.type !== 'addServer') refs.push(['node', a.node]);
    if (a.type === 'setLink') refs.push(['from', a.from], ['to', a.to]);
    if (a.type === 'request' && a.to !== undefined) refs.push(['to', a.to]);
    if (a.type === 'partition') a.groups.forEach((g, gi) => g.forEach((id, ni) => refs.push([`groups[${gi}][${ni}]`, id])));
    for (const [name, id] of refs) {
      if (!known.has(id)) return `${field}.${name}: unknown node id '${short(id).slice(1, -1)}' (known: ${knownList()})`;
    }
    if (a.type === 'partition') {
      const seen = new Set<string>();
      for (const id of a.groups.flat()) {
        if (seen.has(id)) return `${field}.groups: node '${id}' is in two groups; a node belongs to one group`;
        seen.add(id);
      }
    }
    if (a.type === 'setLink' && a.from === a.to) return `${field}: from and to are both '${a.from}'; a link joins two different nodes`;
    if (a.type === 'addServer') {
      if (a.node.length > LIMITS.nodeName) return `${field}.node: a node name must be at most ${LIMITS.nodeName} characters`;
      if (isClientName(a.node)) return `${field}.node: ${RESERVED_NAMES}`;
      if (!known.has(a.node)) {
        known.add(a.node);
        added.push({ at: a.at, node: a.node });
      }
    }
    if (a.type === 'request' && a.client !== undefined && known.has(a.client)) {
      return `${field}.client: '${a.client}' is a server, not a client`;
    }
    if (a.type === 'propose') {
      const p = commandProblem(a.command, `${field}.command`, 0);
      if (p !== null) return p;
    }
  }
  const initialError = initialCommandsProblem(s.options, 'options');
  if (initialError !== null) return initialError;
  // opening the run replays it to its end: bounded by the work, not the time (replayWork.ts)
  const end = scenarioEnd(s);
  const endField = s.actions.length > 0 && s.actions[s.actions.length - 1].at === end ? `actions[${s.actions.length - 1}].at` : `tour[${(s.tour?.length ?? 1) - 1}].at`;
  const work = replayWorkProblem(s.options, end, endField);
  if (work !== null) return work;

  const tour = s.tour ?? [];
  let lastStep = 0;
  for (let i = 0; i < tour.length; i++) {
    const step = tour[i];
    const field = `tour[${i}]`;
    if (step.at < lastStep) return `${field}.at: ${step.at} is before the previous step (${lastStep}); tour steps must be in time order`;
    lastStep = step.at;
    const present = new Set(s.options.nodes);
    for (const a of added) if (a.at <= step.at) present.add(a.node);
    const nodeRefs: [string, string][] = [];
    step.highlights?.nodes?.forEach((id, j) => nodeRefs.push([`highlights.nodes[${j}]`, id]));
    step.highlights?.entries?.forEach((e, j) => nodeRefs.push([`highlights.entries[${j}].node`, e.node]));
    if (step.show?.select !== undefined) nodeRefs.push(['show.select', step.show.select]);
    for (const [name, id] of nodeRefs) {
      if (!present.has(id)) return `${field}.${name}: unknown node id '${short(id).slice(1, -1)}' at ${step.at} ms`;
    }
    const q = step.question;
    if (q !== undefined && q.answer >= q.choices.length) {
      return `${field}.question.answer: ${q.answer} is not the index of one of its ${q.choices.length} choices`;
    }
  }
  return compareProblem(s);
}

/**
 * Validates a scenario of any known version (a parsed JSON file, a decoded link, an object
 * from the console): migrate, the engine id, schema, then the whole-scenario checks. Never throws.
 *
 * The scenario comes back on the current engine (`value.engine === ENGINE`: it is replayed by
 * this page's engine, so sharing it again writes this page's id); `recordedWith` is the engine
 * it was made with and, when that is older, `notice` says the run may differ ("This link was
 * made with an older raftlab (raftlab-1); …", worded for `from`). An unknown engine id is an error.
 */
export function parseScenario(input: unknown, opts: { from?: ScenarioSource } = {}): ScenarioResult {
  const from = opts?.from ?? 'scenario';
  try {
    const migrated = migrate(input);
    if (!migrated.ok) return migrated;
    const engine = recordedEngine(migrated.value, from);
    if (!engine.ok) return engine;
    const recordedWith = engine.value;
    // A plain object cannot hold an own '__proto__' key safely (the engine's options drop it).
    const compareOptions = (migrated.value.compare as { options?: unknown } | undefined)?.options;
    for (const [field, options] of [
      ['options', migrated.value.options],
      ['compare.options', compareOptions],
    ] as const) {
      const initial = (options as { initial?: unknown } | undefined)?.initial;
      if (typeof initial === 'object' && initial !== null && Object.prototype.hasOwnProperty.call(initial, '__proto__')) {
        return { ok: false, error: `${field}.initial: a node named '__proto__' cannot have an initial state` };
      }
    }
    // Opened here, the scenario runs on this page's engine.
    const parsed = scenarioSchema.safeParse({ ...migrated.value, engine: ENGINE });
    if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
    const scenario = parsed.data as Scenario;
    if (parsed.data.experiment !== undefined) {
      const experiment = parseExperiment(parsed.data.experiment);
      if (!experiment.ok) return { ok: false, error: experiment.error };
      scenario.experiment = experiment.spec;
    }
    if (parsed.data.challenge !== undefined) {
      const challenge = parseChallenge(parsed.data.challenge);
      if (!challenge.ok) return { ok: false, error: challenge.error };
      const misfit = challengeProblem(challenge.spec, scenario);
      if (misfit !== null) return { ok: false, error: misfit };
      scenario.challenge = challenge.spec;
    }
    const problem = semanticProblem(scenario);
    if (problem !== null) return { ok: false, error: problem };
    const notice = engineNotice(recordedWith, from);
    return notice === undefined ? { ok: true, value: scenario, recordedWith } : { ok: true, value: scenario, recordedWith, notice };
  } catch (err) {
    // A validator bug must never reach the page as an uncaught error.
    return { ok: false, error: `could not read the scenario (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Like parseScenario, for code that wants an exception (the console API, tests). */
export function assertScenario(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(`invalid scenario: ${r.error}`);
  return r.value;
}

/** The simulated time a scenario plays to: its last action or tour step. */
export function scenarioEnd(s: Pick<Scenario, 'actions' | 'tour'>): number {
  const lastAction = s.actions.length > 0 ? s.actions[s.actions.length - 1].at : 0;
  const lastStep = s.tour !== undefined && s.tour.length > 0 ? s.tour[s.tour.length - 1].at : 0;
  return Math.max(lastAction, lastStep);
}
