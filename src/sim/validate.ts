// Argument checks for the scripting API. Every check runs before anything changes, and its
// message names the call, the argument and what was wrong, so a lecturer typing into the
// console learns what to fix and the cluster stays exactly as it was.

import * as z from 'zod/mini';
import { isClientOp } from '../raft/statemachine.ts';
import type { ClientOp } from '../raft/types.ts';
import { clientRef, messageId, nodeRef, wholeMs } from './atoms.ts';
import { describeIssue, linkSchema, networkSchema } from './options.ts';
import type { Action, LinkOptions, NetworkOptions, ResolvedOptions } from './types.ts';

/** A short, safe description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'number') return String(value); // JSON would print NaN and Infinity as null
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? text.slice(0, 60) + '…' : text;
  } catch {
    return typeof value;
  }
}

export function checkMs(call: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${call}: ${argument}: must be a non-negative whole number of milliseconds, got ${describe(value)}`);
  }
}

export function checkGroups(call: string, groups: unknown, ids: readonly string[]): asserts groups is string[][] {
  checkGroupsShape(call, groups);
  const problem = groupsProblem(groups, ids);
  if (problem !== null) throw new Error(`${call}: ${problem}`);
}

/** The form of a partition's argument: an array of arrays (what the node ids are is checked against the cluster). */
export function checkGroupsShape(call: string, groups: unknown): asserts groups is string[][] {
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g))) {
    throw new Error(`${call}: groups: must be an array of arrays of node ids, like [['S1','S2'],['S3']], got ${describe(groups)}`);
  }
}

/** Partition groups naming only known servers, each in one group at most; else what is wrong. */
export function groupsProblem(groups: readonly (readonly unknown[])[], ids: readonly string[]): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < groups.length; i++) {
    for (const id of groups[i]) {
      if (typeof id !== 'string' || !ids.includes(id)) return `groups[${i}]: unknown node id ${describe(id)} (known: ${ids.join(', ')})`;
      const before = seen.get(id);
      if (before !== undefined) return `groups: node '${id}' is in group ${before} and group ${i}; a node belongs to one group`;
      seen.set(id, i);
    }
  }
  return null;
}

/** The schema of setNetwork's options (how they combine with the settings in force is checked when it acts). */
export function parseNetwork(call: string, options: unknown): NetworkOptions {
  const parsed = networkSchema.safeParse(options);
  if (!parsed.success) throw new Error(`${call}: ${describeIssue('options', parsed.error)}`);
  return { ...parsed.data };
}

/** Network settings `change` merged into `current` must keep latencyMin ≤ latencyMax. */
export function networkProblem(change: NetworkOptions, current: Required<NetworkOptions>): string | null {
  const merged = { ...current, ...change };
  if (merged.latencyMin > merged.latencyMax) {
    return `options: latencyMin (${merged.latencyMin}) must not exceed latencyMax (${merged.latencyMax})`;
  }
  return null;
}

/** The schema of setLink's link options (how they combine with the link's settings is checked when it acts). */
export function parseLink(call: string, link: unknown): LinkOptions {
  const parsed = linkSchema.safeParse(link);
  if (!parsed.success) throw new Error(`${call}: ${describeIssue('link', parsed.error)}`);
  return { ...parsed.data };
}

/** A link override `change` merged into the link's `current` one must keep latencyMin ≤ latencyMax. */
export function linkProblem(change: LinkOptions, current: LinkOptions | undefined, network: Required<NetworkOptions>): string | null {
  const merged = { ...current, ...change };
  const min = merged.latencyMin ?? network.latencyMin;
  const max = merged.latencyMax ?? network.latencyMax;
  return min > max ? `link: latencyMin (${min}) must not exceed latencyMax (${max})` : null;
}

/** "Serialisable" means it survives a JSON round trip unchanged (DESIGN.md). */
export function checkSerialisable(call: string, argument: string, value: unknown): void {
  const problem = jsonProblem(value, argument);
  if (problem !== null) throw new Error(`${call}: ${problem}`);
}

function jsonProblem(value: unknown, path: string): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path}: ${String(value)} does not survive JSON`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${path}: must be plain data (JSON), not a ${value.constructor.name}`;
    for (const [k, v] of Object.entries(value)) {
      const p = jsonProblem(v, `${path}.${k}`);
      if (p !== null) return p;
    }
    return null;
  }
  const kind = value === undefined ? 'undefined' : `a ${typeof value}`;
  return `${path}: ${kind} is not serialisable (commands must survive a JSON round trip)`;
}

export function checkClientOp(call: string, op: unknown): asserts op is ClientOp {
  if (!isClientOp(op)) {
    throw new Error(
      `${call}: op: must be {type:'put'|'append', key, value} or {type:'get', key} with string key and value, got ${describe(op)}`,
    );
  }
  const extra = Object.keys(op).filter((k) => !['type', 'key', 'value'].includes(k));
  if (extra.length > 0) throw new Error(`${call}: op: unexpected field '${extra[0]}'`);
  if (op.type === 'get' && 'value' in op) throw new Error(`${call}: op: a get has no value`);
}

const nodeId = nodeRef;
const opSchema = z.union([
  z.strictObject({ type: z.literal('put'), key: z.string(), value: z.string() }),
  z.strictObject({ type: z.literal('append'), key: z.string(), value: z.string() }),
  z.strictObject({ type: z.literal('get'), key: z.string() }),
]);
const at = wholeMs;

export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    at,
    type: z.enum(['crash', 'restart', 'timeout', 'addServer', 'removeServer', 'transferLeadership']),
    node: nodeId,
  }),
  z.strictObject({ at, type: z.literal('partition'), groups: z.array(z.array(nodeId)) }),
  z.strictObject({ at, type: z.literal('heal') }),
  z.strictObject({ at, type: z.literal('setNetwork'), network: networkSchema }),
  z.strictObject({ at, type: z.literal('setLink'), from: nodeId, to: nodeId, link: linkSchema }),
  z.strictObject({ at, type: z.literal('propose'), node: nodeId, command: z.unknown() }),
  z.strictObject({
    at,
    type: z.literal('request'),
    op: opSchema,
    client: z.optional(clientRef),
    to: z.optional(nodeId),
  }),
  z.strictObject({ at, type: z.enum(['deliver', 'drop', 'duplicate']), message: messageId }),
  z.strictObject({ at, type: z.literal('delay'), message: messageId, ms: at }),
]);

/** Validates an action script: schema, times in order, node ids known when they act. */
export function checkActions(actions: unknown, options: ResolvedOptions): Action[] {
  if (!Array.isArray(actions)) throw new Error(`createCluster: actions: must be an array, got ${describe(actions)}`);
  const known = new Set(options.nodes);
  let last = 0;
  return actions.map((raw, i) => {
    const parsed = actionSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`createCluster: ${describeIssue(`actions[${i}]`, parsed.error)}`);
    const a = parsed.data;
    if (a.at < last) throw new Error(`createCluster: actions[${i}].at: ${a.at} is before the previous action (${last}); keep them in time order`);
    last = a.at;
    const ids: string[] = [];
    if ('node' in a && a.type !== 'addServer') ids.push(a.node);
    if (a.type === 'partition') ids.push(...a.groups.flat());
    if (a.type === 'setLink') ids.push(a.from, a.to);
    if (a.type === 'request' && a.to !== undefined) ids.push(a.to);
    for (const id of ids) {
      if (!known.has(id)) throw new Error(`createCluster: actions[${i}]: unknown node id '${id}'`);
    }
    if (a.type === 'partition') checkGroups(`createCluster: actions[${i}]`, a.groups, [...known]);
    if (a.type === 'propose') checkSerialisable(`createCluster: actions[${i}]`, 'command', a.command);
    if (a.type === 'addServer') known.add(a.node);
    return structuredClone(a);
  });
}
