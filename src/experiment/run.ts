// Running an experiment: its trials as a list of work items (trial k of every value before trial
// k+1 of any, so partial results cover every line), split between workers by index, and the
// result assembled from trials sorted by (value, seed) — so the numbers never depend on how many
// workers ran them or in which order they finished.

import { clusterScenario } from '../scenario/api.ts';
import { scenarioToHash } from '../scenario/url.ts';
import { measureBroadcastTime, type BroadcastTime } from './broadcast.ts';
import { trialOptions } from './options.ts';
import { METRIC_NAMES, METRIC_UNITS, valuePoints } from './spec.ts';
import { summarize } from './stats.ts';
import { runTrial, type TrialRun } from './trial.ts';
import type { ExperimentSpec, MetricId, TrialResult, ValueResult } from './types.ts';

export interface WorkItem {
  value: number;
  seed: number;
}

export function workItems(spec: ExperimentSpec): WorkItem[] {
  const points = valuePoints(spec);
  const first = spec.firstSeed ?? 1;
  const most = Math.max(...points.map((p) => p.trials));
  const items: WorkItem[] = [];
  for (let k = 0; k < most; k++) {
    points.forEach((p, value) => {
      if (k < p.trials) items.push({ value, seed: first + k });
    });
  }
  return items;
}

/** Runs the items of shard `shard` of `of` (every of-th item), reporting each trial. */
export function runShard(spec: ExperimentSpec, shard: number, of: number, onTrial: (t: TrialResult, run: TrialRun) => void, cancelled: () => boolean = () => false): void {
  const points = valuePoints(spec);
  const items = workItems(spec);
  for (let i = shard; i < items.length; i += of) {
    if (cancelled()) return;
    const { value, seed } = items[i];
    const r = runTrial(spec, points[value], seed);
    onTrial({ value, seed, metric: r.metric, crashAt: r.crashAt }, r);
  }
}

/** The link of a trial's run: `#s=…&t=…`, paused 1 ms before the crash (or at its end). */
export function trialLink(run: TrialRun): string {
  const s = clusterScenario(run.cluster);
  const t = run.crashAt !== null ? Math.max(0, run.crashAt - 1) : run.cluster.now;
  return '#' + scenarioToHash(s, t);
}

/** Re-runs one trial for its link (the app does this when a point is clicked). */
export function linkOfTrial(spec: ExperimentSpec, value: number, seed: number): string {
  return trialLink(runTrial(spec, valuePoints(spec)[value], seed));
}

export interface ExperimentResult {
  title: string;
  metric: MetricId;
  metricName: string;
  unit: string;
  /** Trials that never reached the metric within their limit count as "never" (quantiles null there). */
  values: (ValueResult & { broadcastTime?: BroadcastTime })[];
}

/** Per-value broadcast time of a leader-crash experiment (the network and servers of that value). */
export function broadcastTimes(spec: ExperimentSpec): (BroadcastTime | undefined)[] {
  if (spec.trial.kind !== 'leader-crash') return valuePoints(spec).map(() => undefined);
  return valuePoints(spec).map((p) => measureBroadcastTime(trialOptions(spec, p, spec.firstSeed ?? 1)));
}

/** The result from every trial (any order): per value its statistics and its trials by seed. */
export function assemble(
  spec: ExperimentSpec,
  trials: readonly TrialResult[],
  broadcast: readonly (BroadcastTime | undefined)[] = [],
  links?: ReadonlyMap<string, string>,
): ExperimentResult {
  const points = valuePoints(spec);
  const byValue = points.map(() => [] as TrialResult[]);
  for (const t of trials) byValue[t.value]?.push(t);
  return {
    title: spec.title ?? METRIC_NAMES[spec.metric],
    metric: spec.metric,
    metricName: METRIC_NAMES[spec.metric],
    unit: METRIC_UNITS[spec.metric],
    values: points.map((p, v) => {
      const list = byValue[v].slice().sort((a, b) => a.seed - b.seed);
      const out: ExperimentResult['values'][number] = {
        label: p.label,
        values: p.values,
        ...summarize(list.map((t) => t.metric)),
        trialList: list.map((t) => {
          const link = links?.get(`${v}:${t.seed}`);
          return link === undefined ? { seed: t.seed, metric: t.metric } : { seed: t.seed, metric: t.metric, link };
        }),
      };
      const b = broadcast[v];
      if (b !== undefined) out.broadcastTime = b;
      return out;
    }),
  };
}

/** The whole experiment on this thread (the CLI, the console and tests), every trial with its link when `links`. */
export function runExperiment(spec: ExperimentSpec, opts: { links?: boolean; onTrial?: (done: number, total: number) => void } = {}): ExperimentResult {
  const points = valuePoints(spec);
  const items = workItems(spec);
  const trials: TrialResult[] = [];
  const links = new Map<string, string>();
  for (const { value, seed } of items) {
    const r = runTrial(spec, points[value], seed);
    trials.push({ value, seed, metric: r.metric, crashAt: r.crashAt });
    if (opts.links === true) links.set(`${value}:${seed}`, trialLink(r));
    opts.onTrial?.(trials.length, items.length);
  }
  return assemble(spec, trials, broadcastTimes(spec), links);
}
