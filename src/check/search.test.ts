import { describe, expect, it } from 'vitest';
import { CLIENT_NAME } from '../sim/index.ts';
import { replay } from './fuzz.ts';
import { runSearch, type SearchMessage, type SearchRequest } from './search.ts';

/** A clock that advances 10 ms on every read: deterministic progress numbers. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 10);
}

function run(req: Omit<SearchRequest, 'type'>, cancelled?: (messages: SearchMessage[]) => boolean): SearchMessage[] {
  const messages: SearchMessage[] = [];
  runSearch({ type: 'start', ...req }, (m) => messages.push(structuredClone(m)), {
    now: fakeClock(),
    cancelled: cancelled && (() => cancelled(messages)),
    progressIntervalMs: 0,
  });
  return messages;
}

describe('counterexample search (the Web Worker protocol)', () => {
  it('finds a broken variant’s violation, reports progress, shrinks it and hands back a replayable minimal scenario', () => {
    const messages = run({ variant: 'vote-without-log-check', nodes: 5, budget: 20, timing: { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 } });
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('progress');
    expect(types).toContain('shrinking');
    expect(types.at(-1)).toBe('found');
    // progress before shrinking, shrinking before the result, nothing after it
    expect(types.lastIndexOf('progress')).toBeLessThan(types.indexOf('shrinking'));
    const progress = messages.filter((m) => m.type === 'progress');
    for (const p of progress) {
      expect(p.budget).toBe(20);
      expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(p.seedsPerSecond).toBeGreaterThanOrEqual(0);
    }
    expect(progress.at(-1)?.seedsDone).toBeGreaterThanOrEqual(1);

    const found = messages.at(-1);
    if (found?.type !== 'found') throw new Error('expected a counterexample');
    expect(found.reproduced).toBe(true);
    expect(found.violation.kind).toBe('safety');
    expect(found.violation.property).toBe('leader-completeness');
    expect(found.violation.name).toBe('Leader Completeness');
    expect(found.violation.message.length).toBeGreaterThan(10);
    expect(found.violation.nodes.length).toBeGreaterThan(0);
    expect(found.violation.event).not.toBeNull();
    expect(found.scenario.options.features.variant).toBe('vote-without-log-check');
    expect(found.scenario.options.timing).toEqual({ electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 });
    // shrunk: an earlier end and fewer actions than the seed's run
    expect(found.until).toBeLessThanOrEqual(found.original.until);
    expect(found.scenario.actions.length).toBeLessThan(found.original.actions);
    expect(found.until).toBe(found.violation.at);

    // Replaying the minimal scenario as a script (what the simulator does) fails the same way, at the same moment.
    const again = replay({ scenario: found.scenario, until: found.until, stableStart: found.until, liveness: false, linearizability: false });
    expect(again.failure?.property).toBe(found.violation.property);
    expect(again.failure?.at).toBe(found.violation.at);
    expect(again.failure?.event).toBe(found.violation.event);
  });

  it('uses the fuzzer’s settings for the variant (no election no-op for commit-old-terms) and says when the budget runs out', () => {
    const messages = run({ variant: 'commit-old-terms', nodes: 5, budget: 2, ms: 3000 });
    const last = messages.at(-1);
    expect(last?.type).toBe('exhausted');
    if (last?.type !== 'exhausted') return;
    expect(last.seedsDone).toBe(2);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.at(-1)?.seedsDone).toBe(2);
    expect(messages.some((m) => m.type === 'shrinking' || m.type === 'found')).toBe(false);
  });

  it('stops when cancelled, between seeds', () => {
    // a variant found only rarely, so the search would go on: cancel after the second seed
    const messages = run({ variant: 'commit-old-terms', nodes: 3, budget: 500, ms: 3000 }, (ms) => {
      const last = ms.at(-1);
      return last?.type === 'progress' && last.seedsDone >= 2;
    });
    const last = messages.at(-1);
    expect(last?.type).toBe('cancelled');
    if (last?.type === 'cancelled') expect(last.seedsDone).toBe(2);
  });

  it('stops while shrinking when cancelled', () => {
    const messages = run({ variant: 'vote-without-log-check', nodes: 5, budget: 20 }, (ms) => ms.some((m) => m.type === 'shrinking'));
    expect(messages.at(-1)?.type).toBe('cancelled');
    expect(messages.some((m) => m.type === 'found')).toBe(false);
  });

  it('refuses correct Raft and bad requests with a message naming the field', () => {
    expect(run({ variant: 'none', nodes: 5 })).toEqual([{ type: 'error', message: expect.stringMatching(/^variant:/) }]);
    expect(run({ variant: 'forget-vote', nodes: 5, budget: 0 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/^budget:/) });
    expect(run({ variant: 'forget-vote', nodes: 40 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/^nodes:/) });
    expect(run({ variant: 'forget-vote', nodes: 5, stride: 0 })[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/^stride:/) });
  });

  it('with a stride, tries every n-th seed (workers share a search this way)', () => {
    const messages = run({ variant: 'commit-old-terms', nodes: 3, budget: 3, ms: 3000, startSeed: 2, stride: 4 });
    const seeds = [...new Set(messages.flatMap((m) => (m.type === 'progress' && m.seedsDone > 0 ? [m.seed] : [])))];
    expect(seeds).toEqual([2, 6, 10]);
    expect(messages.at(-1)).toMatchObject({ type: 'exhausted', seedsDone: 3 });
  });
});

describe('counterexample search: linearizability', () => {
  it('reports a stale read of local-reads at the moment it returns to its client', () => {
    const messages = run({ variant: 'local-reads', nodes: 3, budget: 10, shrinkAttempts: 30 });
    const found = messages.at(-1);
    if (found?.type !== 'found') throw new Error(`expected a counterexample, got ${JSON.stringify(found)}`);
    expect(found.violation.kind).toBe('linearizability');
    expect(found.violation.name).toBe('Linearizability');
    expect(found.violation.at).toBeLessThan(found.until);
    expect(found.violation.nodes).toHaveLength(1);
    expect(found.violation.nodes[0]).toMatch(CLIENT_NAME);
  });
});
