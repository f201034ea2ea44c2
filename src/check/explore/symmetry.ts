// The exhaustive explorer (src/check/explore.ts): symmetry reduction over server names. When the
// options treat servers alike (every server boots the same, no membership change names one), a
// state and the same state with the servers renamed behave alike, so both get one fingerprint:
// the least over the renamings that list the servers in the order of a name-free signature
// (ties, as in the initial state, try every order of the tied servers). Breadth-first over
// these classes still finds a shortest counterexample: a renaming keeps a path's length.

import type { Message } from '../../raft/messages.ts';
import type { NodeState } from '../../raft/types.ts';

import { type XState, entryKey, hash32, historyHash, leadersKey, logKey, mix } from './state.ts';
import type { ExploreConfig } from './types.ts';

/** Whether the options treat every server alike (membership entries name servers: not reduced). */
export function symmetric(config: ExploreConfig): boolean {
  if (!config.symmetry) return false;
  const changes = config.maxMembership > 0 && (config.actions.includes('add') || config.actions.includes('remove'));
  return !changes;
}

type Rename = (id: string) => string;

const sorted = (ids: readonly string[], r: Rename): string => ids.map(r).sort().join(',');

/** nodeKey (state.ts) with every server name renamed. */
export function nodeKeyRenamed(n: NodeState, r: Rename): string {
  const snap = n.snapshot === null ? '' : `${n.snapshot.index}/${n.snapshot.term}/${sorted(n.snapshot.voters, r)}`;
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
    logKey(n),
    snap,
    sorted(n.votes, r),
    n.electionDeadline === null ? 'e0' : 'e1',
    n.heartbeatDue === null ? 'h0' : 'h1',
    progress.join(','),
    sorted(n.learners, r),
    c === null ? '' : `${r(c.server)}:${c.roundEnd}:${c.rounds}`,
    n.transferTarget === null ? '' : r(n.transferTarget),
  ].join('|');
}

/** messageKey (state.ts) with every server name renamed. */
export function messageKeyRenamed(m: Message, r: Rename): string {
  const head = `${m.type}|${r(m.from)}|${r(m.to)}|${m.term}`;
  switch (m.type) {
    case 'RequestVote':
    case 'PreVote':
      return `${head}|${m.lastLogIndex}|${m.lastLogTerm}${m.type === 'RequestVote' && m.transfer === true ? '|t' : ''}`;
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return `${head}|${m.voteGranted ? 1 : 0}`;
    case 'AppendEntries':
      return `${head}|${m.prevLogIndex}|${m.prevLogTerm}|${m.leaderCommit}|${m.entries.map(entryKey).join(';')}`;
    case 'AppendEntriesReply':
      return `${head}|${m.success ? 1 : 0}|${m.matchIndex}|${m.conflictIndex}|${m.conflictTerm}`;
    case 'InstallSnapshot':
      return `${head}|${m.lastIncludedIndex}|${m.lastIncludedTerm}|${sorted(m.snapshot.voters, r)}`;
    case 'InstallSnapshotReply':
      return `${head}|${m.matchIndex}`;
    case 'TimeoutNow':
      return head;
    case 'ClientRequest':
    case 'ClientReply':
      return `${head}|${m.client}|${m.seq}`;
  }
}

/** A server's state without any name: which servers may stand in each other's place. */
function signature(n: NodeState): string {
  let s = sigs.get(n);
  if (s === undefined) {
    s = `${n.alive ? 'A' : 'D'}${n.role[0]}${n.currentTerm}|${n.votedFor === null ? 0 : 1}${n.leaderId === null ? 0 : 1}|${n.commitIndex}|${n.lastApplied}|${logKey(n)}|${n.votes.length}|${n.electionDeadline === null ? 0 : 1}${n.heartbeatDue === null ? 0 : 1}`;
    sigs.set(n, s);
  }
  return s;
}

const sigs = new WeakMap<NodeState, string>();
// Per object and renaming (its code: the new position of each server, in order): the two lanes.
const nodeHashes = new WeakMap<NodeState, Map<string, [number, number]>>();
const messageHashes = new WeakMap<Message, Map<string, [number, number]>>();

function cached<T extends object>(table: WeakMap<T, Map<string, [number, number]>>, x: T, code: string, key: () => string): [number, number] {
  let byCode = table.get(x);
  if (byCode === undefined) {
    byCode = new Map();
    table.set(x, byCode);
  }
  let h = byCode.get(code);
  if (h === undefined) {
    const k = key();
    h = [hash32(k, 0x811c9dc5), hash32(k, 0x9e3779b9)];
    byCode.set(code, h);
  }
  return h;
}

/** Every order of the servers consistent with their signatures (sorted; ties in every order). */
function orders(s: XState): number[][] {
  const idx = s.nodes.map((_, i) => i);
  const sig = s.nodes.map(signature);
  idx.sort((a, b) => (sig[a] < sig[b] ? -1 : sig[a] > sig[b] ? 1 : 0));
  let out: number[][] = [[]];
  for (let i = 0; i < idx.length; ) {
    let j = i + 1;
    while (j < idx.length && sig[idx[j]] === sig[idx[i]]) j++;
    const group = idx.slice(i, j);
    const perms = permutations(group);
    out = out.flatMap((prefix) => perms.map((p) => [...prefix, ...p]));
    i = j;
  }
  return out;
}

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The fingerprint of the state's symmetry class (the least over its candidate renamings). */
export function canonicalFingerprint(s: XState): [number, number] {
  const h = historyHash(s, false);
  const counters = s.timeouts * 0x10001 + s.crashes + 31 * (s.requests + 31 * (s.membership + 31 * (s.transfers + 31 * s.names.length)));
  let bestA = -1;
  let bestB = -1;
  for (const order of orders(s)) {
    // order[k] is the server that takes the name S(k+1).
    const to = new Map<string, string>();
    order.forEach((orig, k) => to.set(s.names[orig], `S${k + 1}`));
    const r: Rename = (id) => to.get(id) ?? id;
    const code = order.join(',');
    const leaders = s.leaders.size === 0 ? 0 : hash32(leadersKey(s.leaders, r), 0x811c9dc5);
    let a = mix(h.a ^ leaders, counters);
    let b = mix(h.b ^ leaders, counters + 1);
    let ma = 0;
    let mb = 0;
    for (const m of s.msgs.values()) {
      const [x, y] = cached(messageHashes, m, code, () => messageKeyRenamed(m, r));
      const left = s.left.get(messageKeyOf(m, s)) ?? 0;
      ma = (ma + mix(x, left)) >>> 0;
      mb = (mb + mix(y, left)) >>> 0;
    }
    a ^= ma;
    b ^= mb;
    for (const orig of order) {
      const [x, y] = cached(nodeHashes, s.nodes[orig], code, () => nodeKeyRenamed(s.nodes[orig], r));
      a = mix(a, x);
      b = mix(b, y);
    }
    if (bestA === -1 || a < bestA || (a === bestA && b < bestB)) {
      bestA = a;
      bestB = b;
    }
  }
  return [bestA, bestB];
}

// The copies left of a message are kept by its (unrenamed) key; found once per message object.
const keys = new WeakMap<Message, string>();
function messageKeyOf(m: Message, s: XState): string {
  if (s.left.size === 0) return '';
  let k = keys.get(m);
  if (k === undefined) {
    k = messageKeyRenamed(m, (id) => id);
    keys.set(m, k);
  }
  return k;
}
