// The exhaustive explorer (src/check/explore.ts): the breadth-first search.

import { lastPosition } from '../../raft/chunked.ts';
import type { NodeState } from '../../raft/types.ts';

import { FingerprintTable, type XState, fingerprint, settingsOf } from './state.ts';
import { initialState } from './intern.ts';
import { choices, cloneState, resetInterned, stepOn } from './step.ts';
import { check } from './checks.ts';
import { resolveExploreConfig } from './config.ts';
import { canonicalFingerprint, symmetric } from './symmetry.ts';
import { livenessChecker, removalUnderWay, required } from './liveness.ts';
import type { ExploreConfig, ExploreCoverage, ExploreResult, ExploreStep, ExploreStuck, ExploreViolation } from './types.ts';

// ---------------------------------------------------------------------------------------------
// The search

export function withinBounds(s: XState, config: ExploreConfig): boolean {
  for (const n of s.nodes) {
    if (n.currentTerm > config.maxTerm) return false;
    if (lastPosition(n.log) > config.maxLog) return false;
  }
  return true;
}

export interface ExploreProgress {
  states: number;
  distinct: number;
  depth: number;
  frontier: number;
}

/** Growable typed arrays: per distinct state, its parent, the choice and the time-test answers. */
export class Parents {
  parent = new Int32Array(1 << 16);
  choice = new Int32Array(1 << 16);
  tests = new Int32Array(1 << 16);
  length = 0;

  add(parent: number, choice: number, tests: readonly boolean[]): number {
    if (this.length === this.parent.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.choice = grow(this.choice);
      this.tests = grow(this.tests);
    }
    let bits = 1; // a leading 1 marks how many answers there are
    for (const t of tests) bits = (bits << 1) | (t ? 1 : 0);
    this.parent[this.length] = parent;
    this.choice[this.length] = choice;
    this.tests[this.length] = bits;
    return this.length++;
  }
}

export function answersOf(bits: number): boolean[] {
  const out: boolean[] = [];
  for (let b = bits; b > 1; b >>>= 1) out.push((b & 1) === 1);
  return out.reverse();
}

const NO_ANSWERS: readonly boolean[] = [];

/** Breadth-first search; `onProgress` is called after each depth level. */
export function explore(input: Partial<ExploreConfig> = {}, onProgress?: (p: ExploreProgress) => void): ExploreResult {
  const config = resolveExploreConfig(input);
  const settings = settingsOf(config);
  resetInterned();
  const boot = Array.from({ length: config.servers }, (_, i) => `S${i + 1}`);
  const root = initialState(config, settings);
  const seen = new FingerprintTable();
  const parents = new Parents();
  const fp = symmetric(config) ? canonicalFingerprint : fingerprint;
  const [ra, rb] = fp(root);
  seen.lookup(ra, rb, parents.add(-1, -1, []));
  let frontier: { id: number; state: XState }[] = [{ id: 0, state: root }];
  const scratch = cloneState(root);
  let states = 1;
  let depth = 0;
  const coverage: ExploreCoverage = { maxTerm: 0, termsWithLeader: 0, maxCommitted: 0, configChanges: 0, snapshots: 0, transfers: 0, crashes: 0 };
  const leaderTerms = new Set<number>();

  /** The path to state `id`, rebuilt by replaying the recorded choices from the initial state. */
  const pathTo = (id: number, last: { choice: number; tests: boolean[] } | null): ExploreStep[] => {
    const chain: { choice: number; tests: boolean[] }[] = [];
    if (last !== null) chain.push(last);
    for (let k = id; k > 0; k = parents.parent[k]) chain.push({ choice: parents.choice[k], tests: answersOf(parents.tests[k]) });
    chain.reverse();
    const path: ExploreStep[] = [];
    let s = root;
    for (const { choice, tests } of chain) {
      const c = choices(s, config, settings)[choice];
      const outcome = stepOn(s, settings, tests, c, config);
      check(s, outcome.state, outcome.changed, boot);
      path.push({ ...c.base, tests });
      s = outcome.state;
    }
    return path;
  };

  const liveness = config.liveness ? livenessChecker(config, settings) : null;
  let stuck: ExploreStuck | null = null;
  const result = (finished: ExploreResult['finished'], violation: ExploreViolation | null): ExploreResult => ({
    finished,
    statesExplored: states,
    distinctStates: seen.size,
    depthReached: depth,
    coverage: { ...coverage, termsWithLeader: leaderTerms.size },
    violation,
    ...(liveness === null ? {} : { stuck, livenessChecked: { checked: liveness.checked, unknown: liveness.unknown } }),
    config,
  });

  while (frontier.length > 0 && depth < config.depth) {
    const nextFrontier: { id: number; state: XState }[] = [];
    depth++;
    for (const { id, state } of frontier) {
      if (!withinBounds(state, config)) continue;
      const options = choices(state, config, settings);
      for (let ci = 0; ci < options.length; ci++) {
        const choice = options[ci];
        // Enumerate every answer to the step's time tests (a trie over answer vectors; most steps ask none).
        let prefixes: boolean[][] | null = null;
        for (let prefix: readonly boolean[] | undefined = NO_ANSWERS; prefix !== undefined; prefix = prefixes?.pop()) {
          const outcome = stepOn(state, settings, prefix, choice, config, scratch);
          for (let i = prefix.length; i < outcome.asked; i++) (prefixes ??= []).push([...outcome.tests.slice(0, i), true]);
          states++;
          let next = outcome.state;
          const found = check(state, next, outcome.changed, boot);
          if (found !== null) {
            return result('violation', { ...found, path: pathTo(id, { choice: ci, tests: outcome.tests }) });
          }
          const [a, b] = fp(next);
          if (seen.lookup(a, b, parents.length) !== -1) continue;
          next = cloneState(next); // new: kept, so no longer the scratch state
          const nextId = parents.add(id, ci, outcome.tests);
          note(coverage, leaderTerms, state, next, outcome.changed);
          const goal = liveness === null || (config.livenessAt === 'removal' && !removalUnderWay(next)) ? null : required(next, boot);
          if (liveness !== null && goal !== null && liveness.check(next, goal) === 'no') {
            const what = goal === 'elect' ? 'no leader can be elected' : 'the membership change under way can neither finish nor be abandoned';
            stuck = {
              goal,
              message: `A majority of every configuration is up, yet ${what} within ${config.livenessDepth} further events (messages delivered, timers firing, no more faults).`,
              path: pathTo(nextId, null),
            };
            return result('violation', null);
          }
          nextFrontier.push({ id: nextId, state: next });
          if (seen.size >= config.maxStates) return result('max-states', null);
        }
      }
    }
    frontier = nextFrontier;
    onProgress?.({ states, distinct: seen.size, depth, frontier: frontier.length });
  }
  return result('exhausted', null);
}

export function note(c: ExploreCoverage, leaderTerms: Set<number>, prev: XState, s: XState, changed: readonly number[]): void {
  for (const n of s.nodes) if (n.currentTerm > c.maxTerm) c.maxTerm = n.currentTerm;
  if (s.committed.length - 1 > c.maxCommitted) c.maxCommitted = s.committed.length - 1;
  c.crashes = Math.max(c.crashes, s.crashes);
  c.transfers = Math.max(c.transfers, s.transfers);
  for (const i of changed) {
    const n = s.nodes[i];
    const before = prev.nodes[i] as NodeState | undefined;
    if (n.role === 'leader') leaderTerms.add(n.currentTerm);
    if (before !== undefined && n.snapshot !== before.snapshot) c.snapshots++;
    if (before !== undefined && n.votersIndex > before.votersIndex) c.configChanges++;
  }
}
