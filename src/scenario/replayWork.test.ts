// Runs longer than an hour stay shareable (issue 14): the scenario format bounds the work of
// replaying a run, not its simulated length, and the estimate of that work is on the high side
// of what the engine really does.

import { describe, expect, it } from 'vitest';
import { createCluster, resolveOptions, type ClusterOptions } from '../sim/index.ts';
import { currentScenario } from './api.ts';
import { parseScenario } from './format.ts';
import { hashToScenario, scenarioToHash } from './url.ts';
import { formatDuration, REPLAY_EVENTS_LIMIT, replayEvents, replayWorkProblem } from './replayWork.ts';
import { unshareableReason } from '../store/share.ts';

function eventsOf(options: ClusterOptions, ms: number): number {
  const c = createCluster(options);
  let n = 0;
  c.subscribe(() => n++);
  c.runFor(ms);
  return n;
}

describe('the estimate of replay work', () => {
  const configs: [string, ClusterOptions][] = [
    ['5 quiet servers', {}],
    ['9 servers', { nodes: 9 }],
    ['25 servers', { nodes: 25 }],
    ['9 servers, 10 clients at 200 ops/s', { nodes: 9, workload: { clients: 10, opsPerSecond: 200 } }],
    ['5 servers, 3 clients at 30 ops/s', { workload: { clients: 3, opsPerSecond: 30 } }],
    ['3 servers, slow heartbeats', { nodes: 3, timing: { electionTimeoutMin: 1000, electionTimeoutMax: 2000, heartbeatInterval: 200 } }],
  ];
  it.each(configs)('is at least what the engine does, and at most twice it: %s', (_name, options) => {
    const real = eventsOf(options, 10_000);
    const estimate = replayEvents(resolveOptions(options), 10_000);
    expect(estimate).toBeGreaterThanOrEqual(real);
    expect(estimate).toBeLessThanOrEqual(2 * real);
  });
});

describe('long runs in the scenario format', () => {
  const cluster = createCluster({ nodes: 3 });
  cluster.runFor(10);
  const base = currentScenario(cluster.options, []);

  it('accepts actions after the first simulated hour (the old limit)', () => {
    const s = { ...base, actions: [{ at: 3_840_316, type: 'crash', node: 'S2' }] };
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    // and a link to it opens at its time
    const back = hashToScenario(scenarioToHash(parseScenario(s).ok ? (r as { value: typeof base }).value : base, 3_900_000));
    expect(back).toMatchObject({ ok: true, t: 3_900_000 });
  });

  it('refuses a run whose replay is more work than the limit, naming the field, the work and the limit', () => {
    const heavy = currentScenario({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } }, []);
    // ~7,400 events per simulated second estimated: 100 million is reached after about 3.75 h
    const at = 5 * 3_600_000;
    const r = parseScenario({ ...heavy, actions: [{ at, type: 'heal' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^actions\[0\]\.at: replaying this run to 5 h of simulated time is about \d+ million events of work for 9 servers under client load, more than the limit of 100 million/);
    // the same run an hour long is fine
    expect(parseScenario({ ...heavy, actions: [{ at: 3_600_000, type: 'heal' }] }).ok).toBe(true);
  });

  it('bounds a link’s time by the same work', () => {
    const heavy = currentScenario({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } }, []);
    const r = hashToScenario(scenarioToHash(heavy, 10 * 3_600_000));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/t: replaying this run to 10 h of simulated time/);
  });

  it('a quiet cluster may run for days', () => {
    const o = resolveOptions({});
    expect(replayWorkProblem(o, 24 * 3_600_000, 't')).toBeNull();
    expect(replayEvents(o, 24 * 3_600_000)).toBeLessThan(REPLAY_EVENTS_LIMIT);
  });
});

describe('words for the user', () => {
  it('durations', () => {
    expect(formatDuration(20_000)).toBe('20 s');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
    expect(formatDuration(5 * 24 * 3_600_000)).toBe('5 days');
  });
  it('a run that cannot be shared is explained without the validator’s prefix or field path', () => {
    const err = new Error('invalid scenario: actions[12].at: replaying this run to 5 h of simulated time is about 130 million events of work');
    expect(unshareableReason(err)).toBe('Replaying this run to 5 h of simulated time is about 130 million events of work.');
  });
});
