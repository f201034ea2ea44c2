// Node views for drawing, every frame, without copying whole logs.
//
// cluster.node(id) returns a deep copy of the node (its whole log included): right for the
// scripting API, too slow for 60 frames a second once logs hold thousands of entries. The
// drawing reads the same data from cluster.checkpoint() — plain data, O(nodes + messages) to
// take, whose log entries are immutable and shared — and keeps one LogEntryView per entry
// across frames, so a frame costs O(new entries). If the checkpoint does not have the shape
// this reader expects (the simulator's business, DESIGN.md), it falls back to cluster.node().

import type { Cluster, LogEntryView, NodeView } from '../sim/index.ts';

interface ChunkedListLike {
  base: number;
  length: number;
  chunks: unknown[][];
}

interface EntryLike {
  term: number;
  command: unknown;
  kind: LogEntryView['kind'];
}

interface LogCache {
  base: number;
  /** The engine's entry objects the views were made from (identity tells whether they changed). */
  source: unknown[];
  views: LogEntryView[];
}

function isList(x: unknown): x is ChunkedListLike {
  if (typeof x !== 'object' || x === null) return false;
  const l = x as Record<string, unknown>;
  return typeof l.base === 'number' && typeof l.length === 'number' && Array.isArray(l.chunks);
}

function itemAt(list: ChunkedListLike, i: number): unknown {
  // chunks are all of one size except the last
  const size = list.chunks.length > 1 ? list.chunks[0].length : Number.MAX_SAFE_INTEGER;
  return list.chunks[Math.floor(i / size)]?.[i % size];
}

function isEntry(x: unknown): x is EntryLike {
  return typeof x === 'object' && x !== null && typeof (x as EntryLike).term === 'number' && typeof (x as EntryLike).kind === 'string';
}

export class NodeViewReader {
  private logs = new Map<string, LogCache>();
  /**
   * One view per engine entry object: an entry object sits at the same index in every log
   * that holds it (entries are immutable and shared), so its view is reused across servers,
   * frames and seeks.
   */
  private views = new WeakMap<object, LogEntryView>();

  /** Views of the given nodes (all of them when `ids` is omitted). */
  read(cluster: Cluster, ids: readonly string[] = cluster.ids): Map<string, NodeView> {
    const out = new Map<string, NodeView>();
    let nodes: Map<string, unknown> | null = null;
    try {
      const state = cluster.checkpoint() as unknown as { nodes?: unknown };
      if (state.nodes instanceof Map) nodes = state.nodes as Map<string, unknown>;
    } catch {
      nodes = null;
    }
    for (const id of ids) {
      const raw = nodes?.get(id);
      const view = raw === undefined ? null : this.fromState(id, raw);
      out.set(id, view ?? cluster.node(id));
    }
    return out;
  }

  private fromState(id: string, raw: unknown): NodeView | null {
    if (typeof raw !== 'object' || raw === null) return null;
    const n = raw as Record<string, unknown>;
    if (
      typeof n.currentTerm !== 'number' ||
      typeof n.alive !== 'boolean' ||
      typeof n.role !== 'string' ||
      typeof n.commitIndex !== 'number' ||
      typeof n.lastApplied !== 'number' ||
      !isList(n.log) ||
      !(n.kv instanceof Map) ||
      !Array.isArray(n.voters)
    ) {
      return null;
    }
    const log = this.logViews(id, n.log);
    if (log === null) return null;
    const snapshot = n.snapshot as { index?: unknown; term?: unknown } | null;
    const view: NodeView = {
      id,
      alive: n.alive,
      role: n.role as NodeView['role'],
      term: n.currentTerm,
      votedFor: typeof n.votedFor === 'string' ? n.votedFor : null,
      leaderId: typeof n.leaderId === 'string' ? n.leaderId : null,
      log,
      snapshotIndex: snapshot !== null && typeof snapshot?.index === 'number' ? snapshot.index : 0,
      snapshotTerm: snapshot !== null && typeof snapshot?.term === 'number' ? snapshot.term : 0,
      commitIndex: n.commitIndex,
      lastApplied: n.lastApplied,
      state: Object.fromEntries(n.kv as Map<string, unknown>),
      electionDeadline: typeof n.electionDeadline === 'number' ? n.electionDeadline : null,
      heartbeatDue: typeof n.heartbeatDue === 'number' ? n.heartbeatDue : null,
      config: {
        voters: (n.voters as unknown[]).filter((v): v is string => typeof v === 'string'),
        learners: Array.isArray(n.learners) ? (n.learners as unknown[]).filter((v): v is string => typeof v === 'string') : [],
      },
    };
    if (n.role === 'leader' && n.progress instanceof Map) {
      const nextIndex: Record<string, number> = {};
      const matchIndex: Record<string, number> = {};
      for (const [peer, p] of n.progress as Map<string, { nextIndex?: unknown; matchIndex?: unknown }>) {
        if (typeof p.nextIndex === 'number') nextIndex[peer] = p.nextIndex;
        if (typeof p.matchIndex === 'number') matchIndex[peer] = p.matchIndex;
      }
      view.nextIndex = nextIndex;
      view.matchIndex = matchIndex;
    }
    return view;
  }

  /** The log as views, reusing those of entries that did not change since the last frame. */
  private logViews(id: string, list: ChunkedListLike): LogEntryView[] | null {
    let cache = this.logs.get(id);
    let keep = 0;
    if (cache !== undefined && cache.base === list.base) {
      // the longest prefix still made of the same entry objects
      keep = Math.min(cache.source.length, list.length);
      while (keep > 0 && itemAt(list, keep - 1) !== cache.source[keep - 1]) keep--;
    }
    if (cache === undefined || cache.base !== list.base) {
      cache = { base: list.base, source: [], views: [] };
      keep = 0;
    }
    if (keep === cache.source.length && keep === list.length) {
      this.logs.set(id, cache);
      return cache.views;
    }
    const source = cache.source.slice(0, keep);
    const views = cache.views.slice(0, keep);
    for (let i = keep; i < list.length; i++) {
      const e = itemAt(list, i);
      const index = list.base + i + 1;
      let view = typeof e === 'object' && e !== null ? this.views.get(e) : undefined;
      if (view === undefined || view.index !== index) {
        if (!isEntry(e)) return null;
        view = { index, term: e.term, command: e.command, kind: e.kind };
        this.views.set(e, view);
      }
      source.push(e);
      views.push(view);
    }
    this.logs.set(id, { base: list.base, source, views });
    return views;
  }
}
