// The exhaustive explorer (src/check/explore.ts): symmetry reduction over server names. When the
// options treat servers alike (every server boots the same; no server is added, whose name would
// depend on how many there are), a state and the same state with the servers renamed — in the
// configuration entries of logs, messages and history too — behave alike, so both get one fingerprint:
// the least over the renamings that list the servers in the order of a name-free signature
// (ties, as in the initial state, try every order of the tied servers). Breadth-first over
// these classes still finds a shortest counterexample: a renaming keeps a path's length.

import type { NodeState } from '../../raft/types.ts';

import { itemAt, lastPosition } from '../../raft/chunked.ts';
import { hash32 } from '../../raft/rng.ts';
import { type Rename, type XState, entryKey, entryKeyRenamed, historyHash, leadersKey, messageKey, mix, snapshotIndexOf, sortedNames } from './state.ts';
import { type NodeInfo, interned } from './intern.ts';
import type { ExploreConfig } from './types.ts';

/**
 * Whether the options treat every server alike. Removing a server and transfers are renamed
 * with the rest (a configuration entry's voters are renamed and sorted); adding one is not: the
 * new server's name is fixed by how many there are.
 */
export function symmetric(config: ExploreConfig): boolean {
  if (!config.symmetry) return false;
  return !(config.maxMembership > 0 && config.actions.includes('add'));
}

/** logKey (state.ts) renamed; with no renaming (null), a configuration entry keeps only its number of voters (a name-free signature). */
function logKeyRenamed(n: NodeState, r: Rename | null): string {
  const parts: string[] = [];
  const last = lastPosition(n.log);
  for (let i = snapshotIndexOf(n) + 1; i <= last; i++) {
    const e = itemAt(n.log, i);
    if (e === undefined) continue;
    parts.push(e.kind !== 'config' ? entryKey(e) : r === null ? `${e.term}c#${(e.voters ?? []).length}` : entryKeyRenamed(e, r));
  }
  return parts.join(';');
}

/** A committed or applied entry's key (history) renamed: only configuration entries name servers. */
function historyKeyRenamed(k: string, r: Rename): string {
  const m = /^(\d+)c(.*)$/.exec(k);
  return m === null ? k : `${m[1]}c${m[2] === '' ? '' : sortedNames(m[2].split(','), r)}`;
}

/** nodeKey (state.ts) with every server name renamed. */
export function nodeKeyRenamed(n: NodeState, r: Rename): string {
  const snap = n.snapshot === null ? '' : `${n.snapshot.index}/${n.snapshot.term}/${sortedNames(n.snapshot.voters, r)}`;
  const progress: string[] = [];
  for (const [peer, p] of n.progress) progress.push(`${r(peer)}:${p.nextIndex}:${p.matchIndex}${p.farewell !== undefined ? 'f' : ''}`);
  progress.sort();
  const c = n.catchUp;
  return [
    n.alive ? 'A' : 'D',
    n.role[0],
    n.currentTerm,
    n.votedFor === null ? '-' : r(n.votedFor),
    n.leaderId === null ? '-' : r(n.leaderId),
    n.commitIndex,
    n.lastApplied,
    logKeyRenamed(n, r),
    snap,
    sortedNames(n.votes, r),
    n.electionDeadline === null ? 'e0' : 'e1',
    n.heartbeatDue === null ? 'h0' : 'h1',
    progress.join(','),
    sortedNames(n.learners, r),
    c === null ? '' : `${r(c.server)}:${c.roundEnd}:${c.rounds}`,
    n.transferTarget === null ? '' : r(n.transferTarget),
  ].join('|');
}

/**
 * A server's state without any name: which servers may stand in each other's place. As a small
 * integer (distinct signatures numbered as first met): any order of signatures that does not
 * depend on names gives the same classes.
 */
function signature(n: NodeState, info: NodeInfo): number {
  if (info.sig < 0) {
    const text = `${n.alive ? 'A' : 'D'}${n.role[0]}${n.currentTerm}|${n.votedFor === null ? 0 : 1}${n.leaderId === null ? 0 : 1}|${n.commitIndex}|${n.lastApplied}|${logKeyRenamed(n, null)}|${n.votes.length}|${n.electionDeadline === null ? 0 : 1}${n.heartbeatDue === null ? 0 : 1}`;
    let id = interned.sigs.get(text);
    if (id === undefined) {
      id = interned.sigs.size;
      interned.sigs.set(text, id);
    }
    info.sig = id;
  }
  return info.sig;
}

/** Every renaming of n servers, as the order in which they take the names S1…Sn, and its index. */
interface Renamings {
  n: number;
  perms: number[][];
  rename: Rename[];
  /** Index of a permutation by its digits in base n. */
  index: Map<number, number>;
}

let renamings: Renamings | null = null;

function renamingsOf(names: readonly string[]): Renamings {
  if (renamings !== null && renamings.n === names.length) return renamings;
  const perms = permutations(names.map((_, i) => i));
  const index = new Map<number, number>();
  const rename: Rename[] = perms.map((order, p) => {
    index.set(order.reduce((code, x) => code * names.length + x, 0), p);
    const to = new Map<string, string>();
    order.forEach((orig, k) => to.set(names[orig], `S${k + 1}`));
    return (id) => to.get(id) ?? id;
  });
  renamings = { n: names.length, perms, rename, index };
  return renamings;
}

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Per object, its two hash lanes under renaming p (computed once: slot 2p, 2p+1; done flags after). */
function renamedLanes(table: Uint32Array, p: number, count: number, k: string): void {
  table[2 * p] = hash32(k, 0x811c9dc5);
  table[2 * p + 1] = hash32(k, 0x9e3779b9);
  table[2 * count + p] = 1;
}

const leaderHashes = new WeakMap<Map<number, string>, Map<number, number>>();

function leadersHash(leaders: Map<number, string>, p: number, r: Rename): number {
  if (leaders.size === 0) return 0;
  let byP = leaderHashes.get(leaders);
  if (byP === undefined) {
    byP = new Map();
    leaderHashes.set(leaders, byP);
  }
  let h = byP.get(p);
  if (h === undefined) {
    h = hash32(leadersKey(leaders, r), 0x811c9dc5);
    byP.set(p, h);
  }
  return h;
}

// History that names servers (a configuration entry committed or applied): its lanes per renaming.
const historyRenamed = new WeakMap<object, Map<number, [number, number]> | null>();

function historyLanes(s: XState, h: { a: number; b: number }, p: number, r: Rename): [number, number] | null {
  let byP = historyRenamed.get(h);
  if (byP === undefined) {
    const named = s.committed.some((k) => /^\d+c/.test(k)) || s.applied.some((k) => /^\d+c/.test(k));
    byP = named ? new Map() : null;
    historyRenamed.set(h, byP);
  }
  if (byP === null) return null;
  let lanes = byP.get(p);
  if (lanes === undefined) {
    const text = `${s.committed.map((k) => historyKeyRenamed(k, r)).join(';')}\n${s.committedTerm.join(',')}\n${s.applied.map((k) => historyKeyRenamed(k, r)).join(';')}`;
    lanes = [hash32(text, 0x811c9dc5), hash32(text, 0x9e3779b9)];
    byP.set(p, lanes);
  }
  return lanes;
}

// Scratch for the candidate orders (no per-state arrays).
const candidates: number[] = [];
const sig: number[] = [];

/** Every order of the servers consistent with their signatures (sorted; ties in every order), as renaming indexes. */
function orders(s: XState, R: Renamings): number[] {
  const n = s.nodes.length;
  for (let i = 0; i < n; i++) sig[i] = signature(s.nodes[i], s.infos[i]);
  candidates.length = 0;
  for (let p = 0; p < R.perms.length; p++) {
    const order = R.perms[p];
    let sortedOk = true;
    for (let k = 1; k < n && sortedOk; k++) if (sig[order[k - 1]] > sig[order[k]]) sortedOk = false;
    if (sortedOk) candidates.push(p);
  }
  return candidates;
}

/** The fingerprint of the state's symmetry class (the least over its candidate renamings). */
export function canonicalFingerprint(s: XState): [number, number] {
  const h = historyHash(s, false);
  const counters = s.timeouts * 0x10001 + s.crashes + 31 * (s.requests + 31 * (s.membership + 31 * (s.transfers + 31 * s.names.length)));
  const R = renamingsOf(s.names);
  const count = R.perms.length;
  const t = interned;
  let bestA = -1;
  let bestB = -1;
  for (const p of orders(s, R)) {
    // perms[p][k] is the server that takes the name S(k+1).
    const r = R.rename[p];
    const leaders = leadersHash(s.leaders, p, r);
    const named = historyLanes(s, h, p, r);
    let a = mix((named === null ? h.a : named[0]) ^ leaders, counters);
    let b = mix((named === null ? h.b : named[1]) ^ leaders, counters + 1);
    let ma = 0;
    let mb = 0;
    for (let k = 0; k < s.msgs.length; k++) {
      const id = s.msgs[k];
      let table = t.msgRenamed[id];
      if (table === null) {
        table = new Uint32Array(3 * count);
        t.msgRenamed[id] = table;
      }
      if (table[2 * count + p] !== 1) renamedLanes(table, p, count, messageKey(t.msg[id], r));
      const left = s.left === null ? 0 : s.left[k];
      ma = (ma + mix(table[2 * p], left)) >>> 0;
      mb = (mb + mix(table[2 * p + 1], left)) >>> 0;
    }
    a ^= ma;
    b ^= mb;
    for (const orig of R.perms[p]) {
      const n = s.nodes[orig];
      const info = s.infos[orig];
      if (info.renamed === null) info.renamed = new Uint32Array(3 * count);
      if (info.renamed[2 * count + p] !== 1) renamedLanes(info.renamed, p, count, nodeKeyRenamed(n, r));
      a = mix(a, info.renamed[2 * p]);
      b = mix(b, info.renamed[2 * p + 1]);
    }
    if (bestA === -1 || a < bestA || (a === bestA && b < bestB)) {
      bestA = a;
      bestB = b;
    }
  }
  return [bestA, bestB];
}
