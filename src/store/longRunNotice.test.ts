import { describe, expect, it } from 'vitest';
import { createCluster, resolveOptions } from '../sim/index.ts';
import { LONG_LOG, snapshotAdvice } from './longRunNotice.ts';

describe('snapshot advice for long runs (issue 14)', () => {
  it('is given when a log without snapshots passes the mark, naming where to turn them on', () => {
    const o = resolveOptions({});
    expect(snapshotAdvice(o, LONG_LOG - 1)).toBeNull();
    expect(snapshotAdvice(o, LONG_LOG)).toMatch(/over 20,000 entries each .*snapshots are off.*turn on snapshots in Settings \(Snapshot every … entries\)/);
  });
  it('is not needed with snapshots on: the logs stay short however long the run', () => {
    const withSnapshots = resolveOptions({ features: { snapshotThreshold: 100 } });
    expect(snapshotAdvice(withSnapshots, 10 * LONG_LOG)).toBeNull();
    const c = createCluster({ features: { snapshotThreshold: 100 }, workload: { clients: 3, opsPerSecond: 100 } });
    c.runFor(20_000);
    expect(Math.max(...c.ids.map((id) => c.peek(id).log.length))).toBeLessThan(300);
  });
});
