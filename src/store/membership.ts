// Servers joining and leaving, pure: whether a server is in the leader's configuration, and the
// name a new server gets.

import { isClientName, type NodeView } from '../sim/index.ts';
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

/**
 * Where a server stands in the cluster's configuration, for drawing it (thesis ch. 4):
 * a voter; a learner (being caught up: it receives the log but neither votes nor counts toward a
 * majority); removed (out of the configuration after having been in it, or after a catch-up that
 * gave up: it holds state); or outside (known to the run, never in a configuration: it holds
 * nothing yet).
 */
export type MemberStatus = 'voter' | 'learner' | 'removed' | 'outside';

/**
 * The configuration the stage shows: the leader's; without a leader, that of the live server
 * with the highest term (ties: the longest log) — the one most likely to be the next leader's.
 */
function shownConfig(frame: Pick<Frame, 'leader' | 'nodes'>): { voters: readonly string[]; learners: readonly string[] } | null {
  const leader = frame.leader === null ? undefined : frame.nodes.get(frame.leader);
  if (leader !== undefined) return leader.config;
  let best: NodeView | undefined;
  for (const n of frame.nodes.values()) {
    if (!n.alive) continue;
    const len = n.snapshotIndex + n.log.length;
    if (best === undefined || n.term > best.term || (n.term === best.term && len > best.snapshotIndex + best.log.length)) best = n;
  }
  return best === undefined ? null : best.config;
}

export function memberStatus(frame: Pick<Frame, 'leader' | 'nodes'>, id: string): MemberStatus {
  const config = shownConfig(frame);
  if (config === null || config.voters.includes(id)) return 'voter';
  if (config.learners.includes(id)) return 'learner';
  const n = frame.nodes.get(id);
  if (n === undefined) return 'outside';
  return n.term > 0 || n.snapshotIndex + n.log.length > 0 ? 'removed' : 'outside';
}
