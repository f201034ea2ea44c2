// What each lecture module builds its scenario with. A lecture is written as options (a diff
// against the frozen v1 defaults, V1_DEFAULTS, so a built-in scenario does not change if the
// engine's defaults do), the action script recorded by playing it live through the scripting
// API (src/scenario/authoring.ts shows how) and its guided tour; its title and description
// are the library index's (index.ts), which lists lectures without loading them.

import type { Action, ResolvedOptions } from '../../sim/index.ts';
import { ENGINE, FORMAT_VERSION, assertScenario, type Scenario, type TourStep } from '../format.ts';
import { V1_DEFAULTS } from '../url.ts';
import { lectureInfo } from './index.ts';

export interface OptionsDiff {
  seed?: number;
  nodes?: string[];
  timing?: Partial<ResolvedOptions['timing']>;
  network?: Partial<ResolvedOptions['network']>;
  features?: Partial<ResolvedOptions['features']>;
  initial?: ResolvedOptions['initial'];
}

function v1Options(diff: OptionsDiff): ResolvedOptions {
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
    workload: d.workload,
    initial,
  };
}

/** The scenario of lecture `id` (validated; throws naming the field if it is not). */
export function lecture(id: string, s: { options: OptionsDiff; actions: Action[]; tour: TourStep[] }): Scenario {
  const info = lectureInfo(id);
  if (info === undefined) throw new Error(`lecture '${id}' is not in the library index (src/scenario/library/index.ts)`);
  return assertScenario({
    v: FORMAT_VERSION,
    engine: ENGINE,
    options: v1Options(s.options),
    actions: s.actions,
    tour: s.tour,
    title: info.title,
    description: info.description,
  });
}

export const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];
export const ALL = { nodes: FIVE };
