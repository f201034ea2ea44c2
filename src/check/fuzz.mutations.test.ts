// Each bug of issue #12, put back by its test-only mutation (src/raft/mutations.ts), is found
// again by the swarm fuzzer within a fixed, small range of seeds — failing the property that bug
// breaks — and the same range passes with correct Raft. The profiles aim the swarm at the
// bug's setting (which fault kinds, how often), as the variants' tests do; docs/safety.md lists
// them. Ranges are kept short: each test costs a few seconds.

import { describe, expect, it } from 'vitest';
import { BUG_1, type Mutation } from '../raft/mutations.ts';
import { fuzzSeed, resolveFuzzConfig, type Fault, type FuzzFailure, type FuzzProfile } from './fuzz.ts';

interface Case {
  bug: number;
  mutations: readonly Mutation[];
  seeds: [number, number];
  ms: number;
  nodes: number;
  faults?: Fault[];
  profile?: Partial<FuzzProfile>;
  /** What the failure must be: its kind, and the property or check (safety) or a phrase of its message. */
  expect: (f: FuzzFailure) => boolean;
}

const CASES: Case[] = [
  {
    bug: 1,
    mutations: BUG_1,
    seeds: [2, 2],
    ms: 10_000,
    nodes: 4,
    faults: ['transfer', 'membership', 'partition'],
    profile: { swarmKindChance: 1, comboChance: 0.6, transferToAnyChance: 0 },
    expect: (f) => f.kind === 'safety' && (f.property === 'election-safety' || f.property === 'leader-completeness'),
  },
  {
    bug: 1,
    mutations: ['count-own-vote-as-non-voter'],
    seeds: [12, 14],
    ms: 10_000,
    nodes: 4,
    faults: ['transfer', 'membership', 'partition'],
    profile: { swarmKindChance: 1, comboChance: 0.6, transferToAnyChance: 0 },
    expect: (f) => f.kind === 'safety' && f.property === 'leader-completeness',
  },
  {
    bug: 2,
    mutations: ['scripted-actions-unchecked'],
    seeds: [14, 16],
    ms: 10_000,
    nodes: 4,
    expect: (f) => f.kind === 'replay',
  },
  {
    bug: 3,
    mutations: ['removed-server-never-campaigns'],
    seeds: [20, 25],
    ms: 10_000,
    nodes: 4,
    faults: ['crash', 'partition', 'membership'],
    profile: { swarmKindChance: 1, stayDownChance: 1, comboChance: 0.6 },
    expect: (f) => f.kind === 'liveness' && f.message.startsWith('No leader at the end'),
  },
  {
    bug: 4,
    mutations: ['catch-up-never-aborts'],
    seeds: [1, 3],
    ms: 8000,
    nodes: 3,
    faults: ['membership'],
    profile: { newServerCrashChance: 1, stayDownChance: 1, removeServerChance: 0 },
    expect: (f) => f.kind === 'liveness' && f.message.includes('is still catching up'),
  },
  {
    bug: 5,
    mutations: ['added-server-empty-boot-config'],
    seeds: [48, 48],
    ms: 8000,
    nodes: 4,
    expect: (f) => f.kind === 'safety' && f.property === 'snapshot-configuration',
  },
  {
    bug: 6,
    mutations: ['reply-always-resends'],
    seeds: [1, 1],
    ms: 6000,
    nodes: 5,
    faults: ['dup'],
    profile: { dupNetworkChance: 1, dupBurstPercent: [40, 50], dupBurstMs: [2000, 4000] },
    expect: (f) => f.kind === 'liveness' && f.message.startsWith('An event storm'),
  },
];

function failures(c: Case, mutations: readonly Mutation[]): FuzzFailure[] {
  const config = resolveFuzzConfig({ swarm: true, ms: c.ms, nodes: c.nodes, mutations, ...(c.faults ? { faults: c.faults } : {}), ...(c.profile ? { profile: c.profile } : {}) });
  const found: FuzzFailure[] = [];
  for (let seed = c.seeds[0]; seed <= c.seeds[1]; seed++) {
    const f = fuzzSeed(seed, config).failure;
    if (f !== null) found.push(f);
  }
  return found;
}

describe('the swarm fuzzer finds each bug of issue #12 again when a mutation puts it back', () => {
  it.each(CASES.map((c) => [`bug ${c.bug}: ${c.mutations.join(' + ')} in seeds ${c.seeds[0]}–${c.seeds[1]}`, c] as const))('%s', (_name, c) => {
    const mutated = failures(c, c.mutations);
    expect(mutated.length, 'found with the mutation').toBeGreaterThan(0);
    expect(mutated.some(c.expect), mutated.map((f) => f.message).join('\n')).toBe(true);
    // …and correct Raft passes the same seeds under the same profile.
    expect(failures(c, []).map((f) => f.message)).toEqual([]);
  });
});
