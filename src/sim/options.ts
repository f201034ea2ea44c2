// ClusterOptions: the schema, the defaults (DESIGN.md), and resolution into ResolvedOptions
// (every default written out, so a stored scenario means the same thing forever).

import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { VARIANTS } from '../raft/types.ts';
import { between, diskMs, positiveMs, rate, serverName, whole, wholeMs as ms } from './atoms.ts';
import type { ClusterOptions, ResolvedOptions } from './types.ts';

export const MAX_NODES = 101;
export const DEFAULT_TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };
export const DEFAULT_NETWORK = { latencyMin: 10, latencyMax: 30, lossRate: 0, duplicateRate: 0, manual: false };
export const DEFAULT_FEATURES = {
  preVote: false,
  checkQuorum: false,
  snapshotThreshold: 0,
  readIndex: false,
  noopOnElection: true,
  variant: 'none' as const,
};
export const DEFAULT_WORKLOAD = { clients: 0, opsPerSecond: 0, keys: 5, readRatio: 0.5 };

// zod/mini: the same schemas as zod's classic API, tree-shaken (tens of KB less in the page
// and in the counterexample worker); it ships without messages until a locale is configured.
z.config(en());

// The validation atoms (whole ms, rates, names) are shared with the scenario format: atoms.ts.
export { whole };

export const networkSchema = z.strictObject({
  latencyMin: z.optional(ms),
  latencyMax: z.optional(ms),
  lossRate: z.optional(rate),
  duplicateRate: z.optional(rate),
  manual: z.optional(z.boolean()),
  frozenTimers: z.optional(z.boolean()),
});

export const linkSchema = z.strictObject({
  up: z.optional(z.boolean()),
  latencyMin: z.optional(ms),
  latencyMax: z.optional(ms),
  lossRate: z.optional(rate),
});

const jsonValue: z.ZodMiniType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().check(z.refine<number>(Number.isFinite, 'numbers must be finite')),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const initialNodeSchema = z.strictObject({
  term: z.optional(z.number().check(whole(), z.minimum(0))),
  votedFor: z.optional(z.nullable(z.string())),
  log: z.optional(z.array(z.strictObject({ term: z.number().check(whole(), z.positive('log entry terms start at 1')), command: jsonValue }))),
});

const nodeCount = `at most ${MAX_NODES} nodes`;

export const optionsSchema = z.strictObject({
  seed: z.optional(z.number().check(whole('must be an integer'), ...between(0, 0xffffffff))),
  nodes: z.optional(
    z.union([
      z.number().check(whole(), z.minimum(1, 'a cluster needs at least 1 node'), z.maximum(MAX_NODES, nodeCount)),
      z.array(serverName).check(z.minLength(1, 'a cluster needs at least 1 node'), z.maxLength(MAX_NODES, nodeCount)),
    ]),
  ),
  timing: z.optional(
    z.strictObject({
      electionTimeoutMin: z.optional(positiveMs),
      electionTimeoutMax: z.optional(positiveMs),
      heartbeatInterval: z.optional(positiveMs),
      // Added after format v1 (docs/scenarios.md, "New fields"): absent = writes durable at once.
      diskLatencyMin: z.optional(diskMs),
      diskLatencyMax: z.optional(diskMs),
    }),
  ),
  network: z.optional(networkSchema),
  features: z.optional(
    z.strictObject({
      preVote: z.optional(z.boolean()),
      checkQuorum: z.optional(z.boolean()),
      snapshotThreshold: z.optional(z.number().check(whole(), z.minimum(0))),
      readIndex: z.optional(z.boolean()),
      noopOnElection: z.optional(z.boolean()),
      conflictHint: z.optional(z.boolean()),
      variant: z.optional(z.enum(['none', ...VARIANTS])),
    }),
  ),
  workload: z.optional(
    z.strictObject({
      clients: z.optional(z.number().check(whole(), ...between(0, 100))),
      opsPerSecond: z.optional(z.number().check(...between(0, 10000))),
      keys: z.optional(z.number().check(whole(), ...between(1, 10000))),
      readRatio: z.optional(rate),
    }),
  ),
  initial: z.optional(
    z.record(
      z.string(),
      initialNodeSchema,
    ),
  ),
});

/** Formats the first schema issue as "argument.path: message". */
export function describeIssue(argument: string, error: z.core.$ZodError): string {
  const { path, message } = explainIssue(error.issues[0]);
  return `${path.length > 0 ? `${argument}.${path.join('.')}` : argument}: ${message}`;
}

/** Issues that only say the value is of the wrong kind altogether (a string where a number goes). */
const KINDS = new Set(['string', 'number', 'boolean', 'null', 'array', 'record', 'object', 'bigint', 'symbol', 'undefined', 'function', 'date', 'map', 'set']);
const wrongKind = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && KINDS.has(issue.expected) && issue.path.length === 0;

/**
 * A union (such as `nodes`: a count or a list of names) reports only "Invalid input". Say
 * instead why the branch meant for this kind of value failed ("at most 101 nodes"), or, when
 * the value fits no branch, which kinds of value are accepted.
 */
function explainIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, message: issue.message };
  const meant = issue.errors.find((branch) => branch.length > 0 && !wrongKind(branch[0]));
  if (meant !== undefined) {
    const inner = explainIssue(meant[0]);
    return { path: [...issue.path, ...inner.path], message: inner.message };
  }
  const kinds = issue.errors.flatMap((branch) => (branch[0]?.code === 'invalid_type' ? [branch[0].expected] : []));
  return { path: issue.path, message: `expected ${kinds.join(' or ')}` };
}

export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`createCluster: ${describeIssue('options', parsed.error)}`);
  const o: ClusterOptions = parsed.data;
  const nodes =
    o.nodes === undefined
      ? ['S1', 'S2', 'S3', 'S4', 'S5']
      : typeof o.nodes === 'number'
        ? Array.from({ length: o.nodes }, (_, i) => `S${i + 1}`)
        : o.nodes.slice();
  const seen = new Set<string>();
  for (const id of nodes) {
    if (seen.has(id)) throw new Error(`createCluster: options.nodes: '${id}' appears twice`);
    seen.add(id);
  }
  const timing: ResolvedOptions['timing'] = { ...DEFAULT_TIMING, ...o.timing };
  if (timing.electionTimeoutMin > timing.electionTimeoutMax) {
    throw new Error('createCluster: options.timing: electionTimeoutMin must not exceed electionTimeoutMax');
  }
  // Disk latency is written out only when given (a new field): then both ends, max defaulting to min.
  if (timing.diskLatencyMin !== undefined || timing.diskLatencyMax !== undefined) {
    timing.diskLatencyMin ??= 0;
    timing.diskLatencyMax ??= timing.diskLatencyMin;
    if (timing.diskLatencyMin > timing.diskLatencyMax) {
      throw new Error('createCluster: options.timing: diskLatencyMin must not exceed diskLatencyMax');
    }
  }
  const network = { ...DEFAULT_NETWORK, ...o.network };
  if (network.latencyMin > network.latencyMax) {
    throw new Error('createCluster: options.network: latencyMin must not exceed latencyMax');
  }
  const initial: ResolvedOptions['initial'] = {};
  // Read the caller's own keys: a node may be named '__proto__', which a parsed record drops.
  const rawInitial = (input as { initial?: Record<string, unknown> } | undefined)?.initial ?? {};
  for (const id of Object.keys(rawInitial)) {
    const init = initialNodeSchema.parse(rawInitial[id]);
    if (!seen.has(id)) throw new Error(`createCluster: options.initial: unknown node id '${id}'`);
    const log = init.log ?? [];
    for (let i = 1; i < log.length; i++) {
      if (log[i].term < log[i - 1].term) {
        throw new Error(`createCluster: options.initial.${id}.log[${i}]: terms in a log never decrease`);
      }
    }
    const lastTerm = log.length > 0 ? log[log.length - 1].term : 0;
    const term = init.term ?? lastTerm;
    if (term < lastTerm) {
      throw new Error(`createCluster: options.initial.${id}.term: ${term} is below its last log entry's term ${lastTerm}`);
    }
    const votedFor = init.votedFor ?? null;
    if (votedFor !== null && !seen.has(votedFor)) {
      throw new Error(`createCluster: options.initial.${id}.votedFor: unknown node id '${votedFor}'`);
    }
    Object.defineProperty(initial, id, {
      value: { term, votedFor, log: log.map((e) => ({ term: e.term, command: e.command })) },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    seed: o.seed ?? 1,
    nodes,
    timing,
    network,
    features: { ...DEFAULT_FEATURES, ...o.features },
    workload: { ...DEFAULT_WORKLOAD, ...o.workload },
    initial,
  };
}
