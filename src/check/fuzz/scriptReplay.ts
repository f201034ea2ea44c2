// Fuzzing scripted replays (issue #12, bug 2): a share of swarm seeds is replayed as a script —
// the actions the live calls recorded, with the ones they refused put back at their places —
// through createCluster(options, actions), what share links, files and the app's replays use.
// The script must give the same trace, event for event, and refuse exactly what the live calls
// refused (a refused scripted action is skipped, never executed).

import { createCluster } from '../../sim/index.ts';
import type { Action, Cluster, ResolvedOptions, TraceEvent } from '../../sim/types.ts';
import type { FuzzFailure } from './results.ts';
import type { RefusedAttempt } from './swarmFaults.ts';

/** A running hash of a trace (FNV-1a over each event's JSON), and how many events it covers. */
export interface TraceHash {
  events: number;
  hash: number;
}

export function hashTrace(cluster: Cluster): TraceHash {
  const h: TraceHash = { events: 0, hash: 0x811c9dc5 };
  cluster.subscribe((e: TraceEvent) => {
    // An action event shows the action as given: a script's copy may list its keys in another order.
    const s = e.type === 'action' ? `action ${canonical(e.action)}` : JSON.stringify(e);
    let x = h.hash;
    for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619);
    h.hash = x >>> 0;
    h.events++;
  });
  return h;
}

/** An action as JSON with its keys sorted (the script's copy may list them in another order). */
function canonical(a: Action): string {
  const o = a as unknown as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));
}

/** The recorded actions with the refused attempts put back where they were made. */
export function scriptWithRefusals(recorded: readonly Action[], refused: readonly RefusedAttempt[]): Action[] {
  const out: Action[] = [];
  let r = 0;
  for (let i = 0; i <= recorded.length; i++) {
    while (r < refused.length && refused[r].position === i) out.push(refused[r++].action);
    if (i < recorded.length) out.push(recorded[i]);
  }
  return out;
}

/** Replays the script to `until`; a failure when its trace or its refusals differ from the live run's. */
export function checkScriptReplay(
  options: ResolvedOptions,
  recorded: readonly Action[],
  refused: readonly RefusedAttempt[],
  live: TraceHash,
  until: number,
): FuzzFailure | null {
  const script = scriptWithRefusals(recorded, refused);
  let cluster: Cluster;
  try {
    cluster = createCluster(options, script);
  } catch (e) {
    return { kind: 'replay', at: 0, message: `the run's own script does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
  const h = hashTrace(cluster);
  try {
    cluster.runFor(until);
  } catch (e) {
    return { kind: 'replay', at: cluster.now, message: `replayed as a script the run threw at ${cluster.now} ms: ${e instanceof Error ? e.message : String(e)}` };
  }
  const got = cluster.refusedActions().map((x) => canonical(x.action));
  const want = refused.map((x) => canonical(x.action));
  const executed = want.filter((a) => !got.includes(a));
  if (executed.length > 0) {
    return { kind: 'replay', at: (JSON.parse(executed[0]) as Action).at, message: `the script executed ${executed.length} action${executed.length === 1 ? '' : 's'} the live calls refused, first ${executed[0]}.` };
  }
  const extra = got.filter((a) => !want.includes(a));
  if (extra.length > 0) {
    return { kind: 'replay', at: (JSON.parse(extra[0]) as Action).at, message: `the script refused ${extra.length} action${extra.length === 1 ? '' : 's'} the live calls accepted, first ${extra[0]}.` };
  }
  if (h.events !== live.events || h.hash !== live.hash) {
    return { kind: 'replay', at: until, message: `replayed as a script the run gives another trace (${h.events} events, hash ${h.hash.toString(16)}; live: ${live.events} events, hash ${live.hash.toString(16)}).` };
  }
  return null;
}
