// The exhaustive explorer as the app's "Find a counterexample" runs it (issue "Safe under every
// action a student can take": "in the browser … beside the random one"): one request in, progress
// and one result out, as plain messages a Web Worker posts (explore.worker.ts). A counterexample
// comes back ready to open: its steps in words, and the run as an ordinary scenario scheduled by
// hand (exploreReplay.ts), so the simulator replays it event by event.

import { ENGINE } from '../sim/engine.ts';
import { resolveOptions } from '../sim/index.ts';
import { describeStep, explore, ExploreConfigError, resolveExploreConfig, type ExploreConfig, type ExploreCoverage } from './explore.ts';
import { counterexampleScenario, REPLAY_STEP_MS } from './exploreReplay.ts';
import type { Scenario } from './fuzz.ts';
import { PROPERTY_NAMES, type PropertyId } from './invariants.ts';

export interface ExploreRequest {
  type: 'start';
  config: Partial<ExploreConfig>;
}

export interface ExploreCounterexample {
  property: PropertyId;
  /** The property's name as the Safety tab shows it ('Leader Completeness'). */
  name: string;
  message: string;
  /** One line per event of the path, in order. */
  steps: string[];
  /** The run, scheduled by hand: step k (1-based) acts at k × stepMs. */
  scenario: Scenario;
  stepMs: number;
  /** Just after the last event: the checker has flagged the violation by then. */
  until: number;
}

export type ExploreMessage =
  | { type: 'progress'; states: number; distinct: number; depth: number; frontier: number; elapsedMs: number }
  | {
      type: 'done';
      finished: 'exhausted' | 'max-states' | 'violation';
      states: number;
      distinct: number;
      depth: number;
      elapsedMs: number;
      coverage: ExploreCoverage;
      config: ExploreConfig;
      counterexample: ExploreCounterexample | null;
    }
  | { type: 'error'; message: string };

/** Runs one exhaustive search, posting its progress (after each depth) and its result. */
export function runExplore(req: ExploreRequest, post: (m: ExploreMessage) => void, clock: { now(): number }): void {
  const t0 = clock.now();
  let config: ExploreConfig;
  try {
    config = resolveExploreConfig(req.config);
  } catch (err) {
    post({ type: 'error', message: err instanceof ExploreConfigError ? `The bounds are not valid: ${err.message}.` : 'The bounds could not be read.' });
    return;
  }
  try {
    const r = explore(config, (p) => post({ type: 'progress', ...p, elapsedMs: clock.now() - t0 }));
    let counterexample: ExploreCounterexample | null = null;
    if (r.violation !== null) {
      const v = r.violation;
      const cx = counterexampleScenario(r.config, v.path);
      counterexample = {
        property: v.property,
        name: PROPERTY_NAMES[v.property],
        message: v.message,
        steps: v.path.map(describeStep),
        scenario: { v: 1, engine: ENGINE, options: resolveOptions(cx.options), actions: cx.actions },
        stepMs: REPLAY_STEP_MS,
        until: cx.until,
      };
    }
    post({
      type: 'done',
      finished: r.finished,
      states: r.statesExplored,
      distinct: r.distinctStates,
      depth: r.depthReached,
      elapsedMs: clock.now() - t0,
      coverage: r.coverage,
      config: r.config,
      counterexample,
    });
  } catch (err) {
    post({ type: 'error', message: `The exhaustive search stopped: ${err instanceof Error ? err.message : String(err)}` });
  }
}
