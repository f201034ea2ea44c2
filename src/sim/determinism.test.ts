// Determinism is the product (DESIGN.md): a run is a pure function of (options, seed, action
// script). The same inputs give the same trace bit for bit — across two runs, across
// checkpoint()/restoreCluster(), and across replaying actions() — and each link's randomness
// is its own, so changing one link leaves the others' message fates alone.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCluster, restoreCluster } from './index.ts';
import type { Cluster, ClusterOptions, ClusterState, TraceEvent } from './index.ts';

/** JSON with object keys sorted and Maps/Sets written out, so equal data gives equal text. */
function stableJson(value: unknown): string {
  if (value instanceof Map) return `{"$map":${stableJson([...value.entries()])}}`;
  if (value instanceof Set) return `{"$set":${stableJson([...value.values()])}}`;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    const fields = keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

const hash = (value: unknown) => createHash('sha256').update(stableJson(value)).digest('hex');

/** Records the hash of every trace event from now on. */
function recordTrace(c: Cluster): { hashes: string[]; types: Set<TraceEvent['type']> } {
  const out = { hashes: [] as string[], types: new Set<TraceEvent['type']>() };
  c.subscribe((e) => {
    out.hashes.push(hash(e));
    out.types.add(e.type);
  });
  return out;
}

/** Everything a user can observe of a cluster at this moment. */
function fingerprint(c: Cluster): string {
  return hash({
    now: c.now,
    ids: c.ids,
    nodes: c.ids.map((id) => c.node(id)),
    leader: c.leader(),
    inFlight: c.inFlight(),
    history: c.history(),
    actions: c.actions(),
    network: c.network(),
    nextEventAt: c.nextEventAt(),
  });
}

/** Index of the first event where two traces differ, or -1 when they are identical. */
function firstDivergence(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function expectSameTrace(a: readonly string[], b: readonly string[]): void {
  expect(a.length).toBeGreaterThan(1000);
  expect(firstDivergence(a, b), `traces of ${a.length} and ${b.length} events diverge`).toBe(-1);
}

// A busy run: generated client load, loss and duplication, and every kind of user action.
const OPTIONS: ClusterOptions = {
  seed: 45,
  nodes: 5,
  network: { latencyMin: 5, latencyMax: 40, lossRate: 0.05, duplicateRate: 0.05 },
  workload: { clients: 3, opsPerSecond: 20, keys: 3, readRatio: 0.3 },
};
const END = 5000;
const MIDDLE = 2345;

interface Step {
  at: number;
  act: (c: Cluster) => void;
}
const firstWaiting = (c: Cluster) => c.inFlight().find((m) => m.deliverAt !== null && m.deliverAt > c.now);

const STEPS: Step[] = [
  { at: 300, act: (c) => c.request({ type: 'put', key: 'a', value: '1' }) },
  { at: 450, act: (c) => c.crash(c.leader() ?? 'S1') },
  { at: 700, act: (c) => c.partition([['S1', 'S2'], ['S3', 'S4']]) },
  { at: 900, act: (c) => c.propose(c.leader() ?? 'S3', { x: 1 }) },
  { at: 1100, act: (c) => { const m = firstWaiting(c); if (m) c.duplicate(m.id); } },
  { at: 1150, act: (c) => { const m = firstWaiting(c); if (m) c.delay(m.id, 37); } },
  { at: 1200, act: (c) => { const m = firstWaiting(c); if (m) c.drop(m.id); } },
  { at: 1250, act: (c) => { const m = firstWaiting(c); if (m) c.deliver(m.id); } },
  { at: 1300, act: (c) => c.setLink('S3', 'S4', { lossRate: 0.5, latencyMax: 80 }) },
  { at: 1600, act: (c) => c.heal() },
  { at: 1800, act: (c) => { for (const id of c.ids) if (!c.node(id).alive) c.restart(id); } },
  { at: 2000, act: (c) => c.timeout('S2') },
  { at: 2600, act: (c) => c.setNetwork({ lossRate: 0.2 }) },
  { at: 2800, act: (c) => c.request({ type: 'append', key: 'a', value: '2' }, { to: 'S5' }) },
  { at: 3000, act: (c) => c.crash('S4') },
  { at: 3300, act: (c) => c.setNetwork({ lossRate: 0 }) },
  { at: 3500, act: (c) => c.restart('S4') },
  { at: 3900, act: (c) => c.propose(c.leader() ?? 'S1', 'plain') },
];

/** Performs the steps in [from, to) at their times through the live API, then runs to `to`. */
function drive(c: Cluster, from: number, to: number): void {
  for (const step of STEPS) {
    if (step.at < from || step.at >= to) continue;
    c.runFor(step.at - c.now);
    step.act(c);
  }
  c.runFor(to - c.now);
}

describe('the same options, seed and actions give the same trace', () => {
  it('across two runs', () => {
    const runs = [0, 1].map(() => {
      const c = createCluster(OPTIONS);
      const trace = recordTrace(c);
      drive(c, 0, END);
      return { trace, fingerprint: fingerprint(c) };
    });
    expectSameTrace(runs[0].trace.hashes, runs[1].trace.hashes);
    expect(runs[0].fingerprint).toBe(runs[1].fingerprint);
    // The run exercised the whole protocol and every kind of fault.
    for (const type of ['send', 'deliver', 'drop', 'role', 'append', 'truncate', 'commit', 'apply', 'crash', 'restart', 'partition', 'heal', 'client-invoke', 'client-ok', 'action'] as const) {
      expect(runs[0].trace.types, type).toContain(type);
    }
  });

  it('a different seed gives a different trace (the comparison is not vacuous)', () => {
    const traces = [42, 43].map((seed) => {
      const c = createCluster({ ...OPTIONS, seed });
      const trace = recordTrace(c);
      drive(c, 0, END);
      return trace.hashes;
    });
    expect(firstDivergence(traces[0], traces[1])).not.toBe(-1);
  });

  it('across replay of actions() into createCluster(options, actions)', () => {
    const live = createCluster(OPTIONS);
    const liveTrace = recordTrace(live);
    drive(live, 0, END);
    const script = live.actions();
    expect(script.length).toBeGreaterThanOrEqual(STEPS.length);

    const replay = createCluster(OPTIONS, script);
    const replayTrace = recordTrace(replay);
    replay.runFor(END);
    expectSameTrace(liveTrace.hashes, replayTrace.hashes);
    expect(replay.actions()).toEqual(script);
    expect(fingerprint(replay)).toBe(fingerprint(live));
  });

  it('across checkpoint() and restoreCluster() mid-run: the restored cluster continues exactly as the original', () => {
    const original = createCluster(OPTIONS);
    drive(original, 0, MIDDLE);
    const saved = original.checkpoint();
    const originalRest = recordTrace(original);
    drive(original, MIDDLE, END);

    const restored = restoreCluster(saved);
    expect(restored.now).toBe(MIDDLE);
    const restoredRest = recordTrace(restored);
    drive(restored, MIDDLE, END);
    expectSameTrace(originalRest.hashes, restoredRest.hashes);
    expect(fingerprint(restored)).toBe(fingerprint(original));
  });

  it('across a checkpoint taken in the middle of a replayed script (the rest of the script resumes)', () => {
    const live = createCluster(OPTIONS);
    const liveTrace = recordTrace(live);
    drive(live, 0, END);

    const replay = createCluster(OPTIONS, live.actions());
    replay.runFor(MIDDLE);
    const resumed = restoreCluster(replay.checkpoint());
    const rest = recordTrace(resumed);
    resumed.runFor(END - MIDDLE);
    const before = liveTrace.hashes.length - rest.hashes.length;
    expect(before).toBeGreaterThan(0);
    expectSameTrace(liveTrace.hashes.slice(before), rest.hashes);
    expect(fingerprint(resumed)).toBe(fingerprint(live));
  });

  it('whether or not anyone subscribes to the trace', () => {
    const traced = createCluster(OPTIONS);
    recordTrace(traced);
    drive(traced, 0, END);
    const silent = createCluster(OPTIONS);
    drive(silent, 0, END);
    expect(fingerprint(silent)).toBe(fingerprint(traced));
  });
});

describe('checkpoints', () => {
  it('a checkpoint is not affected by the live cluster, or a restored one, running on', () => {
    const c = createCluster(OPTIONS);
    drive(c, 0, MIDDLE);
    const atMiddle = fingerprint(c);
    const saved: ClusterState = c.checkpoint();
    const savedText = stableJson(saved);

    drive(c, MIDDLE, END); // the live cluster runs on: its logs grow, some are truncated
    expect(fingerprint(c)).not.toBe(atMiddle);
    expect(stableJson(saved)).toBe(savedText);

    const first = restoreCluster(saved);
    expect(fingerprint(first)).toBe(atMiddle);
    drive(first, MIDDLE, END); // a restored cluster running on does not touch the checkpoint either
    expect(stableJson(saved)).toBe(savedText);
    expect(fingerprint(restoreCluster(saved))).toBe(atMiddle);
  });
});

describe('each link has its own randomness', () => {
  it('changing the loss rate of one link leaves the latency and loss of every message on other links as they were', () => {
    const options: ClusterOptions = { ...OPTIONS, network: { latencyMin: 5, latencyMax: 40, lossRate: 0.1 } };
    // Both runs are identical up to the first election; then one of them makes the link from
    // a follower to the leader lose 90% of its messages (the leader's acknowledgements).
    const probe = createCluster(options);
    probe.runUntil((c) => c.leader() !== null, 1000);
    const leader = probe.leader() as string;
    const follower = probe.ids.find((id) => id !== leader) as string;
    const changed = JSON.stringify([follower, leader]);

    const perLink = (changeOneLink: boolean) => {
      const c = createCluster(options);
      const fates = new Map<string, { latency: number; lost: boolean }[]>();
      const traffic = new Map<string, string[]>();
      c.subscribe((e) => {
        if (e.type !== 'send' || e.message.copyOf !== undefined || e.message.deliverAt === null) return;
        const link = JSON.stringify([e.message.from, e.message.to]);
        fates.set(link, [...(fates.get(link) ?? []), { latency: e.message.deliverAt - e.message.sentAt, lost: e.message.lost === true }]);
        traffic.set(link, [...(traffic.get(link) ?? []), stableJson({ ...e.message, id: 0, deliverAt: 0, lost: false })]);
      });
      c.runUntil((x) => x.leader() !== null, 1000);
      if (changeOneLink) c.setLink(follower, leader, { lossRate: 0.9 });
      c.runFor(3000);
      return { fates, traffic };
    };
    const before = perLink(false);
    const after = perLink(true);

    // The changed link did change: far more of its messages are lost.
    const lossShare = (fates: { lost: boolean }[]) => fates.filter((f) => f.lost).length / fates.length;
    expect(lossShare(after.fates.get(changed) ?? [])).toBeGreaterThan(lossShare(before.fates.get(changed) ?? []) + 0.4);

    // Other links carry different traffic now (the leader reacts to the lost acknowledgements;
    // the follower may even time out and start an election),
    // but the k-th message on each of them has the same latency and loss verdict as before.
    let trafficChanged = false;
    let compared = 0;
    for (const [link, fates] of before.fates) {
      if (link === changed) continue;
      const other = after.fates.get(link) ?? [];
      const n = Math.min(fates.length, other.length);
      expect(other.slice(0, n), link).toEqual(fates.slice(0, n));
      if (n >= 20) compared++;
      if (stableJson(before.traffic.get(link)) !== stableJson(after.traffic.get(link))) trafficChanged = true;
    }
    expect(trafficChanged).toBe(true);
    // The comparison covered busy links, not only a few stray messages.
    expect(compared).toBeGreaterThanOrEqual(5);
  });
});
