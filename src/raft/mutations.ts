// Test-only mutations: each puts one of issue #12's six bugs back, so the fuzzer and the
// explorer can show they would find it again. They are not variants: no option, scenario
// field, link or UI control reaches them (a test asserts nothing under src/view, src/store or
// src/scenario imports this file), and no share link can carry one.
//
// How to switch one on (tests, fuzzer workers, the explorer — one module per process/worker):
//
//   import { withMutations } from '../raft/mutations.ts';
//   const result = withMutations(['count-own-vote-as-non-voter'], () => runSomething());
//
// or setMutations([...]) / setMutations([]) around a longer stretch. Each injection point asks
// mutated(name): one test of a module variable when none is on.

/** One bug of issue #12 put back; the number is the bug's number in the issue. */
export type Mutation =
  /** Bug 1 (thesis §4.2.2): a candidate or pre-candidate counts its own vote although its latest configuration does not name it a voter. */
  | 'count-own-vote-as-non-voter'
  /** Bug 1 (§3.10, raftlab's guard): a learner or a server being removed obeys TimeoutNow. */
  | 'obey-timeout-now-as-non-voter'
  /** Bug 1 (raftlab's guard beside §3.10): removing the transfer target leaves the transfer running. */
  | 'keep-transfer-to-removed-target'
  /** Bug 2: a scripted action (createCluster(options, actions)) is applied without the live call's validation. */
  | 'scripted-actions-unchecked'
  /** Bug 3 (§4.2.2): a server outside its own latest, uncommitted configuration never campaigns. */
  | 'removed-server-never-campaigns'
  /** Bug 4 (§4.2.1): a new server that never answers is never given up on. */
  | 'catch-up-never-aborts'
  /** Bug 5 (§4.4, §5.1): a server made by addServer boots with an empty configuration. */
  | 'added-server-empty-boot-config'
  /** Bug 6: every success reply (AppendEntries or InstallSnapshot) sends more, even one that advanced nothing. */
  | 'reply-always-resends';

/** Every mutation, with the number of the issue #12 bug it puts back. */
export const MUTATIONS: Readonly<Record<Mutation, 1 | 2 | 3 | 4 | 5 | 6>> = {
  'count-own-vote-as-non-voter': 1,
  'obey-timeout-now-as-non-voter': 1,
  'keep-transfer-to-removed-target': 1,
  'scripted-actions-unchecked': 2,
  'removed-server-never-campaigns': 3,
  'catch-up-never-aborts': 4,
  'added-server-empty-boot-config': 5,
  'reply-always-resends': 6,
};

/** Bug 1 as reported: all three of its mutations together. */
export const BUG_1: readonly Mutation[] = ['count-own-vote-as-non-voter', 'obey-timeout-now-as-non-voter', 'keep-transfer-to-removed-target'];

let active: ReadonlySet<Mutation> = new Set();
let any = false;

export function isMutation(name: string): name is Mutation {
  return Object.hasOwn(MUTATIONS, name);
}

/** Switches exactly these mutations on (an empty list: correct Raft again). */
export function setMutations(list: readonly Mutation[]): void {
  for (const m of list) if (!isMutation(m)) throw new Error(`unknown mutation '${String(m)}'`);
  active = new Set(list);
  any = active.size > 0;
}

/** The mutations switched on now. */
export function activeMutations(): Mutation[] {
  return [...active];
}

/** Runs `fn` with exactly these mutations on, then restores the ones before (also on a throw). */
export function withMutations<T>(list: readonly Mutation[], fn: () => T): T {
  const before = [...active];
  setMutations(list);
  try {
    return fn();
  } finally {
    setMutations(before);
  }
}

/** Asked at each injection point: is this bug put back? */
export function mutated(m: Mutation): boolean {
  return any && active.has(m);
}
