// A short fuzz in `npm test`: correct Raft survives 100 seeds of chaos; each broken variant is
// caught within its seed budget, by the checker that should catch it; a failure shrinks to a
// scenario that still fails when replayed as a script.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Action } from '../sim/types.ts';
import {
  FUZZ_PROFILE_FIELDS,
  FuzzConfigError,
  defaultFuzzProfile,
  fuzzSeed,
  profileChanges,
  replay,
  resolveFuzzConfig,
  shrink,
  type FailureKind,
  type Fault,
  type FuzzConfig,
  type FuzzProfile,
  type FuzzVariant,
  type ReplaySpec,
  type SeedResult,
} from './fuzz.ts';

describe('fuzz configuration', () => {
  it('fills defaults', () => {
    const c = resolveFuzzConfig();
    expect(c).toMatchObject({ nodes: 5, ms: 20000, variant: 'none', stableMs: 5000, load: 'clients' });
    expect(c.faults).toEqual(['crash', 'partition', 'loss', 'dup', 'reorder', 'manual', 'timeout']);
    expect(resolveFuzzConfig({ variant: 'commit-old-terms' }).load).toBe('proposals');
  });

  const bad: [Partial<FuzzConfig>, RegExp][] = [
    [{ nodes: 0 }, /^nodes: /],
    [{ ms: 12.5 }, /^ms: /],
    [{ variant: 'nope' as FuzzVariant }, /^variant: unknown variant 'nope'/],
    [{ faults: ['crash', 'meteor' as Fault] }, /^faults: unknown fault 'meteor'/],
    [{ ms: 4000, stableMs: 4000 }, /^stableMs: /],
  ];
  it.each(bad)('rejects %j with a message naming the field', (input, message) => {
    expect(() => resolveFuzzConfig(input)).toThrow(FuzzConfigError);
    expect(() => resolveFuzzConfig(input)).toThrow(message);
  });
});

describe('fuzz profile', () => {
  it('names every probability and bound, with defaults by variant and load', () => {
    const c = resolveFuzzConfig();
    expect(c.profile).toEqual(defaultFuzzProfile());
    expect(Object.keys(c.profile)).toEqual(FUZZ_PROFILE_FIELDS);
    expect(c.profile).toMatchObject({ crashLeaderChance: 0.5, bounceChance: 0.3, bounceDownMs: [1, 80], downForMs: [50, 2500], partitionHealMs: [100, 3000] });
    expect(c.profile).toMatchObject({ readRatio: 0.4, appendCrashPercent: 3, appendCutOffPercent: 3 });
    expect(resolveFuzzConfig({ variant: 'local-reads' }).profile.readRatio).toBe(0.6);
    expect(resolveFuzzConfig({ variant: 'commit-old-terms' }).profile).toMatchObject({ appendCrashPercent: 20, appendCutOffPercent: 20 });
    expect(profileChanges(c)).toEqual({});
  });

  it('takes fields given in part and keeps the defaults of the others', () => {
    const c = resolveFuzzConfig({ profile: { bounceChance: 0, downForMs: [200, 300] } });
    expect(c.profile).toEqual({ ...defaultFuzzProfile(), bounceChance: 0, downForMs: [200, 300] });
    expect(profileChanges(c)).toEqual({ bounceChance: 0, downForMs: [200, 300] });
  });

  const badProfiles: [Partial<FuzzProfile>, RegExp][] = [
    [{ bounceChance: 1.5 }, /^profile\.bounceChance: must be a probability/],
    [{ downForMs: [300, 200] }, /^profile\.downForMs: must be \[min, max\]/],
    [{ faultEveryMs: [0, 10] }, /^profile\.faultEveryMs: must be \[min, max\]: whole numbers with 1 ≤ min/],
    [{ lossBurstPercent: [5, 160] }, /^profile\.lossBurstPercent: .* ≤ 100/],
    [{ appendCrashPercent: 60, appendCutOffPercent: 60 }, /^profile\.appendCutOffPercent: appendCrashPercent \+ appendCutOffPercent must be at most 100/],
    [{ manualFates: { deliver: 0, drop: 0, duplicate: 0 } }, /^profile\.manualFates: /],
    [{ bounce: 1 } as Partial<FuzzProfile>, /^profile\.bounce: unknown field \(did you mean bounceChance/],
  ];
  it.each(badProfiles)('rejects profile %j with a message naming the field', (profile, message) => {
    expect(() => resolveFuzzConfig({ profile })).toThrow(FuzzConfigError);
    expect(() => resolveFuzzConfig({ profile })).toThrow(message);
  });

  it('docs/safety.md names every field of the profile', () => {
    const page = readFileSync(fileURLToPath(new URL('../../docs/safety.md', import.meta.url)), 'utf8');
    expect(FUZZ_PROFILE_FIELDS.filter((f) => !page.includes(`\`${f}\``))).toEqual([]);
  });

  it('drives the run: crashes of the leader, restarted after exactly downForMs', () => {
    const quiet = { electedCrashChance: 0, voteBounceChance: 0, splitVoteBounceChance: 0, appendCrashPercent: 0, commitCrashChance: 0, oldTermCommitCrashChance: 0 };
    const config = resolveFuzzConfig({ ms: 8000, faults: ['crash'], profile: { ...quiet, crashLeaderChance: 1, bounceChance: 0, downForMs: [100, 100] } });
    const r = fuzzSeed(3, config);
    expect(r.failure).toBeNull();
    const crashes = r.scenario.actions.filter((a): a is Action & { node: string } => a.type === 'crash');
    expect(crashes.length).toBeGreaterThan(3);
    for (const crash of crashes) {
      if (crash.at + 100 >= r.stableStart) continue; // the stable period restarts it
      expect(r.scenario.actions).toContainEqual({ at: crash.at + 100, type: 'restart', node: crash.node });
    }
  });
});

describe('fuzzing correct Raft', () => {
  it('is deterministic: a seed gives the same scenario and outcome', () => {
    const config = resolveFuzzConfig({ ms: 6000 });
    const a = fuzzSeed(7, config);
    const b = fuzzSeed(7, config);
    expect(JSON.stringify(b.scenario)).toBe(JSON.stringify(a.scenario));
    expect(b.stats).toEqual(a.stats);
    expect(a.scenario.actions.length).toBeGreaterThan(20);
  });

  it('finds no violation in 100 seeds (5 nodes × 20 s, every fault)', () => {
    const config = resolveFuzzConfig();
    const failures: string[] = [];
    let events = 0;
    let operations = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const r = fuzzSeed(seed, config);
      events += r.stats.events;
      operations += r.stats.completed;
      if (r.failure !== null) failures.push(`seed ${seed}: ${r.failure.message}`);
    }
    expect(failures).toEqual([]);
    expect(events).toBeGreaterThan(1_000_000);
    expect(operations).toBeGreaterThan(10_000);
  });

  it('finds no violation with membership changes and with proposals instead of clients', () => {
    const withMembership = resolveFuzzConfig({ faults: ['crash', 'partition', 'loss', 'timeout', 'membership'], ms: 12000 });
    const proposals = resolveFuzzConfig({ load: 'proposals', nodes: 3, ms: 12000 });
    for (let seed = 1; seed <= 15; seed++) {
      expect(fuzzSeed(seed, withMembership).failure).toBeNull();
      expect(fuzzSeed(seed, proposals).failure).toBeNull();
    }
  });

  it('replays a scenario as a script to exactly the same run', () => {
    const config = resolveFuzzConfig({ ms: 8000 });
    const r = fuzzSeed(11, config);
    const again = replay({ scenario: r.scenario, until: r.until, stableStart: r.stableStart, liveness: true, linearizability: true });
    expect(again.failure).toBeNull();
    expect(again.stats).toEqual(r.stats);
  });
});

/** The first seed in 1..budget whose run fails; null when none does. */
function firstFailing(variant: FuzzVariant, budget: number, nodes = 5): SeedResult | null {
  const config = resolveFuzzConfig({ variant, nodes });
  for (let seed = 1; seed <= budget; seed++) {
    const r = fuzzSeed(seed, config);
    if (r.failure !== null) return r;
  }
  return null;
}

describe('broken variants are caught', () => {
  // Budgets are several times the seeds needed today (see docs/safety.md for the rates).
  const cases: [FuzzVariant, number, FailureKind, string | undefined][] = [
    ['commit-old-terms', 120, 'safety', 'leader-completeness'],
    ['vote-without-log-check', 20, 'safety', 'leader-completeness'],
    ['forget-vote', 60, 'safety', 'election-safety'],
    ['truncate-always', 40, 'safety', undefined],
    ['local-reads', 60, 'linearizability', undefined],
  ];
  it.each(cases)('%s within %i seeds, by the %s checker', (variant, budget, kind, property) => {
    const config = resolveFuzzConfig({ variant });
    let found: SeedResult | null = null;
    for (let seed = 1; seed <= budget && found === null; seed++) {
      const r = fuzzSeed(seed, config);
      // truncate-always also starves followers (a liveness failure); keep looking for the
      // safety violation it causes.
      if (r.failure !== null && r.failure.kind === kind) found = r;
    }
    expect(found, `${variant}: no ${kind} failure in seeds 1..${budget}`).not.toBeNull();
    if (found === null || found.failure === null) return;
    if (property !== undefined) expect(found.failure.property).toBe(property);
    // The recorded scenario replays to the same failure.
    const spec: ReplaySpec = { scenario: found.scenario, until: found.until, stableStart: found.stableStart, liveness: true, linearizability: true };
    const again = replay(spec);
    expect(again.failure?.kind).toBe(kind);
    expect(again.failure?.at).toBe(found.failure.at);
  });

  it('a failure shrinks to a smaller scenario that still fails the same way as a script', () => {
    const found = firstFailing('vote-without-log-check', 20);
    expect(found).not.toBeNull();
    if (found === null || found.failure === null) return;
    const spec: ReplaySpec = { scenario: found.scenario, until: found.until, stableStart: found.stableStart, liveness: true, linearizability: true };
    const shrunk = shrink(spec, found.failure, { maxAttempts: 150 });
    expect(shrunk.reproduced).toBe(true);
    expect(shrunk.failure.property).toBe(found.failure.property);
    expect(shrunk.spec.scenario.actions.length).toBeLessThan(found.scenario.actions.length);
    expect(shrunk.spec.until).toBeLessThanOrEqual(found.until);
    const again = replay(shrunk.spec);
    expect(again.failure?.property).toBe(found.failure.property);
    // The scenario is plain data that survives JSON (what the CLI prints).
    expect(JSON.parse(JSON.stringify(shrunk.spec.scenario))).toEqual(shrunk.spec.scenario);
  });
});
