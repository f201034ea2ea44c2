// The explorer finds issue #12's bugs again when a test-only mutation puts one back
// (src/raft/mutations.ts): bugs 1 and 5 as invariant failures, bugs 3 and 4 by the bounded
// liveness check. Each with the same bounds passes on correct Raft. One row per bug: its
// mutation, its bounds, what must be found (property or goal, depth, steps) and what its fixed
// counterpart must show. Bounded by states, never by seconds (the per-test timeouts only keep a
// loaded machine from failing them). Then the counterexamples of bugs 1 and 3, as the CLI's
// links, opened the way the app opens a link (exploreMutationLinks below).

import { describe, expect, it, vi } from 'vitest';
import { BUG_1, withMutations, type Mutation } from '../raft/mutations.ts';
import { shareUrl } from '../scenario/url.ts';
import { useApp } from '../store/app.ts';
import { seek } from '../store/playback.ts';
import { session, type Session } from '../store/session.ts';
import { loadFromLocation } from '../store/share.ts';
import { describeStep, explore, type ExploreConfig, type ExploreCoverage, type ExploreResult } from './explore.ts';
import { counterexampleLink, REPLAY_STEP_MS, type Counterexample } from './exploreReplay.ts';
import { BUG_1_BOUNDS, BUG_3, BUG_4, BUG_5 } from './exploreBugs.test-support.ts';
import type { PropertyId } from './invariants.ts';

/** One search per (mutations, bounds) in this file: the link tests reuse the search their row made. */
const searched = new Map<string, ExploreResult>();
function foundWith(mutations: readonly Mutation[], bounds: Partial<ExploreConfig>): ExploreResult {
  const key = JSON.stringify([mutations, bounds]);
  let r = searched.get(key);
  if (r === undefined) {
    r = withMutations(mutations, () => explore(bounds));
    searched.set(key, r);
  }
  return r;
}

interface BugCase {
  bug: 1 | 3 | 4 | 5;
  /** What the mutation puts back, as the test names it. */
  what: string;
  mutations: readonly Mutation[];
  bounds: Partial<ExploreConfig>;
  found: {
    /** An invariant failure (bugs 1 and 5) … */
    property?: PropertyId;
    message?: string;
    /** … or a stuck state (bugs 3 and 4). */
    goal?: 'elect' | 'membership';
    /** Events on the shortest path. */
    depth: number;
    /** Events the path must contain, and (bug 4) the ones it must end with. */
    steps?: string[];
    lastSteps?: string[];
    distinctBelow?: number;
    distinctAbove?: number;
  };
  /** The same bounds on correct Raft (null: a second search of a row above, with other options). */
  fixed: null | { title: string; coverage?: Partial<ExploreCoverage>; livenessCheckedAbove?: number };
  timeout?: number;
}

const CASES: BugCase[] = [
  {
    bug: 1,
    what: 'a server being removed obeys TimeoutNow and counts its own vote: two leaders of term 2',
    mutations: BUG_1,
    bounds: BUG_1_BOUNDS,
    found: {
      property: 'election-safety',
      depth: 19,
      steps: ['the leader transfers leadership to S2', 'the leader removes S2', 'deliver TimeoutNow S1 → S2 (term 1)'],
      distinctBelow: 600_000,
    },
    fixed: { title: 'the same bounds are exhausted with no violation', coverage: { transfers: 1, termsWithLeader: 2 } },
    timeout: 600_000,
  },
  {
    bug: 3,
    what: 'a removed server never campaigns: the liveness check finds a cluster that can no longer elect',
    mutations: ['removed-server-never-campaigns'],
    bounds: BUG_3,
    found: { goal: 'elect', depth: 13, steps: ['the leader removes S1'] },
    fixed: { title: 'wherever a removal is uncommitted, the cluster can still elect', livenessCheckedAbove: 5_000 },
    timeout: 300_000,
  },
  {
    bug: 3,
    what: 'without symmetry reduction: about 20 times the states, the same shortest stuck path length',
    mutations: ['removed-server-never-campaigns'],
    bounds: { ...BUG_3, symmetry: false, maxStates: 300_000 },
    found: { goal: 'elect', depth: 13, distinctAbove: 100_000 },
    fixed: null,
    timeout: 600_000,
  },
  {
    bug: 5,
    what: 'an added server boots with an empty configuration: a snapshot records the wrong configuration',
    mutations: ['added-server-empty-boot-config'],
    bounds: BUG_5,
    found: {
      property: 'snapshot-configuration',
      message: "S4's snapshot through index 2 records {}, but {S1, S2, S3} is in force there.",
      depth: 12,
      steps: ['the leader adds S4'],
    },
    fixed: { title: 'the same bounds are exhausted with no violation' },
  },
  {
    bug: 4,
    what: 'a silent new server is never given up on: the liveness check finds the stuck change',
    mutations: ['catch-up-never-aborts'],
    bounds: BUG_4,
    found: { goal: 'membership', depth: 7, lastSteps: ['the leader adds S4', 'S4 crashes'] },
    fixed: { title: 'every reached state can still elect and finish or abandon its change', livenessCheckedAbove: 10_000 },
  },
];

function expectFound(r: ExploreResult, f: BugCase['found']): void {
  const path = f.property !== undefined ? r.violation?.path : r.stuck?.path;
  if (f.property !== undefined) {
    expect(r.violation?.property).toBe(f.property);
    if (f.message !== undefined) expect(r.violation?.message).toBe(f.message);
  } else {
    // a stuck state ends the search as a violation would, with no invariant failed
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('violation');
    expect(r.stuck?.goal).toBe(f.goal);
  }
  expect(path).toHaveLength(f.depth);
  const steps = path?.map(describeStep) ?? [];
  for (const s of f.steps ?? []) expect(steps).toContain(s);
  if (f.lastSteps !== undefined) expect(steps.slice(-f.lastSteps.length)).toEqual(f.lastSteps);
  if (f.distinctBelow !== undefined) expect(r.distinctStates).toBeLessThan(f.distinctBelow);
  if (f.distinctAbove !== undefined) expect(r.distinctStates).toBeGreaterThan(f.distinctAbove);
}

describe('explore: issue #12 bugs put back', () => {
  for (const c of CASES) {
    it(`bug ${c.bug} (${c.mutations.join(', ')}): ${c.what}`, () => expectFound(foundWith(c.mutations, c.bounds), c.found), c.timeout);
  }
  for (const c of CASES) {
    const fixed = c.fixed;
    if (fixed === null) continue;
    it(`bug ${c.bug} fixed: ${fixed.title}`, () => {
      const r = foundWith([], c.bounds);
      expect(r.violation).toBeNull();
      expect(r.finished).toBe('exhausted');
      expect(r.stuck ?? null).toBeNull();
      if (fixed.coverage !== undefined) expect(r.coverage).toMatchObject(fixed.coverage);
      if (fixed.livenessCheckedAbove !== undefined) {
        expect(r.livenessChecked?.checked).toBeGreaterThan(fixed.livenessCheckedAbove);
        expect(r.livenessChecked?.unknown).toBe(0);
      }
    }, c.timeout);
  }
});

// ---------------------------------------------------------------------------------------------
// exploreMutationLinks: bugs 1 and 3's counterexamples as the links the CLI prints, opened as the
// app opens a link at start-up (store/share.ts loadFromLocation: the hash decoded, the scenario
// started with createSession(options, actions) — createCluster inside the time machine — and
// paused at the link's time), judged by what the app shows: the Safety tab's monitor
// (session().index) and the timeline's marks. A mutation is a module switch of the engine
// (src/raft/mutations.ts), so it reaches the app's cluster as it reaches the explorer's, in the
// same process; no link can carry one.

function openAsTheAppDoes(url: string): Session {
  vi.stubGlobal('location', { hash: url.slice(url.indexOf('#')) });
  try {
    useApp.setState({ banner: null });
    loadFromLocation();
    expect(useApp.getState().banner).toBeNull(); // no error
    return session();
  } finally {
    vi.unstubAllGlobals();
  }
}

function linkOf(r: ExploreResult, cx: Counterexample): { url: string; t: number; until: number } {
  const { scenario, t, until } = counterexampleLink(r.config, cx);
  return { url: shareUrl('http://127.0.0.1:5173/', scenario, t), t, until };
}

describe('exploreMutationLinks: the counterexamples of bugs 1 and 3 as links, opened in the app', () => {
  it('bug 1: under the mutation the link reaches two leaders of term 2 at its 19th event; on correct Raft the same link replays with no violation', () => {
    const c = CASES[0];
    const r = foundWith(c.mutations, c.bounds);
    const v = r.violation;
    if (v === null) throw new Error('bug 1 was not found');
    // the link is made by driving the engine through the path: with the bug in it
    const link = withMutations(c.mutations, () => linkOf(r, { kind: 'violation', property: v.property, message: v.message, path: v.path }));
    const lastEventAt = REPLAY_STEP_MS * v.path.length;
    expect(link.until).toBe(lastEventAt + 1);

    withMutations(c.mutations, () => {
      const s = openAsTheAppDoes(link.url);
      expect(useApp.getState().displayedTime).toBe(link.t); // paused 1 ms before the last event
      expect(s.tm.refusedUpToNow()).toEqual([]);
      expect(s.index.violations).toEqual([]);
      seek(link.until);
      expect(s.tm.refusedUpToNow()).toEqual([]);
      // the Safety tab: Election Safety violated by the last event, in the explorer's words
      expect(s.index.violations.map((x) => [x.property, x.at, x.message])).toEqual([['election-safety', lastEventAt, v.message]]);
      expect(s.index.properties().find((p) => p.id === 'election-safety')?.state).toBe('violated');
      expect(s.index.marks.filter((m) => m.kind === 'leader').map((m) => m.node)).toEqual(['S1', 'S2', 'S3']);
    });

    // Correct Raft, the exact same link: S2, being removed, ignores TimeoutNow (event 13) and never
    // campaigns, so the deliveries of its RequestVote and of the reply (events 15 and 16) are
    // skipped as "not on the wire"; so are S3's (events 18 and 19), whose message ids, counted
    // over every message sent, are no longer the link's. The app skips them as it skips any such
    // action, and no property fails.
    const s = openAsTheAppDoes(link.url);
    seek(link.until + 60_000);
    expect(s.index.violations).toEqual([]);
    expect(s.index.properties().every((p) => p.state === 'holding')).toBe(true);
    expect(s.index.marks.filter((m) => m.kind === 'leader').map((m) => m.node)).toEqual(['S1']);
    expect(v.path.map(describeStep).slice(12, 16)).toEqual(['deliver TimeoutNow S1 → S2 (term 1)', 'deliver AppendEntries S1 → S3 (term 1)', 'deliver RequestVote S2 → S4 (term 2)', 'deliver RequestVoteReply S4 → S2 (term 2)']);
    expect(s.tm.refusedUpToNow().map((x) => [x.action.type, x.action.at / REPLAY_STEP_MS])).toEqual([['deliver', 15], ['deliver', 16], ['deliver', 18], ['deliver', 19]]);
  }, 600_000);

  it('bug 3: under the mutation the link reaches the stuck state and, left to itself for 30 s with the same servers up, never elects; on correct Raft it does', () => {
    const c = CASES[1];
    const r = foundWith(c.mutations, c.bounds);
    const st = r.stuck;
    if (st === null || st === undefined) throw new Error('bug 3 was not found');
    const link = withMutations(c.mutations, () => linkOf(r, { kind: 'stuck', goal: st.goal, message: st.message, path: st.path }));
    const removed = st.path.find((e) => e.kind === 'remove');
    const crashed = st.path.find((e) => e.kind === 'crash');
    if (removed === undefined || removed.kind === 'deliver' || crashed === undefined || crashed.kind === 'deliver') throw new Error('no removal or crash on the path');

    const runOn = () => {
      const s = openAsTheAppDoes(link.url);
      expect(useApp.getState().displayedTime).toBe(link.t); // just after the last event
      expect(s.tm.refusedUpToNow()).toEqual([]);
      const c0 = s.tm.cluster;
      const up = c0.ids.filter((id) => c0.node(id).alive);
      // the stuck state: the removed server holds its own removal, uncommitted, and no live
      // server leads the highest term; the crashed server is down; the network still waits
      const top = Math.max(...up.map((id) => c0.node(id).term));
      expect(up.filter((id) => c0.node(id).role === 'leader' && c0.node(id).term === top)).toEqual([]);
      expect(up).not.toContain(crashed.node);
      const held = c0.node(removed.node);
      expect(held.config.voters).not.toContain(removed.node);
      expect(held.commitIndex).toBeLessThan(held.snapshotIndex + held.log.length);
      expect(c0.network().settings).toMatchObject({ manual: true, frozenTimers: true });
      const marksBefore = s.index.marks.length;
      seek(link.until + 30_000);
      const c1 = s.tm.cluster;
      expect(c1.network().settings).toMatchObject({ manual: false, frozenTimers: false }); // the app's Automatic mode
      expect(c1.ids.filter((id) => c1.node(id).alive)).toEqual(up); // no crash, no restart
      expect(s.index.violations).toEqual([]);
      return { elected: s.index.marks.slice(marksBefore).filter((m) => m.kind === 'leader'), termsHeld: Math.max(...up.map((id) => c1.node(id).term)) - top };
    };
    const stuck = withMutations(c.mutations, runOn);
    expect(stuck.elected).toEqual([]);
    expect(stuck.termsHeld).toBeGreaterThan(20); // elections were held all along (the timers ran), none won
    const fixed = runOn();
    expect(fixed.elected.length).toBeGreaterThan(0);
  }, 300_000);
});
