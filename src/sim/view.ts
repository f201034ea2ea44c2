// Read-only views of a node's state, shaped for the API (DESIGN.md's NodeView), in two kinds:
//
// - nodeView: a deep copy, for the scripting API (`node(id)`): the caller may keep or modify it.
// - SharedViews: the same content without copying, for drawing every frame (`peek(id)`). Log
//   entries are immutable, and a full chunk of a ChunkedList is never written again and is
//   shared by every copy of the list (checkpoints included), so the views of a full chunk are
//   made once and found again by the chunk's identity — on this cluster, on a cluster restored
//   from one of its checkpoints, after any seek. Only the last, partly filled chunk is compared
//   entry by entry. A frame therefore costs O(chunks + 256) per node, not O(log length), and
//   what it returns is frozen, so sharing it cannot corrupt anything.

import { CHUNK_SIZE, listToArray } from '../raft/chunked.ts';
import type { ChunkedList } from '../raft/chunked.ts';
import type { LogEntry, NodeState } from '../raft/types.ts';
import type { LogEntryView, NodeView } from './types.ts';

function header(n: NodeState, log: LogEntryView[]): NodeView {
  const view: NodeView = {
    id: n.id,
    alive: n.alive,
    role: n.role,
    term: n.currentTerm,
    votedFor: n.votedFor,
    leaderId: n.leaderId,
    log,
    snapshotIndex: n.snapshot === null ? 0 : n.snapshot.index,
    snapshotTerm: n.snapshot === null ? 0 : n.snapshot.term,
    commitIndex: n.commitIndex,
    lastApplied: n.lastApplied,
    state: Object.fromEntries(n.kv),
    electionDeadline: n.electionDeadline,
    heartbeatDue: n.heartbeatDue,
    config: { voters: n.voters.slice(), learners: n.learners.slice() },
  };
  if (n.role === 'leader') {
    // Object.fromEntries defines own properties: a peer named '__proto__' is kept, where
    // assigning record[peer] = … would silently set the prototype instead (DESIGN.md).
    const peers = [...n.progress];
    view.nextIndex = Object.fromEntries(peers.map(([peer, p]) => [peer, p.nextIndex]));
    view.matchIndex = Object.fromEntries(peers.map(([peer, p]) => [peer, p.matchIndex]));
  }
  return view;
}

export function nodeView(n: NodeState): NodeView {
  const base = n.log.base;
  const log = listToArray(n.log).map((e, i) => ({ index: base + i + 1, term: e.term, command: e.command, kind: e.kind }));
  return structuredClone(header(n, log));
}

function entryView(e: LogEntry, index: number): LogEntryView {
  // the command is frozen too: a caller that reaches into it must not change what replays show
  return Object.freeze({ index, term: e.term, command: deepFreeze(e.command), kind: e.kind });
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** The views of one full chunk at one base: a chunk moved by compaction gets new indexes. */
interface ChunkViews {
  base: number;
  views: readonly LogEntryView[];
}

/** Views of full chunks, by chunk identity; shared by every cluster (checkpoints share chunks). */
const fullChunkViews = new WeakMap<LogEntry[], ChunkViews>();

function viewsOfFullChunk(chunk: LogEntry[], first: number, base: number): readonly LogEntryView[] {
  const known = fullChunkViews.get(chunk);
  if (known !== undefined && known.base === base) return known.views;
  const views = Object.freeze(chunk.map((e, i) => entryView(e, first + i)));
  fullChunkViews.set(chunk, { base, views });
  return views;
}

/** What a node's log looked like when its view was last made. */
interface LogMemo {
  base: number;
  length: number;
  chunks: LogEntry[][];
  /** The entries of the last chunk (it may be written in place, so its identity says nothing). */
  tail: LogEntry[];
  log: readonly LogEntryView[];
}

/** Shared, frozen node views for drawing, kept up to date in O(new entries) per call. */
export class SharedViews {
  private readonly memo = new Map<string, LogMemo>();

  view(n: NodeState): NodeView {
    return deepFreezeHeader(header(n, this.log(n.id, n.log) as LogEntryView[]));
  }

  private log(id: string, list: ChunkedList<LogEntry>): readonly LogEntryView[] {
    const old = this.memo.get(id);
    if (old !== undefined && unchanged(old, list)) return old.log;
    // the views of the full chunks (made once per chunk, shared), then of the last chunk
    const parts: (readonly LogEntryView[])[] = [];
    const last = list.chunks.length - 1;
    for (let c = 0; c <= last; c++) {
      const chunk = list.chunks[c];
      const first = list.base + c * CHUNK_SIZE + 1;
      if (chunk.length === CHUNK_SIZE && c < last) {
        parts.push(viewsOfFullChunk(chunk, first, list.base));
      } else {
        // the last chunk: reuse the previous views of the entries still there
        const prev = old !== undefined && old.base === list.base ? old.log : [];
        const tail: LogEntryView[] = [];
        for (let i = 0; i < chunk.length; i++) {
          const index = first + i;
          const before = prev[index - list.base - 1] as LogEntryView | undefined;
          const same = before !== undefined && old !== undefined && entryAt(old, index) === chunk[i];
          tail.push(same ? before : entryView(chunk[i], index));
        }
        parts.push(tail);
      }
    }
    // one native concat rather than an element-by-element copy: a seek makes these arrays anew
    const out = ([] as LogEntryView[]).concat(...parts);
    Object.freeze(out);
    const chunk = list.chunks[last] as LogEntry[] | undefined;
    this.memo.set(id, { base: list.base, length: list.length, chunks: list.chunks.slice(), tail: chunk === undefined ? [] : chunk.slice(), log: out });
    return out;
  }
}

function entryAt(memo: LogMemo, index: number): LogEntry | undefined {
  const i = index - memo.base - 1;
  if (i < 0 || i >= memo.length) return undefined;
  const c = (i / CHUNK_SIZE) | 0;
  return c === memo.chunks.length - 1 ? memo.tail[i % CHUNK_SIZE] : memo.chunks[c][i % CHUNK_SIZE];
}

function unchanged(old: LogMemo, list: ChunkedList<LogEntry>): boolean {
  if (old.base !== list.base || old.length !== list.length || old.chunks.length !== list.chunks.length) return false;
  const last = list.chunks.length - 1;
  for (let c = 0; c < last; c++) if (old.chunks[c] !== list.chunks[c]) return false;
  if (last < 0) return true;
  const tail = list.chunks[last];
  for (let i = 0; i < tail.length; i++) if (old.tail[i] !== tail[i]) return false;
  return true;
}

function deepFreezeHeader(v: NodeView): NodeView {
  Object.freeze(v.config.voters);
  Object.freeze(v.config.learners);
  Object.freeze(v.config);
  deepFreeze(v.state);
  if (v.nextIndex !== undefined) Object.freeze(v.nextIndex);
  if (v.matchIndex !== undefined) Object.freeze(v.matchIndex);
  return Object.freeze(v);
}
