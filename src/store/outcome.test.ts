// Outcomes of two runs compared (compare side by side): Figure 8 in correct Raft and with the
// broken 'commit-old-terms' rule commit differently and only the broken one violates safety;
// identical runs never differ; each aspect's first difference is at the exact ms it appears.
import { describe, expect, it } from 'vitest';
import { libraryScenario } from '../scenario/library.ts';
import { createCluster, type ResolvedOptions, type TraceEvent } from '../sim/index.ts';
import { presetOptions } from '../scenario/compare.ts';
import { restartScenario } from './actions.ts';
import { advanceDivergence, enterCompare, exitCompare, useCompare } from './compare.ts';
import { DivergenceScout } from './divergence.ts';
import { AspectComparer, OutcomeTracker, firstOutcomeDifferences, type OutcomeValue } from './outcome.ts';
import { pause } from './playback.ts';

function run(id: string, until: number): { options: ResolvedOptions; trace: TraceEvent[] } {
  const s = libraryScenario(id);
  if (s === undefined) throw new Error(id);
  const c = createCluster(s.options, [...s.actions]);
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  c.runFor(until);
  return { options: c.options, trace };
}

describe('Figure 8: correct Raft vs commit-old-terms', () => {
  const a = run('figure-8', 4000);
  const b = run('figure-8-broken', 4000);
  const diffs = firstOutcomeDifferences(a.options, a.trace, b.options, b.trace);
  const by = new Map(diffs.map((d) => [d.aspect, d]));

  it('the broken run commits index 2 of term 2 where correct Raft does not: committed entries differ first', () => {
    const committed = by.get('committed');
    expect(committed).toBeDefined();
    expect(committed!.b).toMatch(/^2 entries committed$/);
    expect(committed!.a).toBe('nothing committed'); // index 1 is on every server from the start, but not known committed
    // before the entry of term 2 is committed, leader and term were the same in both runs (same script)
    expect(by.get('leader') === undefined || by.get('leader')!.at >= committed!.at).toBe(true);
    expect(diffs[0].aspect).toBe('committed');
  });

  it('only the broken run violates a safety property, after it committed wrongly', () => {
    const safety = by.get('safety');
    expect(safety).toBeDefined();
    expect(safety!.a).toBe('safe');
    expect(safety!.b).toMatch(/State Machine Safety|Leader Completeness/);
    expect(safety!.at).toBeGreaterThan(by.get('committed')!.at);
    // at the violation's ms, the broken run's own trace shows it: the tracker agrees with the monitor
    const t = new OutcomeTracker(b.options);
    for (const e of b.trace) if (e.at < safety!.at) t.observe(e);
    expect(t.current('safety').words).toBe('safe');
  });

  it('a run compared with itself never differs', () => {
    expect(firstOutcomeDifferences(a.options, a.trace, a.options, a.trace)).toEqual([]);
  });
});

describe('AspectComparer', () => {
  const v = (at: number, key: string): OutcomeValue => ({ at, key, words: key });
  it('finds the first ms the step functions differ, slice by slice', () => {
    const a = [v(0, 'x'), v(100, 'y'), v(300, 'z')];
    const b = [v(0, 'x'), v(100, 'y'), v(250, 'q')];
    const c = new AspectComparer('term', a, b);
    c.advance(200);
    expect(c.found).toBeNull();
    c.advance(260);
    expect(c.found).toEqual({ aspect: 'term', at: 250, a: 'y', b: 'q' });
  });
  it('a change in one run matched later by the other differs in between', () => {
    const c = new AspectComparer('leader', [v(0, ''), v(100, 'S1')], [v(0, ''), v(120, 'S1')]);
    c.advance(Infinity);
    expect(c.found).toEqual({ aspect: 'leader', at: 100, a: 'S1', b: '' });
  });
  it('equal values at the same times never differ', () => {
    const c = new AspectComparer('leader', [v(0, ''), v(100, 'S1')], [v(0, ''), v(100, 'S1')]);
    c.advance(Infinity);
    expect(c.found).toBeNull();
  });
  it('different from the start: at 0', () => {
    const c = new AspectComparer('term', [v(0, '1')], [v(0, '2')]);
    c.advance(0);
    expect(c.found).toMatchObject({ at: 0 });
  });
});

describe('the divergence scout compares outcomes too', () => {
  it('finds the same outcome differences as the whole traces, sliced or not, and goes on after the first differing event', () => {
    const a = libraryScenario('figure-8')!;
    const b = libraryScenario('figure-8-broken')!;
    const whole = new DivergenceScout(a.options, b.options, a.actions);
    whole.advance(4000);
    const sliced = new DivergenceScout(a.options, b.options, a.actions);
    let fake = 0;
    while (!sliced.done && sliced.reached < 4000) sliced.advance(4000, 1, () => (fake += 1));
    const ra = run('figure-8', 4000);
    const rb = run('figure-8-broken', 4000);
    const expected = firstOutcomeDifferences(ra.options, ra.trace, rb.options, rb.trace);
    expect(whole.outcomes).toEqual(expected);
    expect(sliced.outcomes).toEqual(expected);
    // the first differing event is the broken commit itself; the violation comes later and is still found
    expect(whole.divergence?.b).toMatchObject({ type: 'commit' });
    expect(whole.outcomes.map((d) => d.aspect)).toEqual(['committed', 'safety']);
  });

  it('compare mode shows them: Figure 8 correct (A) vs commit-old-terms (B)', () => {
    const a = libraryScenario('figure-8')!;
    restartScenario(a.options, a.actions);
    pause();
    expect(enterCompare(presetOptions('variant', a.options, { variant: 'commit-old-terms' }))).toBe(true);
    advanceDivergence(Infinity);
    const c = useCompare.getState();
    expect(c.outcomes.map((d) => [d.aspect, d.a, d.b])).toEqual([
      ['committed', 'nothing committed', '2 entries committed'],
      ['safety', 'safe', 'Leader Completeness violated'],
    ]);
    expect(c.divergence?.at).toBe(c.outcomes[0].at);
    exitCompare();
  });
});
