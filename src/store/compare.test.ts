// Compare side by side in the store: pane B follows pane A's displayed time and action script
// exactly (it is the same run as a fresh cluster with B's options), the first divergence is
// found at the right event (and none for identical options), actions B cannot apply are
// skipped and listed, and the comparison travels in share links.

import { beforeEach, describe, expect, it } from 'vitest';
import { presetOptions } from '../scenario/compare.ts';
import { ENGINE, scenarioEnd, type Scenario } from '../scenario/format.ts';
import { libraryScenario as maybeLibraryScenario } from '../scenario/library.ts';
import { urlToScenario } from '../scenario/url.ts';
import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ResolvedOptions, TraceEvent } from '../sim/index.ts';
import { useApp } from './app.ts';
import { pause, seek, stepForward, tick } from './playback.ts';
import { dropMessage, restartScenario, undo } from './actions.ts';
import { LOOKAHEAD_MS, advanceDivergence, compareOptions, compareSession, enterCompare, exitCompare, useCompare } from './compare.ts';
import { DivergenceScout, comparable, firstDifference } from './divergence.ts';
import { paneA } from './panes.ts';
import { currentScenarioOf, currentShareUrl, loadScenario } from './share.ts';
import { session } from './session.ts';

function libraryScenario(id: string): Scenario {
  const s = maybeLibraryScenario(id);
  if (s === undefined) throw new Error(`no library scenario '${id}'`);
  return s;
}

function state(c: Cluster) {
  return { now: c.now, nodes: c.ids.map((id) => c.node(id)), inFlight: c.inFlight(), history: c.history(), leader: c.leader() };
}

/** A fresh run of `options` and `actions` to t, skipping actions it refuses (as a pane does), with its trace. */
function reference(options: ClusterOptions | ResolvedOptions, actions: readonly Action[], t: number): { cluster: Cluster; trace: TraceEvent[] } {
  const cluster = createCluster(options, [...actions]);
  const trace: TraceEvent[] = [];
  cluster.subscribe((e) => trace.push(e));
  for (;;) {
    const next = cluster.nextEventAt();
    if (next === null || next > t) break;
    try {
      cluster.step();
    } catch {
      /* refused */
    }
  }
  if (t > cluster.now) cluster.runFor(t - cluster.now);
  return { cluster, trace };
}

function open(s: Scenario, optionsB: ResolvedOptions): void {
  restartScenario(s.options, s.actions);
  pause();
  expect(enterCompare(optionsB)).toBe(true);
}

function paneB() {
  const pane = useCompare.getState().pane;
  if (pane === null) throw new Error('not comparing');
  return pane.getState();
}

beforeEach(() => exitCompare());

describe('lockstep', () => {
  it('after seek(t) both panes are at t, and pane B is exactly a fresh cluster with B’s options run to t', () => {
    const s = libraryScenario('prevote-off');
    const optionsB = presetOptions('preVote', s.options);
    open(s, optionsB);
    for (const t of [2300, 900, 2990, 0, 1700]) {
      seek(t);
      const a = session().tm;
      const b = compareSession()!.tm;
      expect(a.now).toBe(t);
      expect(b.now).toBe(t);
      expect(state(b.cluster)).toEqual(state(reference(optionsB, s.actions, t).cluster));
      expect(state(a.cluster)).toEqual(state(reference(s.options, s.actions, t).cluster));
      // what each pane draws is its own run at t
      expect(paneB().frame.now).toBe(t);
      expect(paneA.getState().frame.now).toBe(t);
      expect(paneB().frame.leader).toBe(b.cluster.leader());
    }
    // the lesson of the pair, on screen at once: at 2300 ms S1 stepped down without PreVote, not with it
    seek(2300);
    expect(paneA.getState().frame.nodes.get('S1')?.role).not.toBe('leader');
    expect(paneB().frame.nodes.get('S1')?.role).toBe('leader');
  });

  it('playback and stepping move both panes', () => {
    const s = libraryScenario('checkquorum-on');
    open(s, presetOptions('checkQuorum', s.options));
    useApp.setState({ playing: true, speed: 1 });
    for (let i = 0; i < 20; i++) tick(16);
    pause();
    const t = Math.floor(useApp.getState().displayedTime);
    expect(t).toBe(320);
    expect(compareSession()!.tm.now).toBe(t);
    stepForward();
    expect(compareSession()!.tm.now).toBe(session().tm.now);
    expect(paneB().frame.now).toBe(session().tm.now);
  });

  it('a new setting or scenario in pane A ends the comparison', () => {
    const s = libraryScenario('prevote-off');
    open(s, presetOptions('preVote', s.options));
    expect(useCompare.getState().active).toBe(true);
    restartScenario({ seed: 9 });
    expect(useCompare.getState().active).toBe(false);
    expect(compareOptions()).toBeNull();
  });

  it('refuses pane B options with other servers, with a message', () => {
    restartScenario({ seed: 2 });
    expect(enterCompare({ seed: 2, nodes: 3 })).toBe(false);
    expect(useCompare.getState().active).toBe(false);
    expect(useApp.getState().toasts.at(-1)?.text).toMatch(/same servers/);
  });
});

describe('divergence', () => {
  it('PreVote off vs on, with a partitioned server that rejoins: the first differing event, found ahead of the display', () => {
    const s = libraryScenario('prevote-off');
    const optionsB = presetOptions('preVote', s.options);
    open(s, optionsB);
    advanceDivergence(Infinity);
    const d = useCompare.getState().divergence;
    expect(d).not.toBeNull();
    // the same as comparing the two full traces event by event
    const until = scenarioEnd(s) + 1000;
    const expected = firstDifference(reference(s.options, s.actions, until).trace, reference(optionsB, s.actions, until).trace);
    expect(expected).not.toBeNull();
    expect(d!.at).toBe(expected!.at);
    expect(d!.index).toBe(expected!.index);
    expect(comparable(d!.a!)).toBe(comparable(expected!.a!));
    expect(comparable(d!.b!)).toBe(comparable(expected!.b!));
    // it is the first election timeout: without PreVote a candidate raises its term, with it a pre-candidate asks first
    expect(d!.a).toMatchObject({ type: 'role', role: 'candidate', term: 1 });
    expect(d!.b).toMatchObject({ type: 'role', role: 'precandidate', term: 0, node: (d!.a as { node: string }).node });
    const text = useCompare.getState().divergenceText!;
    expect(text.a).toMatch(/became candidate in term 1/);
    expect(text.b).toMatch(/became precandidate in term 0/);
    // before it, the five servers started as followers alike (timer events are not compared)
    expect(d!.index).toBe(5);
  });

  it('a broken variant diverges where the broken rule first acts (Figure 8)', () => {
    const s = libraryScenario('figure-8');
    const optionsB = libraryScenario('figure-8-broken').options;
    open(s, optionsB);
    advanceDivergence(Infinity);
    const d = useCompare.getState().divergence!;
    const until = scenarioEnd(s) + 1000;
    const expected = firstDifference(reference(s.options, s.actions, until).trace, reference(optionsB, s.actions, until).trace)!;
    expect(d.at).toBe(expected.at);
    expect(comparable(d.b!)).toBe(comparable(expected.b!));
    expect(d.b).toMatchObject({ type: 'commit' }); // the broken leader commits an entry of an earlier term
  });

  it('none for identical options, however far it looks', () => {
    const s = libraryScenario('partition');
    open(s, s.options);
    advanceDivergence(Infinity);
    const c = useCompare.getState();
    expect(c.divergence).toBeNull();
    // it looked past the script's last action (and the displayed time) by the lookahead
    expect(c.comparedTo).toBeGreaterThanOrEqual(scenarioEnd({ actions: s.actions }) + LOOKAHEAD_MS - 100);
    expect(c.titles).toEqual({ a: 'same options', b: 'same options' });
  });

  it('is looked for a slice at a time within a budget, and gives the same answer', () => {
    const s = libraryScenario('checkquorum-on');
    const optionsB = presetOptions('checkQuorum', s.options);
    const whole = new DivergenceScout(s.options, optionsB, s.actions);
    whole.advance(60_000);
    let ticks = 0;
    const sliced = new DivergenceScout(s.options, optionsB, s.actions);
    let fake = 0;
    while (!sliced.done && sliced.reached < 60_000) {
      sliced.advance(60_000, 1, () => (fake += 1)); // every clock reading costs 1 "ms": one slice per call
      ticks++;
    }
    expect(ticks).toBeGreaterThan(2);
    expect(sliced.divergence).toEqual(whole.divergence);
    expect(whole.divergence).not.toBeNull();
  });
});

describe('actions pane B cannot apply', () => {
  it('are skipped in B and listed, never thrown; undo in A takes them away again', () => {
    // a message in flight in A (latency 10–30 ms) has long arrived in B (1–2 ms) 5 ms after it was sent
    const probe = createCluster({ seed: 2 });
    probe.runUntil((x) => x.inFlight().length > 0, 2000);
    const m = probe.inFlight()[0];
    const at = m.sentAt + 5;
    restartScenario({ seed: 2 });
    pause();
    const optionsB = { ...session().tm.options, network: { ...session().tm.options.network, latencyMin: 1, latencyMax: 2 } };
    expect(enterCompare(optionsB)).toBe(true);
    seek(at);
    expect(() => dropMessage(m.id)).not.toThrow();
    expect(session().tm.actions).toEqual([{ at, type: 'drop', message: m.id }]);
    seek(at + 300);
    const refused = useCompare.getState().refused;
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ index: 0, at, action: `drop message #${m.id}` });
    expect(refused[0].reason).toMatch(/not on the wire/);
    // B is still exactly its own run of the script, with the drop skipped
    const b = compareSession()!.tm;
    expect(state(b.cluster)).toEqual(state(reference(optionsB, session().tm.actions, at + 300).cluster));
    // the divergence is at the drop at the latest (A records it, B does not)
    advanceDivergence(Infinity);
    expect(useCompare.getState().divergence!.at).toBeLessThanOrEqual(at);
    undo();
    seek(at + 300);
    expect(useCompare.getState().refused).toEqual([]);
    expect(compareSession()!.tm.actions).toEqual([]);
  });
});

describe('sharing a comparison', () => {
  it('the scenario and the link carry pane B’s options; loading the link opens the same comparison at the same time', () => {
    const s = libraryScenario('stale-reads');
    const optionsB = presetOptions('reads', s.options);
    open(s, optionsB);
    seek(1234);
    expect(currentScenarioOf().compare?.options).toEqual(optionsB);
    const url = currentShareUrl();
    const decoded = urlToScenario(url);
    expect(decoded.ok && decoded.t).toBe(1234);
    exitCompare();
    restartScenario({ seed: 77 });
    expect(loadScenario(url)).toEqual({ ok: true, recordedWith: ENGINE });
    const c = useCompare.getState();
    expect(c.active).toBe(true);
    expect(c.optionsB).toEqual(optionsB);
    expect(c.titles).toEqual({ a: 'local reads (broken)', b: 'ReadIndex reads' });
    expect(session().tm.now).toBe(1234);
    expect(compareSession()!.tm.now).toBe(1234);
    // without compare, the scenario has no compare field
    exitCompare();
    expect(currentScenarioOf().compare).toBeUndefined();
  });
});
