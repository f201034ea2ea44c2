import { describe, expect, it } from 'vitest';
import { BUILTINS } from './builtins.ts';
import { FIGURE16_TOP } from './figure16.ts';
import { EXPERIMENT_LIMITS, parseExperiment, valuePoints, withTrials } from './spec.ts';

const good = () => JSON.parse(JSON.stringify(FIGURE16_TOP)) as Record<string, any>;
const error = (x: unknown) => {
  const r = parseExperiment(x);
  return r.ok ? 'ok' : r.error;
};

describe('experiment validation', () => {
  it('accepts every built-in experiment unchanged', () => {
    for (const b of BUILTINS) {
      const r = parseExperiment(b.spec);
      expect(r.ok ? r.spec : r.error).toEqual(b.spec);
    }
  });

  it('names the field and the reason for a bad value', () => {
    const s = good();
    s.sweep[0].values[2] = { value: [200, 150] };
    expect(error(s)).toBe('experiment.sweep[0].values[2].value: the minimum 200 exceeds the maximum 150');
    const t = good();
    t.metric = 'commit-latency';
    expect(error(t)).toBe("experiment.metric: 'commit-latency' is not measured by a leader-crash trial");
    const u = good();
    u.sweep[0].param = 'packetSize';
    expect(error(u)).toMatch(/^experiment\.sweep\[0\]\.param: must be one of electionTimeout, /);
    expect(error('figure-16')).toMatch(/^experiment\.v: an experiment is an object/);
    expect(error({ ...good(), v: 2 })).toBe('experiment.v: must be 1 (the only experiment format so far)');
  });

  it('refuses experiments that would compute for an hour, saying the limit', () => {
    expect(error({ ...good(), trials: 1_000_000 })).toBe(`experiment.trials: must be from 1 to ${EXPERIMENT_LIMITS.trialsPerValue}, got 1000000`);
    const many = good();
    many.trials = 5000;
    many.sweep[0].values = many.sweep[0].values.map((v: { value: unknown }) => ({ value: v.value }));
    expect(error(many)).toBe(`experiment.trials: 30000 trials in all; at most ${EXPERIMENT_LIMITS.totalTrials}`);
    const long = good();
    long.trial.limitMs = 3_600_000;
    expect(error(long)).toBe(`experiment.trial.limitMs: must be from 1 to ${EXPERIMENT_LIMITS.limitMs}, got 3600000`);
    const wide = good();
    wide.sweep.push({ param: 'lossRate', values: [0, 0.1, 0.2, 0.3, 0.4] });
    expect(error(wide)).toBe(`experiment.sweep: 30 combinations of values; at most ${EXPERIMENT_LIMITS.values}`);
  });

  it('refuses hostile input with a message, never by throwing', () => {
    const proto = JSON.parse('{"v":1,"__proto__":{"x":1},"base":{},"sweep":[],"trial":{"kind":"leader-crash"},"metric":"election-time","trials":1}') as unknown;
    expect(error(proto)).toBe("experiment.v: unexpected field '__proto__'");
    expect(error({ ...good(), title: 'x'.repeat(1000) })).toBe('experiment.title: must be text of at most 200 characters');
    expect(error({ ...good(), trials: Number.NaN })).toBe('experiment.trials: must be a whole number');
    expect(error(null)).toMatch(/^experiment\.v: /);
    const deep = good();
    deep.base.features = { variant: '<img src=x onerror=alert(1)>' };
    expect(error(deep)).toMatch(/^experiment\.base\.features\.variant: must be 'none' or a known variant/);
  });

  it('expands two swept parameters into every combination, with per-value trials', () => {
    const spec = parseExperiment({
      v: 1,
      base: {},
      sweep: [
        { param: 'preVote', values: [false, { value: true, trials: 7 }] },
        { param: 'nodes', values: [3, 5] },
      ],
      trial: { kind: 'leader-crash' },
      metric: 'elections',
      trials: 10,
    });
    if (!spec.ok) throw new Error(spec.error);
    expect(valuePoints(spec.spec).map((p) => [p.label, p.trials])).toEqual([
      ['PreVote off · 3 servers', 10],
      ['PreVote off · 5 servers', 10],
      ['PreVote on · 3 servers', 7],
      ['PreVote on · 5 servers', 7],
    ]);
  });

  it('--trials N sets every value to N (the 150–150 line too)', () => {
    const r = parseExperiment(withTrials(FIGURE16_TOP, 3));
    if (!r.ok) throw new Error(r.error);
    expect(valuePoints(r.spec).map((p) => p.trials)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(valuePoints(FIGURE16_TOP).map((p) => p.trials)).toEqual([100, 1000, 1000, 1000, 1000, 1000]);
  });
});
