// Servers joining and leaving, pure: whether a server is in the leader's configuration, and the
// name a new server gets.

import { isClientName } from '../sim/index.ts';
import type { Frame } from './frame.ts';

/**
 * Whether `id` is in the configuration the leader holds (a voter or a learner being caught
 * up); true when there is no leader to ask. A removed server is not, and may be added back.
 */
export function isMember(frame: Pick<Frame, 'leader' | 'nodes'>, id: string): boolean {
  const leader = frame.leader === null ? undefined : frame.nodes.get(frame.leader);
  if (leader === undefined) return true;
  return leader.config.voters.includes(id) || leader.config.learners.includes(id);
}

/** A name for a new server following the pattern of the others: S6 after S5, 127.0.0.1:8003 after …:8002. Never a client's name (C1, C2, …). */
export function nextServerName(ids: readonly string[]): string {
  const taken = new Set(ids);
  const last = ids[ids.length - 1] ?? 'S0';
  const m = /^(.*?)(\d+)$/.exec(last);
  const prefix = m === null ? last + '-' : m[1];
  let n = m === null ? 1 : Number(m[2]) + 1;
  while (taken.has(prefix + String(n)) || isClientName(prefix + String(n))) n++;
  return prefix + String(n);
}
