// A tour step's `show` (what the screen shows at that step) is a field added after format v1:
// optional, written only when set (docs/scenarios.md, "New fields"), checked like highlights.

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import { clusterScenario, scenarioFromJson, scenarioToJson } from './api.ts';
import { parseScenario, type TourStep } from './format.ts';
import { encodeScenario, hashToScenario } from './url.ts';

function scenarioWith(tour: TourStep[]) {
  const c = createCluster({ seed: 3, nodes: 3 });
  c.runFor(500);
  return clusterScenario(c, tour);
}

describe('a tour step’s screen (show)', () => {
  it('a step without it writes nothing new: its link is what an older page reads', () => {
    const s = scenarioWith([{ at: 100, text: 'a', question: { prompt: 'p', choices: ['x', 'y'], answer: 0 } }]);
    expect(scenarioToJson(s)).not.toContain('show');
    const back = hashToScenario(`s=${encodeScenario(s)}`);
    expect(back.ok && back.scenario.tour?.[0]).toEqual(s.tour?.[0]);
  });

  it('travels in links and files', () => {
    const tour: TourStep[] = [
      { at: 100, text: 'a', show: { select: 'S2' } },
      { at: 200, text: 'b', show: { tab: 'safety', logsLarge: true }, highlights: { nodes: ['S1'] } },
      { at: 300, text: 'c', show: { select: 'S3', tab: 'history' }, question: { prompt: 'p', choices: ['x', 'y'], answer: 1 } },
    ];
    const s = scenarioWith(tour);
    const back = hashToScenario(`s=${encodeScenario(s)}`);
    expect(back.ok ? back.scenario.tour : back.error).toEqual(tour);
    const file = scenarioFromJson(scenarioToJson(s));
    expect(file.ok ? file.value.tour : file.error).toEqual(tour);
  });

  it('refuses an unknown server, tab or field, naming it', () => {
    const s = JSON.parse(scenarioToJson(scenarioWith([{ at: 100, text: 'a' }]))) as { tour: Record<string, unknown>[] };
    s.tour[0].show = { select: 'S7' };
    expect((r => (r.ok ? 'ok' : r.error))(parseScenario(s))).toBe("tour[0].show.select: unknown node id 'S7' at 100 ms");
    s.tour[0].show = { tab: 'charts' };
    expect((r => (r.ok ? 'ok' : r.error))(parseScenario(s))).toMatch(/^tour\[0\]\.show\.tab: /);
    s.tour[0].show = { zoom: 2 };
    expect((r => (r.ok ? 'ok' : r.error))(parseScenario(s))).toMatch(/^tour\[0\]\.show: unexpected field 'zoom'/);
  });
});
