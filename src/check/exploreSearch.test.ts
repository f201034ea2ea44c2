// The exhaustive search as the app's worker runs it: progress per depth, a result that names the
// bound reached, and a counterexample that opens as a scenario replaying to the same violation.

import { describe, expect, it } from 'vitest';
import { attachSafetyMonitor } from './index.ts';
import { runExplore, type ExploreMessage } from './exploreSearch.ts';
import { runScenario } from '../scenario/api.ts';

function run(config: Parameters<typeof runExplore>[0]['config']): ExploreMessage[] {
  const out: ExploreMessage[] = [];
  let t = 0;
  runExplore({ type: 'start', config }, (m) => out.push(m), { now: () => (t += 5) });
  return out;
}

describe('runExplore', () => {
  it('forget-vote on 3 servers: a shortest counterexample that replays, event by event, to the violation', () => {
    const out = run({ variant: 'forget-vote', servers: 3 });
    const progress = out.filter((m) => m.type === 'progress');
    expect(progress.map((p) => p.depth)).toEqual(progress.map((_, i) => i + 1)); // one report per depth level
    const done = out.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done' || done.counterexample === null) throw new Error('no counterexample');
    expect(done.finished).toBe('violation');
    const cx = done.counterexample;
    expect(cx.steps.length).toBe(done.depth); // breadth-first: found at the depth reached
    expect(cx.steps.some((s) => s.includes('crashes'))).toBe(true); // forget-vote needs a crash
    expect(cx.name).toBe('Election Safety');
    // each step is one action at k × stepMs (duplicates aside), timers frozen, the network manual
    const acts = cx.scenario.actions.filter((a) => a.type !== 'duplicate');
    expect(acts.map((a) => a.at)).toEqual(cx.steps.map((_, i) => (i + 1) * cx.stepMs));
    expect(cx.scenario.options.network).toMatchObject({ manual: true, frozenTimers: true });
    const cluster = runScenario(cx.scenario, 0);
    const monitor = attachSafetyMonitor(cluster);
    cluster.runFor(cx.until - cx.stepMs); // every step but the last: still safe
    expect(monitor.violations()).toEqual([]);
    cluster.runFor(cx.stepMs);
    expect(monitor.violations().map((v) => v.property)).toContain(cx.property);
  });

  it('correct Raft on 2 servers: no violation, every state within the bounds explored, coverage reported', () => {
    const out = run({ servers: 2, depth: 6 });
    const done = out.at(-1);
    if (done?.type !== 'done') throw new Error('no result');
    expect(done.finished).toBe('exhausted');
    expect(done.counterexample).toBeNull();
    expect(done.depth).toBe(6);
    expect(done.distinct).toBeGreaterThan(100);
    expect(done.coverage.termsWithLeader).toBeGreaterThan(0);
  });

  it('bad bounds are named, in a sentence', () => {
    const out = run({ servers: 9 });
    expect(out).toEqual([{ type: 'error', message: 'The bounds are not valid: servers: must be a whole number from 1 to 4, got 9.' }]);
  });
});
