// The rule for scenario fields added after format v1 (docs/scenarios.md, "New fields"): optional,
// written (in files and links) only when set, and refused with a clear message naming the field
// by a page that does not know them. Its first user: features.conflictHint (Figure 2's plain
// "decrement nextIndex" rule when false).

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import { clusterScenario, scenarioFromJson, scenarioToJson } from './api.ts';
import { parseScenario } from './format.ts';
import { encodeScenario, hashToScenario } from './url.ts';

function scenarioWith(features: Record<string, unknown>) {
  const c = createCluster({ seed: 3, nodes: 3, features });
  c.runFor(500);
  return clusterScenario(c);
}

describe('new optional scenario fields', () => {
  it('a scenario that does not use the field does not write it: its link and file are what an older page reads', () => {
    const s = scenarioWith({});
    expect('conflictHint' in s.options.features).toBe(false);
    expect(scenarioToJson(s)).not.toContain('conflictHint');
    const link = encodeScenario(s);
    const back = hashToScenario(`s=${link}`);
    expect(back.ok && 'conflictHint' in back.scenario.options.features).toBe(false);
  });

  it('a scenario that uses it carries it in its link (as a diff) and its file, and replays with it', () => {
    const s = scenarioWith({ conflictHint: false });
    expect(s.options.features.conflictHint).toBe(false);
    const back = hashToScenario(`s=${encodeScenario(s)}`);
    expect(back.ok ? back.scenario.options.features.conflictHint : 'not ok').toBe(false);
    const file = scenarioFromJson(scenarioToJson(s));
    expect(file.ok ? file.value.options.features.conflictHint : 'not ok').toBe(false);
  });

  it('an unknown option (from a newer raftlab) is refused, naming the field and saying why', () => {
    const s = JSON.parse(scenarioToJson(scenarioWith({}))) as { options: { features: Record<string, unknown> } };
    s.options.features.fasterElections = true;
    const r = parseScenario(s);
    expect(r.ok ? 'ok' : r.error).toBe(
      "options.features: unexpected field 'fasterElections' (made with a newer raftlab? this page does not know it)",
    );
  });

  it('refuses a value of the wrong type with a message naming the field', () => {
    const s = JSON.parse(scenarioToJson(scenarioWith({}))) as { options: { features: Record<string, unknown> } };
    s.options.features.conflictHint = 'yes';
    const r = parseScenario(s);
    expect(r.ok ? 'ok' : r.error).toMatch(/^options\.features\.conflictHint: /);
  });
});
