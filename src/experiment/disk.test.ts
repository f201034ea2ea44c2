// Disk latency as an experiment parameter (issue 15), and the broadcast time with the disk in it
// (§5.6: the time to send RPCs in parallel to every server and receive their responses — a
// follower writes the entries to stable storage before it answers, Figure 2).

import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import { measureBroadcastTime } from './broadcast.ts';
import { FIGURE16_TOP } from './figure16.ts';
import { trialOptions } from './options.ts';
import { runExperiment } from './run.ts';
import { parseExperiment, valuePoints } from './spec.ts';
import type { ExperimentSpec } from './types.ts';

const diskSweep = (values: unknown[]): unknown => ({
  v: 1,
  base: { nodes: 3 },
  sweep: [{ param: 'diskLatency', values }],
  trial: { kind: 'client-load', ms: 2000 },
  metric: 'commit-latency',
  trials: 2,
});

describe('disk latency as a swept parameter', () => {
  it('is a range in ms, labelled as the disk, and reaches the trial’s cluster options', () => {
    const r = parseExperiment(diskSweep([[0, 0], [5, 20]]));
    if (!r.ok) throw new Error(r.error);
    const points = valuePoints(r.spec);
    expect(points.map((p) => p.label)).toEqual(['disk 0–0 ms', 'disk 5–20 ms']);
    const options = trialOptions(r.spec, points[1], 7);
    expect(options.timing).toMatchObject({ diskLatencyMin: 5, diskLatencyMax: 20 });
    expect(createCluster(options).options.timing).toMatchObject({ diskLatencyMin: 5, diskLatencyMax: 20 });
  });

  const bad: [unknown, string][] = [
    [diskSweep([[20, 5]]), 'experiment.sweep[0].values[0]: the minimum 20 exceeds the maximum 5'],
    [diskSweep([[-1, 5]]), 'experiment.sweep[0].values[0][0]: must be from 0 to 10000, got -1'],
    [diskSweep([5]), 'experiment.sweep[0].values[0]: must be a range [min, max] in ms'],
    [{ ...(diskSweep([[1, 2]]) as object), base: { timing: { diskLatencyMin: 9, diskLatencyMax: 3 } } }, 'experiment.base.timing: diskLatencyMin 9 exceeds diskLatencyMax 3'],
  ];
  for (const [spec, message] of bad) {
    it(`refuses with “${message}”`, () => {
      const r = parseExperiment(spec);
      expect(r.ok ? 'ok' : r.error).toBe(message);
    });
  }

  it('a slower disk makes commits slower (commit latency over the sweep)', () => {
    const r = parseExperiment(diskSweep([[0, 0], [40, 40]]));
    if (!r.ok) throw new Error(r.error);
    const result = runExperiment(r.spec, { links: false });
    const [fast, slow] = result.values.map((v) => v.median ?? NaN);
    expect(slow - fast).toBeGreaterThanOrEqual(40); // a follower's write, at least, is in every commit
  });
});

describe('broadcast time, disk included', () => {
  const options = (disk: number) => ({
    seed: 3,
    nodes: 5,
    network: { latencyMin: 5, latencyMax: 5 },
    ...(disk > 0 ? { timing: { diskLatencyMin: disk, diskLatencyMax: disk } } : {}),
  });

  it('is a round trip with no disk, and grows by the follower’s write with one', () => {
    expect(measureBroadcastTime(options(0)).medianMs).toBe(10);
    expect(measureBroadcastTime(options(20)).medianMs).toBe(30);
  });

  it('the Figure 16 setup (network 3–6 ms, disk 3–6 ms) gives about the paper’s 15 ms', () => {
    const spec: ExperimentSpec = FIGURE16_TOP;
    expect(spec.base.timing).toMatchObject({ diskLatencyMin: 3, diskLatencyMax: 6 });
    const b = measureBroadcastTime(trialOptions(spec, valuePoints(spec)[5], 1));
    expect(b.rounds).toBe(200);
    expect(b.medianMs).toBeGreaterThanOrEqual(13);
    expect(b.medianMs).toBeLessThanOrEqual(17);
  });
});
