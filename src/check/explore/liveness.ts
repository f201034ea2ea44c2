// The exhaustive explorer (src/check/explore.ts): bounded liveness, "can still elect / can still
// change membership" (issue #12, bugs 3 and 4). From a reached state where a majority of every
// configuration that matters is up, the cluster left to itself — messages delivered, timers
// firing, no more crashes, restarts or requests — must be able, on some continuation of at most
// `livenessDepth` events, to reach a leader of the highest term; and when a leader has a
// membership change under way (a catch-up, or a configuration entry not yet committed), to
// finish or abandon it (thesis §4.2.1, §4.2.2). The continuation is searched depth-first with
// every answer to the time tests; a state known to get there is remembered.

import { itemAt, lastPosition } from '../../raft/chunked.ts';
import { configChangeRefusal } from '../../raft/node.ts';
import { votersAt } from '../../raft/logChanges.ts';
import type { NodeState, RaftSettings } from '../../raft/types.ts';

import { type XState, mix } from './state.ts';
import { choices, stepOn, type Choice } from './step.ts';
import type { ExploreConfig } from './types.ts';

export type LivenessGoal = 'elect' | 'membership';

/** The configurations that must each have a majority up: the committed one and every newer one a live server holds. */
function configurations(s: XState, boot: readonly string[]): string[][] {
  let committed: string[] = [...boot];
  for (let k = 1; k < s.committed.length; k++) {
    const m = /^\d+c(.*)$/.exec(s.committed[k]);
    if (m !== null) committed = m[1] === '' ? [] : m[1].split(',');
  }
  const out = [committed];
  for (const n of s.nodes) if (n.alive) out.push(n.voters.length > 0 ? n.voters : n.bootVoters);
  return out;
}

function majorityUp(s: XState, boot: readonly string[]): boolean {
  const alive = new Set(s.nodes.filter((n) => n.alive).map((n) => n.id));
  return configurations(s, boot).every((c) => c.length === 0 || c.filter((id) => alive.has(id)).length * 2 > c.length);
}

function topLeader(s: XState): NodeState | null {
  let top = 0;
  for (const n of s.nodes) if (n.alive && n.currentTerm > top) top = n.currentTerm;
  return s.nodes.find((n) => n.alive && n.role === 'leader' && n.currentTerm === top) ?? null;
}

function changeUnderWay(n: NodeState): boolean {
  return n.catchUp !== null || n.votersIndex > n.commitIndex;
}

/** A live server holds a configuration entry above its commit index that leaves out a server of the one before it (§4.2.2). */
export function removalUnderWay(s: XState): boolean {
  for (const n of s.nodes) {
    if (!n.alive || n.votersIndex <= n.commitIndex || n.votersIndex === 0) continue;
    const before = votersAt(n, n.votersIndex - 1);
    if (before.some((id) => !n.voters.includes(id))) return true;
  }
  return false;
}

/** What the state must still be able to reach, or null when nothing is required of it. */
export function required(s: XState, boot: readonly string[]): LivenessGoal | null {
  if (!majorityUp(s, boot)) return null;
  const leader = topLeader(s);
  return leader !== null && changeUnderWay(leader) ? 'membership' : 'elect';
}

/**
 * 'elect': some live server leads the highest term. 'membership': the leader that started the
 * change (`by`), still leading, has finished or abandoned it — a new election would also clear
 * it, but bug 4 is that the change blocks every other one for as long as that leader lives.
 */
export function reached(s: XState, goal: LivenessGoal, by: string | null): boolean {
  if (goal === 'membership') {
    // A leader that removed itself steps down once the change commits (§4.2.2): done, too.
    const starter = s.nodes.find((n) => n.id === by && n.alive);
    if (starter !== undefined && starter.role !== 'leader' && !changeUnderWay(starter)) return true;
  }
  const leader = topLeader(s);
  if (leader === null) return false;
  if (goal === 'elect') return true;
  return leader.id === by && (configChangeRefusal(leader) === null || !changeUnderWay(leader));
}

/** Events that move an election or a change forward first: the search finds a way quickly when there is one. */
function priority(c: Choice, s: XState, goal: LivenessGoal): number {
  const e = c.base;
  if (e.kind === 'timeout') {
    // The most up-to-date log (§5.4.1) first: the server most voters will vote for.
    const n = s.nodes[s.names.indexOf(e.node)];
    const last = lastPosition(n.log);
    return 10 - Math.min(last, 5) - 2 * Math.min(n.currentTerm === 0 ? 0 : logTermAt(n, last), 2);
  }
  if (e.kind !== 'deliver') return goal === 'membership' ? 1 : 11;
  switch (e.message.type) {
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return 0;
    case 'RequestVote':
    case 'PreVote':
      return 1;
    case 'AppendEntriesReply':
    case 'AppendEntries':
      return goal === 'membership' ? 0 : 12;
    default:
      return 13;
  }
}

function logTermAt(n: NodeState, i: number): number {
  if (i === 0) return 0;
  if (n.snapshot !== null && i === n.snapshot.index) return n.snapshot.term;
  return itemAt(n.log, i)?.term ?? 0;
}

/**
 * The servers and the messages only: the continuation uses no budget and judges no history, so
 * states that differ in those alone get on (or not) alike, and share what was learnt.
 */
function coreKey(s: XState): string {
  let a = s.msgHash;
  let b = s.msgHash2;
  for (let i = 0; i < s.nodes.length; i++) {
    a = mix(a, s.infos[i].a);
    b = mix(b, s.infos[i].b);
  }
  return `${a},${b}`;
}

export interface LivenessChecker {
  /** 'no': no continuation within the bound gets there; 'unknown': the search budget ran out first. */
  check(s: XState, goal: LivenessGoal): 'yes' | 'no' | 'unknown';
  checked: number;
  unknown: number;
}

export function livenessChecker(config: ExploreConfig, settings: RaftSettings, budget = 20_000): LivenessChecker {
  const own: ExploreConfig = { ...config, actions: ['deliver', 'timeout', 'heartbeat'], maxTimeouts: 0 };
  const good = new Set<string>();
  const checker: LivenessChecker = {
    checked: 0,
    unknown: 0,
    check(start, goal) {
      checker.checked++;
      const seen = new Map<string, number>(); // fingerprint → most events left it was searched with
      let visits = 0;
      const by = goal === 'membership' ? (topLeader(start)?.id ?? null) : null;
      const dfs = (s: XState, left: number): boolean | null => {
        if (reached(s, goal, by)) return true;
        const key = `${goal}${by ?? ''}${coreKey(s)}`;
        if (good.has(key)) return true;
        if (left === 0) return false;
        if ((seen.get(key) ?? -1) >= left) return false;
        seen.set(key, left);
        if (++visits > budget) return null;
        // While a change is judged, its leader lives: the others' election timers do not fire.
        const all = choices(s, own, settings);
        const options = (by === null ? all : all.filter((c) => c.base.kind !== 'timeout' || c.base.node === by)).sort((x, y) => priority(x, s, goal) - priority(y, s, goal));
        for (const c of options) {
          const prefixes: boolean[][] = [[]];
          while (prefixes.length > 0) {
            const prefix = prefixes.pop() as boolean[];
            const o = stepOn(s, settings, prefix, c, own);
            for (let i = prefix.length; i < o.asked; i++) prefixes.push([...o.tests.slice(0, i), true]);
            const r = dfs(o.state, left - 1);
            if (r === null) return null;
            if (r) {
              good.add(key);
              return true;
            }
          }
        }
        return false;
      };
      const r = dfs(start, config.livenessDepth);
      if (r === null) checker.unknown++;
      return r === null ? 'unknown' : r ? 'yes' : 'no';
    },
  };
  return checker;
}
