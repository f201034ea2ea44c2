// A challenge travels in the scenario format as the optional field `challenge` (added after
// format v1, the rule of src/scenario/newFields.test.ts): written only when set, carried by links
// (wire key ch) and files, validated like the rest — bad goal data is refused with a message
// naming the field, never run, never shown as HTML.

import { describe, expect, it } from 'vitest';
import { scenarioFromJson, scenarioToJson } from '../scenario/api.ts';
import { parseScenario } from '../scenario/format.ts';
import { encodeScenario, hashToScenario } from '../scenario/url.ts';
import { toWire } from '../scenario/wire.ts';
import lzString from 'lz-string';
import { BUILTIN_CHALLENGES } from './builtins.ts';
import { builtinScenario } from './builtin.ts';

const split = builtinScenario(BUILTIN_CHALLENGES.find((b) => b.id === 'split-vote')!);

describe('the challenge field of a scenario', () => {
  it('is not written when a scenario has none', () => {
    const { challenge: _, ...plain } = split;
    expect(scenarioToJson(plain)).not.toContain('challenge');
    expect(encodeScenario(plain)).not.toBe(encodeScenario(split));
  });

  it('travels in a link and a file unchanged', () => {
    const back = hashToScenario(`s=${encodeScenario(split)}`);
    expect(back.ok ? back.scenario.challenge : back.error).toEqual(split.challenge);
    const file = scenarioFromJson(scenarioToJson(split));
    expect(file.ok ? file.value.challenge : file.error).toEqual(split.challenge);
  });

  it('bad goal data in a link or a file is refused with a message naming the field', () => {
    const s = JSON.parse(scenarioToJson(split)) as { challenge: Record<string, unknown>; actions: unknown[] };
    s.challenge.goal = { kind: 'split-vote', code: '<script>alert(1)</script>' };
    const r = parseScenario(s);
    expect(r.ok ? 'ok' : r.error).toBe("challenge.goal: unexpected field 'code'");
    s.challenge.goal = { kind: 'leader', node: 'S7' };
    const r2 = parseScenario(s);
    expect(r2.ok ? 'ok' : r2.error).toBe("challenge.goal.node: no server 'S7' in this scenario (it has S1, S2, S3, S4)");
    s.challenge.goal = { kind: 'split-vote' };
    s.challenge.setup = 3;
    const r3 = parseScenario(s);
    expect(r3.ok ? 'ok' : r3.error).toBe("challenge.setup: the scenario has 0 actions, fewer than the 3 of the challenge's setup");
    const wire = toWire(split) as Record<string, unknown>;
    wire.ch = { ...split.challenge, rules: { allow: ['boom'] } };
    const link = hashToScenario(`s=${lzString.compressToEncodedURIComponent(JSON.stringify(wire))}`);
    expect(link.ok ? 'ok' : link.error).toMatch(/^Could not open the shared scenario: challenge\.rules\.allow\[0\]: must be an action type \(crash, /);
  });
});
