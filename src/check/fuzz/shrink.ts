// Shrinking a failing scenario to a small one that still fails the same way: the run cut at the
// violation, whole kinds of actions removed, then halves, quarters … single actions, then
// servers, then client load and extensions. Every candidate is replayed (replay.ts).

import type { Action, ResolvedOptions } from '../../sim/types.ts';
import { replay } from './replay.ts';
import type { FuzzFailure, ReplaySpec, Scenario } from './results.ts';

/** Does `b` fail the same way as `a` (same kind, same property)? */
export function sameFailure(a: FuzzFailure, b: FuzzFailure | null): boolean {
  if (b === null || a.kind !== b.kind) return false;
  if (a.kind === 'safety') return a.property === b.property && a.check === b.check;
  return true;
}

export interface ShrinkResult {
  spec: ReplaySpec;
  failure: FuzzFailure;
  /** Replays tried. */
  attempts: number;
  /** False when the original scenario did not fail again on replay (a determinism bug). */
  reproduced: boolean;
}

export interface ShrinkOptions {
  /** Stop after this many replays. Default 1000. */
  maxAttempts?: number;
  /** Called after each accepted simplification. */
  onProgress?: (spec: ReplaySpec, failure: FuzzFailure, attempts: number) => void;
}

function withoutNode(s: Scenario, id: string): Scenario {
  const nodes = s.options.nodes.filter((n) => n !== id);
  const initial = { ...s.options.initial };
  delete initial[id];
  const actions: Action[] = [];
  for (const a of s.actions) {
    if ('node' in a && a.node === id) continue;
    if (a.type === 'setLink' && (a.from === id || a.to === id)) continue;
    if (a.type === 'request' && a.to === id) {
      const { to: _to, ...rest } = a;
      actions.push(rest);
      continue;
    }
    if (a.type === 'partition') {
      const groups = a.groups.map((g) => g.filter((n) => n !== id)).filter((g) => g.length > 0);
      actions.push({ ...a, groups });
      continue;
    }
    actions.push(a);
  }
  return { ...s, options: { ...s.options, nodes, initial }, actions };
}

const MESSAGE_ACTIONS: ReadonlySet<Action['type']> = new Set(['deliver', 'drop', 'duplicate', 'delay']);

/**
 * Shrinks a failing scenario while it still fails the same way (same kind; same property for
 * safety): an earlier end (the moment of a safety violation), fewer actions (whole kinds of
 * action, then halves, quarters … single actions), fewer nodes, less client load, extensions
 * off. Deterministic: the same input gives the same result. The result replays as a script.
 */
export function shrink(start: ReplaySpec, expected: FuzzFailure, options: ShrinkOptions = {}): ShrinkResult {
  const maxAttempts = options.maxAttempts ?? 1000;
  let attempts = 1;
  const first = replay(start);
  if (first.failure === null || !sameFailure(expected, first.failure)) {
    return { spec: start, failure: first.failure ?? expected, attempts, reproduced: false };
  }
  let best = start;
  let failure: FuzzFailure = first.failure;
  const keepsStable = failure.kind === 'liveness' || failure.kind === 'linearizability';

  const tryIt = (candidate: ReplaySpec): boolean => {
    if (attempts >= maxAttempts) return false;
    attempts++;
    const r = replay(candidate, 'interactive');
    if (!sameFailure(expected, r.failure) || r.failure === null) return false;
    // Keep the script that actually took effect, and check that it replays as a script too.
    const cleaned: ReplaySpec = { ...candidate, scenario: { ...candidate.scenario, actions: r.actions } };
    attempts++;
    const again = replay(cleaned);
    if (!sameFailure(expected, again.failure) || again.failure === null) return false;
    best = cleaned;
    failure = again.failure;
    options.onProgress?.(best, failure, attempts);
    return true;
  };
  const withActions = (actions: Action[]): ReplaySpec => ({ ...best, scenario: { ...best.scenario, actions } });

  const cutEnd = (): void => {
    if (keepsStable || failure.at >= best.until) return;
    const until = failure.at;
    tryIt({ ...withActions(best.scenario.actions.filter((a) => a.at <= until)), until, stableStart: Math.min(best.stableStart, until) });
  };
  const removable = (a: Action) => !keepsStable || a.at < best.stableStart;

  const dropKinds = (): void => {
    const kinds: ((a: Action) => boolean)[] = [
      (a) => MESSAGE_ACTIONS.has(a.type) || (a.type === 'setNetwork' && a.network.manual !== undefined),
      (a) => a.type === 'setNetwork',
      (a) => a.type === 'setLink',
      (a) => a.type === 'partition' || a.type === 'heal',
      (a) => a.type === 'request',
      (a) => a.type === 'timeout',
      (a) => a.type === 'propose',
    ];
    for (const kind of kinds) {
      const kept = best.scenario.actions.filter((a) => !(kind(a) && removable(a)));
      if (kept.length < best.scenario.actions.length && tryIt(withActions(kept))) cutEnd();
    }
  };

  const dropChunks = (): void => {
    let chunk = Math.max(1, Math.floor(best.scenario.actions.length / 2));
    while (chunk >= 1 && attempts < maxAttempts) {
      let i = 0;
      while (i < best.scenario.actions.length && attempts < maxAttempts) {
        const actions = best.scenario.actions;
        const slice = actions.slice(i, i + chunk);
        if (!slice.some(removable)) {
          i += chunk;
          continue;
        }
        const kept = [...actions.slice(0, i), ...slice.filter((a) => !removable(a)), ...actions.slice(i + chunk)];
        if (tryIt(withActions(kept))) cutEnd();
        else i += chunk;
      }
      chunk = Math.floor(chunk / 2);
    }
  };

  const fewerNodes = (): void => {
    for (const id of [...best.scenario.options.nodes].reverse()) {
      if (best.scenario.options.nodes.length <= 1 || attempts >= maxAttempts) return;
      if (tryIt({ ...best, scenario: withoutNode(best.scenario, id) })) cutEnd();
    }
  };

  const simpler = (): void => {
    const edits: ((o: ResolvedOptions) => ResolvedOptions | null)[] = [
      (o) => (o.workload.clients > 1 ? { ...o, workload: { ...o.workload, clients: 1 } } : null),
      (o) => (o.workload.clients > 0 ? { ...o, workload: { ...o.workload, clients: 0, opsPerSecond: 0 } } : null),
      (o) => (o.features.snapshotThreshold > 0 ? { ...o, features: { ...o.features, snapshotThreshold: 0 } } : null),
      (o) => (o.features.preVote ? { ...o, features: { ...o.features, preVote: false } } : null),
      (o) => (o.features.checkQuorum ? { ...o, features: { ...o.features, checkQuorum: false } } : null),
      (o) => (o.features.readIndex ? { ...o, features: { ...o.features, readIndex: false } } : null),
    ];
    for (const edit of edits) {
      const options = edit(best.scenario.options);
      if (options !== null && tryIt({ ...best, scenario: { ...best.scenario, options } })) cutEnd();
    }
  };

  cutEnd();
  dropKinds();
  dropChunks();
  fewerNodes();
  simpler();
  dropChunks();
  return { spec: best, failure, attempts, reproduced: true };
}
