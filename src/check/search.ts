// The "Find a counterexample" search: fuzz seeds of one broken variant until a run violates a
// property, then shrink that run to a minimal scenario. Pure and synchronous (no DOM, no Node
// APIs): search.worker.ts wraps it in a Web Worker for the browser, tests call it directly.
//
// Protocol: the caller posts one SearchRequest; the search posts SearchMessages back —
// 'progress' while seeds run, 'shrinking' while the failure is minimised, then exactly one of
// 'found', 'exhausted' (no violation within the seed budget), 'cancelled' or 'error'.

import type { ResolvedOptions } from '../sim/types.ts';
import { describeFailure, fuzzSeed, resolveFuzzConfig, shrink, FUZZ_VARIANTS, type FuzzFailure, type FuzzVariant, type ReplaySpec, type Scenario } from './fuzz.ts';
import { PROPERTY_NAMES, type PropertyId } from './invariants.ts';

export interface SearchRequest {
  type: 'start';
  /** The broken variant to search (not 'none'). */
  variant: string;
  /** Servers per cluster (the current scenario's count), 1..15. */
  nodes: number;
  /** The current scenario's timing, kept in every generated run. */
  timing?: ResolvedOptions['timing'];
  /** Seeds to try before giving up. Default 500. */
  budget?: number;
  /** First seed. Default 1. */
  startSeed?: number;
  /** Distance between the seeds tried: several workers share a search by taking every n-th seed. Default 1. */
  stride?: number;
  /** Simulated ms per run. Default 20000 (the fuzzer's). */
  ms?: number;
  /** Replays the shrinker may spend. Default 400. */
  shrinkAttempts?: number;
}

/** The violation of the minimal run, in the form the UI shows it. */
export interface FoundViolation {
  kind: 'safety' | 'linearizability';
  /** Safety: the property's id and name; linearizability: 'linearizability'. */
  property: PropertyId | 'linearizability';
  name: string;
  /** Simulated ms at which it is detected. */
  at: number;
  /** Trace position of the offending event (safety). */
  event: number | null;
  nodes: string[];
  /** The checker's sentence (plain text, never HTML). */
  message: string;
  /** One line: the property and the message. */
  summary: string;
}

export type SearchMessage =
  | { type: 'progress'; seedsDone: number; budget: number; seed: number; seedsPerSecond: number; elapsedMs: number; skipped: number }
  | { type: 'shrinking'; seed: number; attempts: number; maxAttempts: number; actions: number; nodes: number; until: number; elapsedMs: number }
  | {
      type: 'found';
      seed: number;
      seedsDone: number;
      elapsedMs: number;
      scenario: Scenario;
      /** Where the minimal run ends (simulated ms). */
      until: number;
      violation: FoundViolation;
      /** Size before shrinking, and the replays the shrinker used. */
      original: { actions: number; nodes: number; until: number };
      attempts: number;
      /** False when the failure did not reproduce on replay (then the unshrunk run is sent). */
      reproduced: boolean;
    }
  | { type: 'exhausted'; seedsDone: number; elapsedMs: number; skipped: number }
  | { type: 'cancelled'; seedsDone: number; elapsedMs: number }
  | { type: 'error'; message: string };

export interface SearchHooks {
  /** Wall clock in ms (performance.now). */
  now: () => number;
  /** Asked between seeds and between shrink steps: true stops the search ('cancelled'). */
  cancelled?: () => boolean;
  /** Least wall time between two 'progress' messages (the first and last are always sent). Default 100. */
  progressIntervalMs?: number;
}

export const DEFAULT_BUDGET = 500;

class Cancelled extends Error {}

/** Only failures a property names stop the search: liveness and errors are not what a variant is about. */
function counts(f: FuzzFailure | null): f is FuzzFailure & { kind: 'safety' | 'linearizability' } {
  return f !== null && (f.kind === 'safety' || f.kind === 'linearizability');
}

export function toFoundViolation(f: FuzzFailure): FoundViolation {
  if (f.kind === 'safety' && f.property !== undefined) {
    return {
      kind: 'safety',
      property: f.property,
      name: PROPERTY_NAMES[f.property],
      at: f.at,
      event: f.violation?.event ?? f.event ?? null,
      nodes: f.violation?.nodes.slice() ?? [],
      message: f.violation?.message ?? f.message,
      summary: describeFailure(f),
    };
  }
  // The history is judged at the end; the moment to watch is when the operation that cannot be
  // placed (a stale read, say) returns to its client.
  const unplaced = f.linearizability?.unplaced;
  return {
    kind: 'linearizability',
    property: 'linearizability',
    name: 'Linearizability',
    at: unplaced?.completedAt ?? f.at,
    event: null,
    nodes: unplaced !== undefined ? [unplaced.client] : [],
    message: f.message,
    summary: describeFailure(f),
  };
}

/** Runs the whole search, posting every message through `post`. Never throws. */
export function runSearch(req: SearchRequest, post: (m: SearchMessage) => void, hooks: SearchHooks): void {
  const started = hooks.now();
  const elapsed = () => Math.round(hooks.now() - started);
  const stop = hooks.cancelled ?? (() => false);
  let seedsDone = 0;
  try {
    if (req.variant === 'none' || !(FUZZ_VARIANTS as readonly string[]).includes(req.variant)) {
      post({ type: 'error', message: `variant: choose a broken variant to search (known: ${FUZZ_VARIANTS.filter((v) => v !== 'none').join(', ')})` });
      return;
    }
    const budget = req.budget ?? DEFAULT_BUDGET;
    if (!Number.isInteger(budget) || budget < 1 || budget > 1_000_000) {
      post({ type: 'error', message: `budget: must be a whole number of seeds from 1 to 1000000, got ${String(budget)}` });
      return;
    }
    const startSeed = req.startSeed ?? 1;
    const stride = req.stride ?? 1;
    if (!Number.isInteger(stride) || stride < 1 || stride > 64) {
      post({ type: 'error', message: `stride: must be a whole number from 1 to 64, got ${String(stride)}` });
      return;
    }
    const config = resolveFuzzConfig({
      nodes: req.nodes,
      ms: req.ms ?? 20000,
      variant: req.variant as FuzzVariant,
      // Liveness is not what a broken variant is about (and truncate-always starves followers).
      liveness: false,
      linearizabilityTimeLimitMs: 2000,
      ...(req.timing !== undefined ? { timing: req.timing } : {}),
    });
    const interval = hooks.progressIntervalMs ?? 100;
    let lastProgress = -Infinity;
    let skipped = 0;
    const progress = (seed: number, force: boolean) => {
      const t = hooks.now();
      if (!force && t - lastProgress < interval) return;
      lastProgress = t;
      const ms = t - started;
      post({ type: 'progress', seedsDone, budget, seed, seedsPerSecond: ms > 0 ? (seedsDone * 1000) / ms : 0, elapsedMs: Math.round(ms), skipped });
    };
    progress(startSeed, true);
    for (let k = 0; k < budget; k++) {
      const seed = startSeed + k * stride;
      if (stop()) {
        post({ type: 'cancelled', seedsDone, elapsedMs: elapsed() });
        return;
      }
      const r = fuzzSeed(seed, config);
      seedsDone++;
      if (r.failure !== null && !counts(r.failure)) skipped++;
      if (!counts(r.failure)) {
        progress(seed, seedsDone === budget);
        continue;
      }
      progress(seed, true);
      const spec: ReplaySpec = {
        scenario: r.scenario,
        until: r.until,
        stableStart: r.stableStart,
        liveness: false,
        linearizability: config.linearizability,
        linearizabilityTimeLimitMs: config.linearizabilityTimeLimitMs,
        maxEvents: config.maxEvents,
      };
      const maxAttempts = req.shrinkAttempts ?? 400;
      const shrinking = (s: ReplaySpec, attempts: number) =>
        post({
          type: 'shrinking',
          seed,
          attempts,
          maxAttempts,
          actions: s.scenario.actions.length,
          nodes: s.scenario.options.nodes.length,
          until: s.until,
          elapsedMs: elapsed(),
        });
      shrinking(spec, 0);
      const result = shrink(spec, r.failure, {
        maxAttempts,
        onProgress: (s, _f, attempts) => {
          if (stop()) throw new Cancelled();
          shrinking(s, attempts);
        },
      });
      const final = result.reproduced && counts(result.failure) ? result : { spec, failure: r.failure, attempts: result.attempts };
      post({
        type: 'found',
        seed,
        seedsDone,
        elapsedMs: elapsed(),
        scenario: final.spec.scenario,
        until: final.spec.until,
        violation: toFoundViolation(final.failure),
        original: { actions: r.scenario.actions.length, nodes: r.scenario.options.nodes.length, until: r.until },
        attempts: final.attempts,
        reproduced: result.reproduced,
      });
      return;
    }
    post({ type: 'exhausted', seedsDone, elapsedMs: elapsed(), skipped });
  } catch (e) {
    if (e instanceof Cancelled) {
      post({ type: 'cancelled', seedsDone, elapsedMs: elapsed() });
      return;
    }
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
