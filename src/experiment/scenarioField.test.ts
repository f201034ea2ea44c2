// An experiment travels in the scenario format as the optional field `experiment` (added after
// format v1: the rule of src/scenario/newFields.test.ts): written only when set, carried by links
// (wire key xp) and files, validated like the rest — a bad or hostile one refused with a message
// naming the field, nothing run.

import { describe, expect, it } from 'vitest';
import { clusterScenario, scenarioFromJson, scenarioToJson } from '../scenario/api.ts';
import { parseScenario } from '../scenario/format.ts';
import { encodeScenario, hashToScenario } from '../scenario/url.ts';
import { createCluster } from '../sim/index.ts';
import { FIGURE16_BOTTOM } from './figure16.ts';

function plain() {
  const c = createCluster({ seed: 2, nodes: 3 });
  c.runFor(300);
  return clusterScenario(c);
}

describe('the experiment field of a scenario', () => {
  it('is not written when a scenario has none (links and files stay what an older page reads)', () => {
    const s = plain();
    expect('experiment' in s).toBe(false);
    expect(scenarioToJson(s)).not.toContain('experiment');
    const back = hashToScenario(`s=${encodeScenario(s)}`);
    expect(back.ok && 'experiment' in back.scenario).toBe(false);
  });

  it('travels in a link and a file unchanged', () => {
    const s = { ...plain(), experiment: FIGURE16_BOTTOM };
    const back = hashToScenario(`s=${encodeScenario(s)}`);
    expect(back.ok ? back.scenario.experiment : back.error).toEqual(FIGURE16_BOTTOM);
    const file = scenarioFromJson(scenarioToJson(s));
    expect(file.ok ? file.value.experiment : file.error).toEqual(FIGURE16_BOTTOM);
  });

  it('a hostile experiment is refused with a clear message naming the field', () => {
    const s = JSON.parse(scenarioToJson({ ...plain(), experiment: FIGURE16_BOTTOM })) as { experiment: Record<string, unknown> };
    s.experiment.trials = 100_000_000;
    const r = parseScenario(s);
    expect(r.ok ? 'ok' : r.error).toBe('experiment.trials: must be from 1 to 5000, got 100000000');
    s.experiment = { ...FIGURE16_BOTTOM, run: 'alert(1)' };
    const r2 = parseScenario(s);
    expect(r2.ok ? 'ok' : r2.error).toBe("experiment.v: unexpected field 'run'");
  });
});
