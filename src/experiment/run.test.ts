import { describe, expect, it } from 'vitest';
import { runScenario } from '../scenario/api.ts';
import { hashToScenario } from '../scenario/url.ts';
import { measureBroadcastTime } from './broadcast.ts';
import { FIGURE16_NETWORK, FIGURE16_TOP } from './figure16.ts';
import { trialOptions } from './options.ts';
import { assemble, linkOfTrial, runExperiment, runShard, trialLink, workItems } from './run.ts';
import { parseExperiment, valuePoints, withTrials } from './spec.ts';
import { runTrial } from './trial.ts';
import type { ExperimentSpec, TrialResult } from './types.ts';

const small = (() => {
  const r = parseExperiment(withTrials(FIGURE16_TOP, 6));
  if (!r.ok) throw new Error(r.error);
  return r.spec;
})();

function shards(spec: ExperimentSpec, n: number): TrialResult[] {
  const out: TrialResult[] = [];
  // the shards finish in any order: run them last to first
  for (let k = n - 1; k >= 0; k--) runShard(spec, k, n, (t) => out.push(t));
  return out;
}

describe('experiments', () => {
  it('same experiment, same numbers, whatever the number of workers', () => {
    const one = assemble(small, shards(small, 1));
    expect(assemble(small, shards(small, 3))).toEqual(one);
    expect(assemble(small, shards(small, 7))).toEqual(one);
    expect(one.values.map((v) => v.trials)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(workItems(small)).toHaveLength(36);
  });

  it('the time without leader is at least half the minimum election timeout (§9.3), and each trial’s link replays it', () => {
    const point = valuePoints(small)[5]; // 150–300 ms, heartbeat 75 ms
    for (let seed = 1; seed <= 6; seed++) {
      const run = runTrial(small, point, seed);
      const t = run.metric;
      expect(t).not.toBeNull();
      if (t === null || run.crashAt === null) return;
      expect(t).toBeGreaterThanOrEqual(75);
      // the link opens 1 ms before the crash; replayed, the run crashes the leader then, and
      // the first leader of a higher term appears exactly `metric` ms later
      const link = hashToScenario(trialLink(run).slice(1));
      if (!link.ok) throw new Error(link.error);
      expect(link.t).toBe(run.crashAt - 1);
      const crash = link.scenario.actions.find((a) => a.type === 'crash');
      expect(crash?.at).toBe(run.crashAt);
      const before = runScenario(link.scenario, run.crashAt);
      const oldTerm = Math.max(...before.ids.map((id) => before.peek(id).term));
      const justBefore = runScenario(link.scenario, run.crashAt + t - 1);
      expect(justBefore.ids.some((id) => justBefore.peek(id).role === 'leader' && justBefore.peek(id).alive && justBefore.peek(id).term > oldTerm)).toBe(false);
      const at = runScenario(link.scenario, run.crashAt + t);
      expect(at.ids.some((id) => at.peek(id).role === 'leader' && at.peek(id).term > oldTerm)).toBe(true);
    }
  });

  it('logs differ in length at the crash, so some candidates cannot win', () => {
    const point = valuePoints(small)[5];
    let differing = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const run = runTrial(small, point, seed);
      if (run.crashAt === null) continue;
      const link = hashToScenario(trialLink(run).slice(1));
      if (!link.ok) throw new Error(link.error);
      // once the leader's last messages have arrived
      const c = runScenario(link.scenario, run.crashAt + 2 * FIGURE16_NETWORK.latencyMax);
      const lengths = c.ids.filter((id) => c.peek(id).alive).map((id) => c.peek(id).log.length);
      if (new Set(lengths).size > 1) differing++;
    }
    expect(differing).toBeGreaterThanOrEqual(5);
  });

  it('150–150 ms: many trials end in split votes for a long time, as the paper found', () => {
    const r = assemble(small, shards({ ...small, sweep: [{ param: 'electionTimeout', values: [{ value: [150, 150] }] }], trials: 10 }, 1));
    const v = r.values[0];
    // elections that took more than 10 s, or never ended within 60 s
    const slow = v.trialList.filter((t) => t.metric === null || t.metric > 10_000).length;
    expect(slow).toBeGreaterThanOrEqual(2);
  });

  it('measures the broadcast time of the Figure 16 network near the paper’s 15 ms', () => {
    const b = measureBroadcastTime(trialOptions(FIGURE16_TOP, valuePoints(FIGURE16_TOP)[5], 1));
    expect(b.rounds).toBe(200);
    expect(b.medianMs).toBeGreaterThanOrEqual(12);
    expect(b.medianMs).toBeLessThanOrEqual(18);
  });

  it('runExperiment gives every trial a link that opens it, the link of a re-run trial being the same', () => {
    const spec = { ...small, trials: 2, sweep: [{ param: 'electionTimeout' as const, values: [{ value: [150, 200] as [number, number] }] }] };
    const r = runExperiment(spec, { links: true });
    const t = r.values[0].trialList[1];
    expect(t.link).toMatch(/^#s=.+&t=\d+$/);
    expect(linkOfTrial(spec, 0, t.seed)).toBe(t.link);
    expect(r.values[0].broadcastTime?.medianMs).toBeGreaterThan(0);
  });

  it('client-load trials measure commit latency, messages per entry and failures', () => {
    const base = { v: 1, base: { nodes: 3 }, sweep: [{ param: 'lossRate', values: [0] }], trial: { kind: 'client-load', ms: 3000, clients: 2, opsPerSecond: 20 }, trials: 2 };
    const run = (metric: string) => {
      const r = parseExperiment({ ...base, metric });
      if (!r.ok) throw new Error(r.error);
      return runExperiment(r.spec).values[0];
    };
    const latency = run('commit-latency');
    // a request goes client → leader → followers → leader → client: at least 3 one-way latencies of ≥ 10 ms
    expect(latency.min).toBeGreaterThanOrEqual(30);
    const perEntry = run('messages-per-entry');
    // every entry is at least sent to and acknowledged by 2 followers
    expect(perEntry.min).toBeGreaterThanOrEqual(4);
    expect(run('failures').trialList.map((t) => t.metric)).toEqual([0, 0]);
  });
});
