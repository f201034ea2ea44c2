// The helpers the app exposes: build the current scenario, export/import it as a file, load
// whatever a user pastes, replay, edit a tour, and the window.raftlab scenario calls.

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import {
  addTourStep,
  checkReplay,
  clusterScenario,
  currentScenario,
  loadScenarioInput,
  removeTourStep,
  runScenario,
  scenarioConsoleApi,
  scenarioFromJson,
  scenarioToJson,
  stableStringify,
  tourStepAt,
  updateTourStep,
} from './api.ts';
import { ENGINE, type Scenario } from './format.ts';
import { libraryScenario } from './library.ts';
import { scenarioToHash, shareUrl } from './url.ts';

function liveRun() {
  const c = createCluster({ seed: 5, nodes: 3 });
  c.runFor(500);
  c.crash(c.leader()!);
  c.runFor(600);
  c.request({ type: 'put', key: 'a', value: 'b' });
  c.runFor(400);
  return c;
}

describe('building the current scenario', () => {
  it('takes a live cluster’s options and action script; replaying it reaches the same state', () => {
    const c = liveRun();
    const s = clusterScenario(c, [{ at: 100, text: 'start' }], { title: 'Mine' });
    expect(s.title).toBe('Mine');
    const replay = runScenario(s, c.now);
    for (const id of c.ids) expect(replay.node(id)).toEqual(c.node(id));
    expect(replay.history()).toEqual(c.history());
  });

  it('refuses invalid input with a message naming the field', () => {
    expect(() => currentScenario({}, [{ at: 5, type: 'crash', node: 'S9' }])).toThrow(/actions\[0\]\.node: unknown node id 'S9'/);
    expect(() => currentScenario({ nodes: 0 }, [])).toThrow(/options\.nodes/);
  });

  it('is a copy: changing the inputs later does not change it', () => {
    const actions = [{ at: 5, type: 'crash' as const, node: 'S1' }];
    const s = currentScenario({}, actions);
    actions[0].node = 'S2';
    expect(s.actions[0]).toMatchObject({ node: 'S1' });
  });
});

describe('files', () => {
  it('export as pretty JSON and import back exactly', () => {
    const s = libraryScenario('lab')!;
    const text = scenarioToJson(s);
    expect(text).toContain('\n  "options": {');
    expect(text).toContain(`\n  "engine": "${ENGINE}",\n`);
    expect(scenarioFromJson(text)).toEqual({ ok: true, value: s, recordedWith: ENGINE });
  });

  it('a broken file gives a clear message', () => {
    expect(scenarioFromJson('{"v": 1,')).toEqual({ ok: false, error: 'Could not open the scenario file: it is not valid JSON.' });
    expect(scenarioFromJson('{"v": 2}')).toMatchObject({ ok: false, error: expect.stringMatching(/^Could not open the scenario file: v: .*version 2/) as string });
    expect(scenarioFromJson('x'.repeat(2_000_000))).toMatchObject({ ok: false, error: expect.stringMatching(/too large/) as string });
  });
});

describe('raftlab.load(…) accepts anything a user pastes', () => {
  const s = libraryScenario('replication')!;
  it.each([
    ['a scenario object', s],
    ['a share URL', shareUrl('https://x.example/raft/', s, 700)],
    ['a hash', '#' + scenarioToHash(s, 700)],
    ['a bare hash', scenarioToHash(s)],
    ['a file’s JSON', '  ' + scenarioToJson(s)],
  ])('%s', (_name, input) => {
    const r = loadScenarioInput(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario).toEqual(s);
  });

  it('and keeps what was wrong', () => {
    const r = loadScenarioInput({ v: 1, engine: 'raftlab-1' });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Could not load the scenario: options: is missing/) as string });
    expect(loadScenarioInput('https://x.example/#s=garbage')).toMatchObject({ ok: false, raw: 's=garbage' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(loadScenarioInput(cyclic).ok).toBe(false);
  });
});

describe('replay', () => {
  it('reports an action that cannot be replayed (a message that is not on the wire)', () => {
    const s = currentScenario({ nodes: 3 }, [
      { at: 100, type: 'crash', node: 'S1' },
      { at: 200, type: 'deliver', message: 999_999 },
    ]);
    const r = checkReplay(s);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^actions\[1\] \(at 200 ms\) could not be replayed: deliver: messageId 999999 is not on the wire/) as string });
    expect(checkReplay(libraryScenario('partition')!).ok).toBe(true);
  });

  it('names the first refused action by its index, whatever was applied before and after it', () => {
    const s = currentScenario({ nodes: 3 }, [
      { at: 50, type: 'deliver', message: 999_998 },
      { at: 100, type: 'crash', node: 'S1' },
      { at: 200, type: 'deliver', message: 999_999 },
      { at: 300, type: 'restart', node: 'S1' },
    ]);
    const r = checkReplay(s);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^actions\[0\] \(at 50 ms\) could not be replayed: deliver: messageId 999998 /) as string });
    const later = currentScenario({ nodes: 3 }, [
      { at: 100, type: 'crash', node: 'S1' },
      { at: 150, type: 'restart', node: 'S1' },
      { at: 200, type: 'deliver', message: 999_999 },
      { at: 300, type: 'crash', node: 'S2' },
    ]);
    expect(checkReplay(later)).toMatchObject({ ok: false, error: expect.stringMatching(/^actions\[2\] \(at 200 ms\) could not be replayed: deliver: /) as string });
    // the replay is the one runScenario gives: the refused action skipped, the others applied
    const run = runScenario(later);
    expect(run.actions().map((a) => a.at)).toEqual([100, 150, 300]);
    expect(run.refusedActions().map((x) => x.action.at)).toEqual([200]);
  });

  it('stableStringify ignores key order', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: null }] })).toBe(stableStringify({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(stableStringify({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('tour editing', () => {
  const base = currentScenario({}, [], [
    { at: 100, text: 'one' },
    { at: 300, text: 'three' },
  ]);

  it('adds a step at its time, edits and removes steps, keeping time order', () => {
    let s: Scenario = addTourStep(base, { at: 200, text: 'two' });
    expect(s.tour!.map((x) => x.text)).toEqual(['one', 'two', 'three']);
    s = addTourStep(s, { at: 300, text: 'three b' });
    expect(s.tour!.map((x) => x.text)).toEqual(['one', 'two', 'three', 'three b']);
    s = updateTourStep(s, 0, { at: 400, text: 'last now' });
    expect(s.tour!.map((x) => x.text)).toEqual(['two', 'three', 'three b', 'last now']);
    s = removeTourStep(s, 1);
    expect(s.tour!.map((x) => x.text)).toEqual(['two', 'three b', 'last now']);
    expect(base.tour).toHaveLength(2);
    expect(() => removeTourStep(s, 9)).toThrow(/no step 9/);
    expect(() => addTourStep(s, { at: 1, text: 'x'.repeat(20_000) })).toThrow(/tour\[0\]\.text: must be at most 10000 characters/);
  });

  it('finds the step shown at a time', () => {
    expect(tourStepAt(base, 50)).toBe(-1);
    expect(tourStepAt(base, 100)).toBe(0);
    expect(tourStepAt(base, 299)).toBe(0);
    expect(tourStepAt(base, 5000)).toBe(1);
  });
});

describe('window.raftlab: scenario(), shareUrl(), load(…)', () => {
  it('reads the app’s current run, makes the Share link, and loads links into the app', () => {
    const c = liveRun();
    const loaded: { s: Scenario; t: number | null }[] = [];
    const api = scenarioConsoleApi({
      options: () => c.options,
      actions: () => c.actions(),
      time: () => 1234,
      href: () => 'https://host.example/raftlab/index.html?embed=1#s=old',
      load: (s, t) => loaded.push({ s, t }),
    });
    const s = api.scenario();
    expect(s.actions).toEqual(c.actions());
    const url = api.shareUrl();
    expect(url.startsWith('https://host.example/raftlab/index.html?embed=1#s=')).toBe(true);
    expect(url.endsWith('&t=1234')).toBe(true);
    expect(api.load(url)).toEqual(s);
    expect(loaded).toEqual([{ s, t: 1234 }]);
    expect(() => api.load('#s=broken')).toThrow(/^Could not open the shared scenario: /);
    expect(loaded).toHaveLength(1);
  });
});
