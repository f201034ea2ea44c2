// Argument checks for the scripting API. Every check runs before anything changes, and its
// message names the call, the argument and what was wrong, so a lecturer typing into the
// console learns what to fix and the cluster stays exactly as it was.

import { isClientOp } from '../raft/statemachine.ts';
import type { ClientOp } from '../raft/types.ts';
import { describeIssue, linkSchema, networkSchema } from './options.ts';
import type { LinkOptions, NetworkOptions, NetworkSettings } from './types.ts';

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

/** The form of a node id argument (whether the cluster knows it is the action's check). */
export function checkNodeId(argument: string, id: unknown): string {
  if (typeof id !== 'string') throw new Error(`${argument}: node id must be a string, got ${describe(id)}`);
  return id;
}

/** The form of a message id argument (whether it is on the wire is the action's check). */
export function checkMessageId(call: string, id: unknown): number {
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error(`${call}: messageId must be an integer, got ${describe(id)}`);
  return id;
}

export function checkMs(call: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${call}: ${argument}: must be a non-negative whole number of milliseconds, got ${describe(value)}`);
  }
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
export function networkProblem(change: NetworkOptions, current: NetworkSettings): string | null {
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
export function linkProblem(change: LinkOptions, current: LinkOptions | undefined, network: NetworkSettings): string | null {
  const merged = { ...current, ...change };
  const min = merged.latencyMin ?? network.latencyMin;
  const max = merged.latencyMax ?? network.latencyMax;
  return min > max ? `link: latencyMin (${min}) must not exceed latencyMax (${max})` : null;
}

/** "Serialisable" means it survives a JSON round trip unchanged (DESIGN.md). */
export function checkSerialisable(call: string, argument: string, value: unknown): void {
  const problem = serialisableProblem(value, argument);
  if (problem !== null) throw new Error(`${call}: ${problem}`);
}

/** Why `value` (the argument named `argument`) would not survive a JSON round trip, or null. */
export function serialisableProblem(value: unknown, argument: string): string | null {
  return jsonProblem(value, argument);
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
