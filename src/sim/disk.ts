// Each server's disk, when the options give a disk latency (timing.diskLatencyMin/Max; off by
// default, and then nothing here runs and every run is what it was before disk latency existed).
//
// Figure 2: persistent state is "updated on stable storage before responding to RPCs". After a
// server handles one input (a message, a timer, an action), if its currentTerm, votedFor, log or
// snapshot changed, it issues one write; the write takes a latency drawn from the server's own
// stream (`disk:<id>`), and writes finish in the order issued. The messages the server sent
// while handling that input wait for every write issued so far — its replies (RequestVote,
// AppendEntries, InstallSnapshot) and a candidate's RequestVote go only once the term, vote and
// entries they speak for are durable. A leader's AppendEntries, InstallSnapshot and TimeoutNow
// leave at once (thesis §10.2.1: the leader writes in parallel with replicating) once its term
// is durable; it counts itself toward a commit only for written entries (src/raft/storage.ts).
// A crash loses the writes in flight and the messages waiting for them: the server restarts with
// its last finished write.

import { copyList, itemAt, lastPosition, type ChunkedList } from '../raft/chunked.ts';
import type { LogEntryView } from '../raft/events.ts';
import { lastLogIndex } from '../raft/log.ts';
import type { Outgoing } from '../raft/messages.ts';
import { deriveRng, uniformInt, type Rng } from '../raft/rng.ts';
import { loseUnwritten, persistentState, storageWritten, storedPrefix, type Persistent } from '../raft/storage.ts';
import type { LogEntry, NodeState } from '../raft/types.ts';
import { send } from './network.ts';
import type { SimState } from './state.ts';
import type { DiskView, ResolvedOptions } from './types.ts';
import type { World } from './world.ts';

/** One write on its way to the disk. */
export interface PendingWrite {
  /** Serial number (stale completion events are recognised by it). */
  id: number;
  doneAt: number;
  /** What the disk will hold once it finishes. */
  state: Persistent;
  /** Messages sent after this write was issued that wait for it. */
  held: Outgoing[];
}

/** One server's disk. Plain data: a checkpoint copies it. */
export interface DiskState {
  rng: Rng;
  /** What the disk holds: the state of the last finished write (restored by a crash). */
  durable: Persistent;
  /** Writes issued and not yet finished, oldest first. */
  pending: PendingWrite[];
  nextWrite: number;
  /** The persistent fields as last written or issued: a change of any of them is a new write. */
  mark: Mark;
}

interface Mark {
  term: number;
  votedFor: string | null;
  base: number;
  last: number;
  lastTerm: number;
  snapshotIndex: number;
}

/** The resolved disk latency range, or null when there is no disk latency (the default). */
export function diskLatency(o: ResolvedOptions): { min: number; max: number } | null {
  const max = o.timing.diskLatencyMax ?? 0;
  if (max <= 0) return null;
  return { min: o.timing.diskLatencyMin ?? 0, max };
}

function markOf(n: NodeState): Mark {
  const last = lastPosition(n.log);
  const e = itemAt(n.log, last);
  return {
    term: n.currentTerm,
    votedFor: n.votedFor,
    base: n.log.base,
    last,
    lastTerm: e !== undefined ? e.term : n.snapshot !== null && n.snapshot.index === last ? n.snapshot.term : 0,
    snapshotIndex: n.snapshot === null ? 0 : n.snapshot.index,
  };
}

// Log Matching: two logs of a server with the same last index and term hold the same entries,
// so these fields tell whether anything persistent changed.
function sameMark(a: Mark, b: Mark): boolean {
  return (
    a.term === b.term &&
    a.votedFor === b.votedFor &&
    a.base === b.base &&
    a.last === b.last &&
    a.lastTerm === b.lastTerm &&
    a.snapshotIndex === b.snapshotIndex
  );
}

/** A server's disk at creation: its initial state is on it. */
export function newDisk(seed: number, n: NodeState): DiskState {
  n.durableIndex = lastLogIndex(n);
  n.durableTerm = n.currentTerm;
  return { rng: deriveRng(seed, 'disk:' + n.id), durable: persistentState(n), pending: [], nextWrite: 1, mark: markOf(n) };
}

/** The disks of a new cluster, or undefined without disk latency (the default). */
export function createDisks(o: ResolvedOptions, nodes: Map<string, NodeState>): Map<string, DiskState> | undefined {
  if (diskLatency(o) === null) return undefined;
  const disks = new Map<string, DiskState>();
  for (const [id, n] of nodes) disks.set(id, newDisk(o.seed, n));
  return disks;
}

function copyPersistent(p: Persistent): Persistent {
  return { ...p, log: copyList(p.log) };
}

export function copyDisks(disks: Map<string, DiskState>): Map<string, DiskState> {
  const out = new Map<string, DiskState>();
  for (const [id, d] of disks) {
    out.set(id, {
      rng: [d.rng[0], d.rng[1], d.rng[2], d.rng[3]],
      durable: copyPersistent(d.durable),
      pending: d.pending.map((w) => ({ id: w.id, doneAt: w.doneAt, state: copyPersistent(w.state), held: w.held.slice() })),
      nextWrite: d.nextWrite,
      mark: { ...d.mark },
    });
  }
  return out;
}

/** Messages a server sends wait for its pending writes, except a leader's requests once its term is on disk. */
function waits(m: Outgoing, n: NodeState, d: DiskState): boolean {
  switch (m.type) {
    case 'RequestVote':
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return true;
    case 'AppendEntries':
    case 'InstallSnapshot':
    case 'TimeoutNow':
      return d.durable.currentTerm !== n.currentTerm;
    default:
      return false; // pre-votes change nothing on disk; client replies follow a commit
  }
}

function diskOf(w: World, disks: Map<string, DiskState>, n: NodeState): DiskState {
  let d = disks.get(n.id);
  if (d === undefined) {
    d = newDisk(w.s.options.seed, n); // a server added by addServer: born empty, on disk
    disks.set(n.id, d);
  }
  return d;
}

/**
 * After a server handled one input: issue a write if its persistent state changed, then send
 * or hold what it sent meanwhile (`outbox`, in order).
 */
export function afterInput(w: World, outbox: Outgoing[]): void {
  const s = w.s;
  const disks = s.disks;
  if (disks === undefined) return;
  const range = diskLatency(s.options);
  for (const id of s.ids) {
    const n = s.nodes.get(id);
    if (n === undefined || !n.alive) continue;
    const d = diskOf(w, disks, n);
    const mark = markOf(n);
    if (sameMark(mark, d.mark)) continue;
    d.mark = mark;
    const latency = range === null ? 0 : uniformInt(d.rng, range.min, range.max);
    const last = d.pending.length > 0 ? d.pending[d.pending.length - 1].doneAt : s.now;
    const write: PendingWrite = { id: d.nextWrite++, doneAt: Math.max(last, s.now + latency), state: persistentState(n), held: [] };
    d.pending.push(write);
    w.schedule({ kind: 'disk', at: write.doneAt, seq: 0, node: id, write: write.id });
    if (w.tracing) {
      w.emit({ type: 'disk-write', at: s.now, node: id, doneAt: write.doneAt, term: n.currentTerm, votedFor: n.votedFor, lastIndex: lastLogIndex(n) });
    }
  }
  for (const m of outbox) {
    const n = s.nodes.get(m.from);
    const d = n === undefined ? undefined : disks.get(m.from);
    if (n !== undefined && d !== undefined && d.pending.length > 0 && waits(m, n, d)) d.pending[d.pending.length - 1].held.push(m);
    else send(w, m);
  }
}

/** A write's time came: the disk holds it now; what waited for it is sent. */
export function writeDone(w: World, id: string, writeId: number): void {
  const d = w.s.disks?.get(id);
  const n = w.s.nodes.get(id);
  if (d === undefined || n === undefined || d.pending.length === 0 || d.pending[0].id !== writeId) return; // lost in a crash
  const write = d.pending.shift() as PendingWrite;
  d.durable = write.state;
  if (w.tracing) {
    w.emit({ type: 'disk-done', at: w.s.now, node: id, term: write.state.currentTerm, votedFor: write.state.votedFor, lastIndex: lastPosition(write.state.log) });
  }
  for (const m of write.held) send(w, m);
  storageWritten(n, write.state, w.context());
  w.syncTimers(id);
}

/**
 * A crash: the writes in flight are lost, and the messages waiting for them. The server's
 * persistent state goes back to its disk's; the trace shows the log entries that were lost
 * (and those the lost writes had replaced), after the crash itself.
 */
export function crashDisk(w: World, n: NodeState): () => void {
  const d = w.s.disks?.get(n.id);
  if (d === undefined || d.pending.length === 0) return () => {};
  const lost = d.pending.length;
  d.pending = [];
  const from = storedPrefix(d.durable, n) + 1;
  const lostEntries = lastLogIndex(n) >= from;
  const dropped = sliceViews(n.log, from, lastLogIndex(n));
  loseUnwritten(n, d.durable);
  d.mark = markOf(n);
  const restored = sliceViews(n.log, from, lastLogIndex(n));
  const at = w.s.now;
  return () => {
    if (!w.tracing) return;
    w.emit({ type: 'disk-lost', at, node: n.id, writes: lost });
    if (lostEntries) w.emit({ type: 'truncate', at, node: n.id, from, entries: dropped });
    // an append's `from` is the index of its first entry
    if (restored.length > 0) w.emit({ type: 'append', at, node: n.id, from: restored[0].index, entries: restored });
  };
}

function sliceViews(log: ChunkedList<LogEntry>, from: number, to: number): LogEntryView[] {
  const out: LogEntryView[] = [];
  for (let i = Math.max(from, log.base + 1); i <= to; i++) {
    const e = itemAt(log, i);
    if (e === undefined) continue;
    const v: LogEntryView = { index: i, term: e.term, command: e.command, kind: e.kind };
    if (e.kind === 'config' && e.voters) v.voters = e.voters.slice();
    out.push(v);
  }
  return out;
}

export function diskView(s: SimState, id: string): DiskView | null {
  const d = s.disks?.get(id);
  if (d === undefined) return s.disks === undefined ? null : { pending: [], durable: viewOf(s.nodes.get(id)) };
  return {
    pending: d.pending.map((p) => ({
      doneAt: p.doneAt,
      term: p.state.currentTerm,
      votedFor: p.state.votedFor,
      lastIndex: lastPosition(p.state.log),
      held: p.held.length,
    })),
    durable: { term: d.durable.currentTerm, votedFor: d.durable.votedFor, lastIndex: lastPosition(d.durable.log) },
  };
}

function viewOf(n: NodeState | undefined): DiskView['durable'] {
  return n === undefined ? { term: 0, votedFor: null, lastIndex: 0 } : { term: n.currentTerm, votedFor: n.votedFor, lastIndex: lastLogIndex(n) };
}
