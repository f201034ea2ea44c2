// The exhaustive "Find a counterexample" seen from the app: the worker (here a fake running the
// same search synchronously) gets the panel's bounds; the shortest counterexample opens paused at
// its start, advances one event per step, and shows the violated property only at the end.

import { afterEach, describe, expect, it } from 'vitest';
import { runExplore, type ExploreMessage, type ExploreRequest } from '../check/exploreSearch.ts';
import { restartScenario } from './actions.ts';
import { useApp } from './app.ts';
import {
  cancelExhaustiveSearch,
  dismissExhaustive,
  exhaustiveHighlight,
  nextExhaustiveStep,
  previousExhaustiveStep,
  setExhaustiveServers,
  setExploreWorkerFactory,
  startExhaustiveSearch,
  stepAt,
  useExhaustive,
  type ExploreWorker,
} from './exhaustive.ts';
import { session } from './session.ts';

class FakeWorker implements ExploreWorker {
  onmessage: ((e: MessageEvent<ExploreMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  requests: ExploreRequest[] = [];
  constructor(private readonly respond: boolean) {}
  postMessage(req: ExploreRequest): void {
    this.requests.push(req);
    if (!this.respond) return;
    let t = 0;
    runExplore(req, (m) => this.onmessage?.({ data: structuredClone(m) } as MessageEvent<ExploreMessage>), { now: () => (t += 5) });
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  setExploreWorkerFactory(null);
  dismissExhaustive();
  setExhaustiveServers(3);
});

const violationsShown = () => {
  const { index } = session();
  return index.violations.filter((v) => v.event < useApp.getState().frame.traceLength).map((v) => v.property);
};

describe('exhaustive search (store)', () => {
  it('finds forget-vote’s shortest counterexample and walks through it one event at a time', () => {
    restartScenario({ seed: 1, features: { variant: 'forget-vote' } });
    const w = new FakeWorker(true);
    setExploreWorkerFactory(() => w);
    startExhaustiveSearch();
    expect(w.requests[0]).toEqual({ type: 'start', config: { variant: 'forget-vote', servers: 3, depth: 9, maxStates: 1_000_000 } });
    expect(w.terminated).toBe(true);
    const s = useExhaustive.getState();
    expect(s.phase).toBe('found');
    const cx = s.counterexample;
    if (cx === null) throw new Error('no counterexample');

    // opened paused at the start: scheduler mode (manual network, frozen timers), no event yet, no violation
    const app = useApp.getState();
    expect(app.playing).toBe(false);
    expect(app.displayedTime).toBe(0);
    expect(app.sideTab).toBe('safety');
    expect(app.options.network).toMatchObject({ manual: true, frozenTimers: true });
    expect(session().tm.actions).toEqual(cx.scenario.actions);
    expect(stepAt(cx, app.displayedTime)).toBe(0);

    // every step but the last leaves the properties holding, and nothing is highlighted yet
    for (let k = 1; k < cx.steps.length; k++) {
      nextExhaustiveStep();
      expect(stepAt(cx, useApp.getState().displayedTime)).toBe(k);
      expect(violationsShown()).toEqual([]);
      expect(exhaustiveHighlight(useExhaustive.getState(), useApp.getState().options, useApp.getState().displayedTime)).toBeNull();
    }
    nextExhaustiveStep();
    expect(stepAt(cx, useApp.getState().displayedTime)).toBe(cx.steps.length);
    expect(violationsShown()).toContain(cx.property);
    expect(exhaustiveHighlight(useExhaustive.getState(), useApp.getState().options, useApp.getState().displayedTime)).toBe(cx.property);
    nextExhaustiveStep(); // past the end: stays
    expect(stepAt(cx, useApp.getState().displayedTime)).toBe(cx.steps.length);
    previousExhaustiveStep();
    expect(violationsShown()).toEqual([]);

    // another run ends the walk-through
    restartScenario({ seed: 2 });
    expect(exhaustiveHighlight(useExhaustive.getState(), useApp.getState().options, useApp.getState().displayedTime)).toBeNull();
  });

  it('correct Raft, 2 servers: explores to its bound and reports what it covered', () => {
    restartScenario({ seed: 1 });
    setExhaustiveServers(2);
    setExploreWorkerFactory(() => new FakeWorker(true));
    useExhaustive.setState({ depth: 5 });
    startExhaustiveSearch();
    const s = useExhaustive.getState();
    useExhaustive.setState({ depth: null });
    expect(s.phase).toBe('clean');
    expect(s.done).toMatchObject({ finished: 'exhausted', depth: 5 });
    expect(s.done?.config.servers).toBe(2);
    expect(s.counterexample).toBeNull();
  });

  it('cancels by terminating the worker', () => {
    restartScenario({ seed: 1, features: { variant: 'forget-vote' } });
    const w = new FakeWorker(false);
    setExploreWorkerFactory(() => w);
    startExhaustiveSearch();
    expect(useExhaustive.getState().phase).toBe('running');
    cancelExhaustiveSearch();
    expect(w.terminated).toBe(true);
    expect(useExhaustive.getState().phase).toBe('cancelled');
  });
});
