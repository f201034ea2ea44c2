import { afterEach, describe, expect, it } from 'vitest';
import { runSearch, type SearchMessage, type SearchRequest } from '../check/search.ts';
import { useApp } from './app.ts';
import { seek } from './playback.ts';
import { restartScenario } from './actions.ts';
import {
  cancelCounterexampleSearch,
  chooseVariant,
  dismissCounterexample,
  setSearchWorkerCount,
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

/** Every search worker made from now on is a FakeWorker; returns them as they are made. */
function useFakeWorkers(respond: boolean): FakeWorker[] {
  const workers: FakeWorker[] = [];
  setSearchWorkerFactory(() => {
    const w = new FakeWorker(respond);
    workers.push(w);
    return w;
  });
  return workers;
}

afterEach(() => {
  setSearchWorkerFactory(null);
  setSearchWorkerCount(null);
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
    const workers = useFakeWorkers(true);
    useApp.setState({ playing: true });
    setSearchWorkerCount(1);
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
    const before = index.violations.filter((v) => v.event < app.frame.traceLength);
    expect(before).toEqual([]);

    // stepping to the violation shows it in the live safety panel, as the search reported it
    stepToViolation();
    const after = index.violations.filter((v) => v.event < useApp.getState().frame.traceLength);
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

  it('shares the seeds among several workers, shows one search, and gives the shrinker the machine', () => {
    restartScenario({ seed: 1, features: { variant: 'forget-vote' } });
    const workers = useFakeWorkers(false);
    setSearchWorkerCount(3);
    startCounterexampleSearch();
    // every seed of the budget once: 1, 4, 7, … / 2, 5, 8, … / 3, 6, 9, …
    expect(workers.map((w) => w.requests[0].startSeed)).toEqual([1, 2, 3]);
    expect(workers.map((w) => w.requests[0].stride)).toEqual([3, 3, 3]);
    expect(workers.map((w) => w.requests[0].budget)).toEqual([167, 167, 166]);
    const say = (k: number, m: SearchMessage) => workers[k].onmessage?.({ data: m } as MessageEvent<SearchMessage>);
    say(0, { type: 'progress', seedsDone: 10, budget: 167, seed: 28, seedsPerSecond: 20, elapsedMs: 500, skipped: 0 });
    say(1, { type: 'progress', seedsDone: 12, budget: 167, seed: 35, seedsPerSecond: 24, elapsedMs: 500, skipped: 1 });
    expect(useCounterexample.getState().progress).toMatchObject({ seedsDone: 22, budget: 500, seedsPerSecond: 44 });
    // one worker running out of seeds is not the search running out
    say(2, { type: 'exhausted', seedsDone: 166, elapsedMs: 900, skipped: 0 });
    expect(useCounterexample.getState().phase).toBe('searching');
    // a violation found: the others stop, the finder shrinks it
    say(1, { type: 'shrinking', seed: 38, attempts: 0, maxAttempts: 400, actions: 30, nodes: 5, until: 9000, elapsedMs: 600 });
    expect(useCounterexample.getState().phase).toBe('shrinking');
    expect(workers.map((w) => w.terminated)).toEqual([true, false, true]);
    say(0, { type: 'progress', seedsDone: 11, budget: 167, seed: 31, seedsPerSecond: 20, elapsedMs: 650, skipped: 0 });
    expect(useCounterexample.getState().phase).toBe('shrinking'); // a stopped worker's last words change nothing
    cancelCounterexampleSearch();
    expect(workers[1].terminated).toBe(true);
  });

  it('runs out only when every worker has', () => {
    restartScenario({ seed: 1, features: { variant: 'forget-vote' } });
    const workers = useFakeWorkers(false);
    setSearchWorkerCount(2);
    startCounterexampleSearch();
    const say = (k: number, m: SearchMessage) => workers[k].onmessage?.({ data: m } as MessageEvent<SearchMessage>);
    say(0, { type: 'exhausted', seedsDone: 250, elapsedMs: 1000, skipped: 2 });
    expect(useCounterexample.getState().phase).toBe('searching');
    say(1, { type: 'exhausted', seedsDone: 250, elapsedMs: 1200, skipped: 1 });
    expect(useCounterexample.getState().phase).toBe('exhausted');
    expect(useCounterexample.getState().progress).toMatchObject({ seedsDone: 500, elapsedMs: 1200 });
    expect(workers.every((w) => w.terminated)).toBe(true);
  });
});
