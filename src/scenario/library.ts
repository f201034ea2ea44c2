// Every built-in lecture, loaded at once: for tests, the golden links, docs examples and the
// authoring script. The app never imports this file — it lists lectures from the small index
// (library/index.ts) and loads each one's module when it is opened (loadLecture), so that no
// lecture weighs on the first page load (library.test.ts checks no app module imports this).
//
// Each lecture is a module of its own in library/: its options, action script (recorded by
// playing it live through the scripting API, as src/scenario/authoring.ts shows, and frozen as
// data) and guided tour; its title and description are in the index. library.test.ts replays
// each one through the engine and checks that it shows what its text says.

import type { Scenario } from './format.ts';
import { LECTURES } from './library/index.ts';
import election from './library/election.ts';
import lab from './library/lab.ts';
import replication from './library/replication.ts';
import partition from './library/partition.ts';
import figure7 from './library/figure-7.ts';
import figure8 from './library/figure-8.ts';
import figure8Broken from './library/figure-8-broken.ts';
import prevoteOff from './library/prevote-off.ts';
import prevoteOn from './library/prevote-on.ts';
import checkquorumOn from './library/checkquorum-on.ts';
import checkquorumOff from './library/checkquorum-off.ts';
import transfer from './library/transfer.ts';
import membership from './library/membership.ts';
import snapshot from './library/snapshot.ts';
import staleReads from './library/stale-reads.ts';
import readIndex from './library/read-index.ts';

export { LECTURES, loadLecture, type LectureInfo } from './library/index.ts';

export interface LibraryEntry {
  /** Stable id (used in tests, golden links and the library dialog). */
  id: string;
  /** The lecture topic it belongs to, for grouping. */
  topic: string;
  scenario: Scenario;
}

const SCENARIOS = new Map<string, Scenario>([
  ['election', election],
  ['lab', lab],
  ['replication', replication],
  ['partition', partition],
  ['figure-7', figure7],
  ['figure-8', figure8],
  ['figure-8-broken', figure8Broken],
  ['prevote-off', prevoteOff],
  ['prevote-on', prevoteOn],
  ['checkquorum-on', checkquorumOn],
  ['checkquorum-off', checkquorumOff],
  ['transfer', transfer],
  ['membership', membership],
  ['snapshot', snapshot],
  ['stale-reads', staleReads],
  ['read-index', readIndex],
]);

/** Every lecture of the index with its scenario, in the index's order. */
export const LIBRARY: readonly LibraryEntry[] = LECTURES.map(({ id, topic }) => {
  const scenario = SCENARIOS.get(id);
  if (scenario === undefined) throw new Error(`library.ts: lecture '${id}' of the index is not imported here`);
  return { id, topic, scenario };
});

/** A copy of a built-in scenario by id, or undefined (the synchronous loadLecture, for tests). */
export function libraryScenario(id: string): Scenario | undefined {
  const entry = LIBRARY.find((e) => e.id === id);
  return entry === undefined ? undefined : structuredClone(entry.scenario);
}
