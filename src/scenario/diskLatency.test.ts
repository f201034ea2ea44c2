// Disk latency in the scenario format (docs/scenarios.md, "New fields"): timing.diskLatencyMin/Max
// are optional, carried by links and files only when set, replayed exactly, and refused with a
// message naming the field when bad. Links made before them open unchanged (golden.test.ts).

import { describe, expect, it } from 'vitest';
import { createCluster, resolveOptions } from '../sim/index.ts';
import { clusterScenario, scenarioFromJson, scenarioToJson } from './api.ts';
import { describeDifference } from './compare.ts';
import { parseScenario } from './format.ts';
import { encodeScenario, hashToScenario } from './url.ts';

function scenarioWith(timing: Record<string, unknown>) {
  const c = createCluster({ seed: 3, nodes: 3, timing, workload: { clients: 1, opsPerSecond: 20 } });
  c.runFor(800);
  c.crash(c.leader() ?? 'S1');
  c.runFor(400);
  return { scenario: clusterScenario(c), cluster: c };
}

function traceOf(options: unknown, actions: unknown, until: number): string[] {
  const c = createCluster(options, actions);
  const out: string[] = [];
  c.subscribe((e) => out.push(JSON.stringify(e)));
  c.runFor(until);
  return out;
}

describe('disk latency in scenarios and links', () => {
  it('a scenario without disk latency writes no disk field: its link is what an older page reads', () => {
    const { scenario } = scenarioWith({});
    expect('diskLatencyMax' in scenario.options.timing).toBe(false);
    expect(scenarioToJson(scenario)).not.toContain('diskLatency');
    const back = hashToScenario(`s=${encodeScenario(scenario)}`);
    expect(back.ok && 'diskLatencyMax' in back.scenario.options.timing).toBe(false);
  });

  it('a scenario with disk latency carries it in its link and file, and replays the same run', () => {
    const { scenario } = scenarioWith({ diskLatencyMin: 5, diskLatencyMax: 20 });
    const back = hashToScenario(`s=${encodeScenario(scenario)}`);
    expect(back.ok ? back.scenario.options.timing : 'not ok').toMatchObject({ diskLatencyMin: 5, diskLatencyMax: 20 });
    const file = scenarioFromJson(scenarioToJson(scenario));
    expect(file.ok ? file.value.options.timing : 'not ok').toMatchObject({ diskLatencyMin: 5, diskLatencyMax: 20 });
    if (!back.ok) return;
    const original = traceOf(scenario.options, scenario.actions, 1500);
    expect(original.some((e) => e.includes('"disk-write"'))).toBe(true);
    expect(traceOf(back.scenario.options, back.scenario.actions, 1500)).toEqual(original);
  });

  const bad: [Record<string, unknown>, RegExp][] = [
    [{ diskLatencyMin: -3 }, /^options\.timing\.diskLatencyMin: must not be negative/],
    [{ diskLatencyMax: 1.5 }, /^options\.timing\.diskLatencyMax: must be a whole number of milliseconds/],
    [{ diskLatencyMax: 99999 }, /^options\.timing\.diskLatencyMax: must be at most 10000 ms/],
    [{ diskLatencyMin: 20, diskLatencyMax: 10 }, /^options\.timing: diskLatencyMin must not exceed diskLatencyMax/],
    [{ diskLatencyMax: 'fast' }, /^options\.timing\.diskLatencyMax: /],
  ];
  for (const [timing, message] of bad) {
    it(`refuses timing ${JSON.stringify(timing)} with a message naming the field`, () => {
      const s = JSON.parse(scenarioToJson(scenarioWith({}).scenario)) as { options: { timing: Record<string, unknown> } };
      Object.assign(s.options.timing, timing);
      const r = parseScenario(s);
      expect(r.ok ? 'ok' : r.error).toMatch(message);
    });
  }

  it('compares with and without a slow disk: pane titles say so, and the link keeps pane B without it', () => {
    const { scenario } = scenarioWith({ diskLatencyMin: 5, diskLatencyMax: 20 });
    const b = resolveOptions({ ...scenario.options, timing: { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 } });
    expect(describeDifference(scenario.options, b)).toEqual({ a: ['disk 5–20 ms'], b: ['instant disk'] });
    const back = hashToScenario(`s=${encodeScenario({ ...scenario, compare: { options: b } })}`);
    if (!back.ok) throw new Error(back.error);
    expect(back.scenario.options.timing.diskLatencyMax).toBe(20);
    expect(back.scenario.compare?.options.timing).toEqual(b.timing);
    // and the other way round: B gains a disk A lacks
    const a = resolveOptions({ ...scenario.options, timing: b.timing });
    const back2 = hashToScenario(`s=${encodeScenario({ ...scenario, options: a, compare: { options: scenario.options } })}`);
    if (!back2.ok) throw new Error(back2.error);
    expect('diskLatencyMax' in back2.scenario.options.timing).toBe(false);
    expect(back2.scenario.compare?.options.timing).toMatchObject({ diskLatencyMin: 5, diskLatencyMax: 20 });
  });
});
