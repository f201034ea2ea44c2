// The cluster options of one trial: the experiment's base, then the value's swept parameters,
// then (for the paper's setup) a heartbeat of half the minimum election timeout (§9.3).

import type { ClusterOptions } from '../sim/index.ts';
import type { ExperimentSpec, ValuePoint } from './types.ts';

export function trialOptions(spec: ExperimentSpec, point: ValuePoint, seed: number): ClusterOptions {
  const b = spec.base;
  const timing = { ...b.timing };
  const network = { ...b.network };
  const features: NonNullable<ClusterOptions['features']> = { ...(b.features as ClusterOptions['features']) };
  let nodes = b.nodes ?? 5;
  for (const { param, value } of point.values) {
    switch (param) {
      case 'electionTimeout': {
        const [lo, hi] = value as readonly [number, number];
        timing.electionTimeoutMin = lo;
        timing.electionTimeoutMax = hi;
        break;
      }
      case 'latency': {
        const [lo, hi] = value as readonly [number, number];
        network.latencyMin = lo;
        network.latencyMax = hi;
        break;
      }
      case 'diskLatency': {
        const [lo, hi] = value as readonly [number, number];
        timing.diskLatencyMin = lo;
        timing.diskLatencyMax = hi;
        break;
      }
      case 'heartbeatInterval':
        timing.heartbeatInterval = value as number;
        break;
      case 'nodes':
        nodes = value as number;
        break;
      case 'lossRate':
        network.lossRate = value as number;
        break;
      case 'preVote':
        features.preVote = value as boolean;
        break;
      case 'checkQuorum':
        features.checkQuorum = value as boolean;
        break;
      case 'variant':
        features.variant = value as NonNullable<ClusterOptions['features']>['variant'];
        break;
    }
  }
  if (spec.heartbeatHalfTimeout === true) {
    timing.heartbeatInterval = Math.max(1, Math.floor((timing.electionTimeoutMin ?? 150) / 2));
  }
  return { seed, nodes, timing, network, features };
}

/** A small deterministic generator (mulberry32) for the trial's own draws: crash point, log lengths. */
export function trialRandom(seed: number): () => number {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number drawn uniformly from [0, n). */
export function below(rand: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}
