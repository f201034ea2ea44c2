import { afterEach, describe, expect, it } from 'vitest';
import { runSearch, type SearchMessage, type SearchRequest } from '../check/search.ts';
import { restartScenario, seek, useApp } from './app.ts';
import {
  cancelCounterexampleSearch,
  chooseVariant,
  dismissCounterexample,
  setSearchWorkerFactory,
  startCounterexampleSearch,
  stepToViolation,
  useCounterexample,
  type SearchWorker,
} from './counterexample.ts';
import { session } from './session.ts';

/** A stand-in for the Web Worker: runs the same search, synchronously, when asked to start. */
class FakeWorker implements SearchWorker {
  onmessage: ((e: MessageEvent<SearchMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  requests: SearchRequest[] = [];
  constructor(private readonly respond: boolean) {}
  postMessage(req: SearchRequest): void {
    this.requests.push(req);
    if (!this.respond) return;
    let t = 0;
    runSearch(req, (m) => this.onmessage?.({ data: structuredClone(m) } as MessageEvent<SearchMessage>), { now: () => (t += 5) });
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  setSearchWorkerFactory(null);
  dismissCounterexample();
});

describe('Find a counterexample (store)', () => {
  it('is refused for correct Raft', () => {
    restartScenario({ seed: 1 });
    startCounterexampleSearch();
    expect(useCounterexample.getState().phase).toBe('error');
    expect(useCounterexample.getState().error).toMatch(/broken variant/);
  });

  it('searches the current variant, loads the shrunk run paused 1 ms before the violation, and highlights the property', () => {
    restartScenario({ seed: 1 });
    chooseVariant('vote-without-log-check');
    expect(useApp.getState().options.features.variant).toBe('vote-without-log-check');
    const workers: FakeWorker[] = [];
    setSearchWorkerFactory(() => {
      const w = new FakeWorker(true);
      workers.push(w);
      return w;
    });
    useApp.setState({ playing: true });
    startCounterexampleSearch();
    expect(workers[0].requests[0]).toMatchObject({ type: 'start', variant: 'vote-without-log-check', nodes: 5, budget: 500, startSeed: 1 });
    expect(workers[0].terminated).toBe(true);

    const s = useCounterexample.getState();
    expect(s.phase).toBe('found');
    const r = s.result;
    if (r === null) throw new Error('no counterexample');
    expect(r.violation.property).toBe('leader-completeness');
    expect(r.pausedAt).toBe(r.violation.at - 1);
    expect(r.link).toMatch(/#s=.+&t=\d+$/);

    // the simulator shows the minimal run, paused just before the violation, Safety tab open
    const app = useApp.getState();
    expect(app.playing).toBe(false);
    expect(app.displayedTime).toBe(r.violation.at - 1);
    expect(app.sideTab).toBe('safety');
    expect(app.options.features.variant).toBe('vote-without-log-check');
    expect(session().tm.actions).toEqual(r.scenario.actions);
    expect(s.loadedOptions).toBe(app.options);
    const { index } = session();
    const before = index.violations.filter((v) => v.event < app.snap.traceLength);
    expect(before).toEqual([]);

    // stepping to the violation shows it in the live safety panel, as the search reported it
    stepToViolation();
    const after = index.violations.filter((v) => v.event < useApp.getState().snap.traceLength);
    expect(after.map((v) => v.property)).toContain('leader-completeness');
    expect(after[0].event).toBe(r.violation.event);
    expect(after[0].message).toBe(r.violation.message);
    seek(0);

    // loading something else ends the highlight
    restartScenario({ seed: 2 });
    expect(useCounterexample.getState().loadedOptions).not.toBe(useApp.getState().options);
  });

  it('cancels by terminating the worker', () => {
    restartScenario({ seed: 1, features: { variant: 'forget-vote' } });
    const w = new FakeWorker(false);
    setSearchWorkerFactory(() => w);
    startCounterexampleSearch();
    expect(useCounterexample.getState().phase).toBe('searching');
    cancelCounterexampleSearch();
    expect(w.terminated).toBe(true);
    expect(useCounterexample.getState().phase).toBe('cancelled');
  });
});
