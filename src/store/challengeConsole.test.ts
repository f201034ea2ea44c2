// raftlab.challengeStatus() names the built-in challenge that is open, however it was opened:
// by its id, from a share link (which carries no id) or from a scenario file; a challenge that
// differs from every built-in (here: another seed) is no built-in.

import { describe, expect, it } from 'vitest';
import { BUILTIN_CHALLENGES } from '../challenge/builtins.ts';
import { builtinScenario } from '../challenge/builtin.ts';
import { builtinIdOf } from '../challenge/identify.ts';
import { encodeScenario, hashToScenario } from '../scenario/url.ts';
import { baseScenario } from './challenge.ts';
import { createChallengeConsole } from './challengeConsole.ts';
import type { ChallengeSpec } from '../challenge/types.ts';
import type { Scenario } from '../scenario/format.ts';

const link = (s: Scenario) => `https://example.org/raftlab/#s=${encodeScenario(s)}`;

describe('which built-in challenge is open', () => {
  it('every built-in is recognised from its solution’s share link, and a changed one is not', () => {
    for (const b of BUILTIN_CHALLENGES) {
      const back = hashToScenario(`s=${encodeScenario(builtinScenario(b, b.solution))}`);
      if (!back.ok) throw new Error(back.error);
      expect(builtinIdOf(baseScenario(back.scenario as Scenario & { challenge: ChallengeSpec }))).toBe(b.id);
      const other = builtinScenario(b);
      expect(builtinIdOf({ ...other, options: { ...other.options, seed: other.options.seed + 1 } })).toBe(null);
      expect(builtinIdOf({ ...other, challenge: { ...other.challenge!, hints: [] } })).toBe(null);
    }
  });

  it('challengeStatus() reports the built-in’s id after opening it from a link or a file, null for another challenge', async () => {
    const raft = createChallengeConsole();
    const b = BUILTIN_CHALLENGES.find((c) => c.id === 'stale-read')!;
    expect((await raft.open(link(builtinScenario(b, b.solution))))?.id).toBe('stale-read');
    expect(raft.status()?.id).toBe('stale-read');
    const fig8 = BUILTIN_CHALLENGES.find((c) => c.id === 'figure-8')!;
    expect((await raft.open(JSON.stringify(builtinScenario(fig8))))?.id).toBe('figure-8');
    const s = builtinScenario(b);
    const changed = { ...s, options: { ...s.options, seed: 99 } };
    const status = await raft.open(link(changed));
    expect(status?.title).toBe(b.title);
    expect(status?.id).toBe(null);
    expect((await raft.open('split-vote'))?.id).toBe('split-vote');
  });
});
