// How a built-in scenario — a lecture of the library or a challenge — is written: its options as
// a diff against the frozen v1 defaults (V1_DEFAULTS), so a built-in does not change if the
// engine's defaults do, and the rest of the scenario as is; validated like any file or link, so
// a mistake in a built-in throws naming the field rather than reaching a page.

import type { ResolvedOptions } from '../sim/index.ts';
import { ENGINE, FORMAT_VERSION, assertScenario, type Scenario } from './format.ts';
import { V1_DEFAULTS } from './url.ts';

export interface OptionsDiff {
  seed?: number;
  nodes?: string[];
  timing?: Partial<ResolvedOptions['timing']>;
  network?: Partial<ResolvedOptions['network']>;
  features?: Partial<ResolvedOptions['features']>;
  workload?: Partial<ResolvedOptions['workload']>;
  initial?: ResolvedOptions['initial'];
}

/** The options `diff` means: V1_DEFAULTS with its fields laid over. */
export function v1Options(diff: OptionsDiff): ResolvedOptions {
  const d = structuredClone(V1_DEFAULTS) as ResolvedOptions;
  const initial: ResolvedOptions['initial'] = {};
  for (const [id, init] of Object.entries(diff.initial ?? {})) {
    const log = init.log ?? [];
    initial[id] = { term: init.term ?? (log.length > 0 ? log[log.length - 1].term : 0), votedFor: init.votedFor ?? null, log };
  }
  return {
    seed: diff.seed ?? d.seed,
    nodes: diff.nodes ?? d.nodes,
    timing: { ...d.timing, ...diff.timing },
    network: { ...d.network, ...diff.network },
    features: { ...d.features, ...diff.features },
    workload: { ...d.workload, ...diff.workload },
    initial,
  };
}

/** The built-in scenario with options `s.options` (a diff) — validated; throws naming the field if it is not valid. */
export function defineBuiltin(s: Omit<Scenario, 'v' | 'engine' | 'options'> & { options: OptionsDiff }): Scenario {
  return assertScenario({ v: FORMAT_VERSION, engine: ENGINE, ...s, options: v1Options(s.options) });
}
