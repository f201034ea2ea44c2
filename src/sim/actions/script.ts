// An action script given to createCluster: each action's schema (its row's), times in order,
// the servers it names known when it acts, and what its row checks of a script beyond that.
// Whether the cluster accepts it is asked when its time comes (the row's check), as live.

import { describeIssue } from '../options.ts';
import type { Action, ResolvedOptions } from '../types.ts';
import { describe } from '../validate.ts';
import { actionSchema, actionSpec } from './registry.ts';

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
    const spec = actionSpec(a.type);
    for (const id of spec.nodes(a)) {
      if (!known.has(id)) throw new Error(`createCluster: actions[${i}]: unknown node id '${id}'`);
    }
    const problem = spec.scriptProblem?.(a, known) ?? null;
    if (problem !== null) throw new Error(`createCluster: actions[${i}]: ${problem}`);
    const added = spec.adds?.(a);
    if (added !== undefined) known.add(added);
    return structuredClone(a);
  });
}
