import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import { NodeViewReader } from './nodeViews.ts';

describe('NodeViewReader', () => {
  it('reads exactly what cluster.node() returns, frame after frame', () => {
    const c = createCluster({ seed: 4, workload: { clients: 3, opsPerSecond: 40 }, features: { snapshotThreshold: 50 } });
    const reader = new NodeViewReader();
    for (let step = 0; step < 60; step++) {
      c.runFor(97);
      if (step === 15) c.crash(c.leader() ?? 'S1');
      if (step === 25) c.partition([['S1', 'S2']]);
      if (step === 40) c.heal();
      if (step === 45) for (const id of c.ids) if (!c.node(id).alive) c.restart(id);
      const views = reader.read(c);
      for (const id of c.ids) expect(views.get(id)).toEqual(c.node(id));
    }
    expect(c.node('S1').snapshotIndex).toBeGreaterThan(0);
  });

  it('reuses the views of unchanged entries', () => {
    const c = createCluster({ seed: 2, workload: { clients: 2, opsPerSecond: 20 } });
    c.runFor(2000);
    const reader = new NodeViewReader();
    const a = reader.read(c).get('S1')?.log ?? [];
    c.runFor(500);
    const b = reader.read(c).get('S1')?.log ?? [];
    expect(b.length).toBeGreaterThan(a.length);
    expect(b[0]).toBe(a[0]);
    expect(b[a.length - 1]).toBe(a[a.length - 1]);
  });

  it('falls back to cluster.node() when the state has another shape', () => {
    const c = createCluster({ seed: 1 });
    c.runFor(500);
    const odd = Object.create(c) as typeof c;
    odd.checkpoint = () => ({ format: 'raftlab-cluster-state', version: 1 });
    const views = new NodeViewReader().read(odd);
    for (const id of c.ids) expect(views.get(id)).toEqual(c.node(id));
  });
});
