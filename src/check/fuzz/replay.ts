// Replaying a scenario with every check on, as a script (what the visual simulator does with a
// shared scenario) or action by action through the API (what shrinking needs).

import type { Action, Cluster } from '../../sim/types.ts';
import { checked, finish, lagFor, liveTarget, type Checked } from './checked.ts';
import { defaultMaxEvents } from './config.ts';
import type { ReplaySpec, RunResult } from './results.ts';

/** Applies one recorded action through the scripting API, as its live call (which validates it). */
function applyAction(cluster: Cluster, a: Action): void {
  cluster.apply(a);
}

export interface ReplayResult extends RunResult {
  /** The action script that took effect (interactive replays skip actions the API refuses). */
  actions: Action[];
}

/**
 * Replays a scenario with every check on. 'script' hands the actions to createCluster (exactly
 * what the visual simulator does with a shared scenario); 'interactive' applies them one by one
 * through the API and skips those it refuses (a message id no longer on the wire once earlier
 * actions were removed), which is what shrinking needs.
 */
export function replay(spec: ReplaySpec, mode: 'script' | 'interactive' = 'script'): ReplayResult {
  const { options, actions } = spec.scenario;
  const maxEvents = spec.maxEvents ?? defaultMaxEvents(spec.until, options.nodes.length);
  let c: Checked;
  try {
    c = checked(options, mode === 'script' ? actions : undefined, maxEvents);
  } catch (e) {
    return {
      failure: { kind: 'error', at: 0, message: `The scenario does not load: ${e instanceof Error ? e.message : String(e)}` },
      stats: { events: 0, operations: 0, completed: 0, linearizability: 'skipped' },
      actions: [],
    };
  }
  const { cluster } = c;
  const lagMs = lagFor(spec.until - spec.stableStart);
  const liveness = spec.liveness && spec.until > spec.stableStart;
  const checkAt = liveness ? spec.until - lagMs : spec.until;
  let target = 0;
  let checkedTarget = false;
  const runTo = (t: number) => {
    if (!checkedTarget && t >= checkAt) {
      c.advance(checkAt);
      target = liveness && c.failure() === null ? liveTarget(cluster) : 0;
      checkedTarget = true;
    }
    c.advance(t);
  };
  if (mode === 'interactive') {
    for (const a of actions) {
      if (a.at > spec.until || c.failure() !== null) break;
      runTo(a.at);
      if (c.failure() !== null) break;
      try {
        applyAction(cluster, a);
      } catch {
        /* refused by the API: skipped */
      }
    }
  }
  runTo(spec.until);
  const result = finish(c, target, lagMs, {
    liveness,
    linearizability: spec.linearizability,
    linearizabilityTimeLimitMs: spec.linearizabilityTimeLimitMs ?? 10_000,
    swarm: spec.swarm === true,
  });
  return { ...result, actions: cluster.actions().filter((a) => a.at <= spec.until) };
}
