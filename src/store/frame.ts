// The frame: what is drawn of a run at the displayed moment — its servers, the messages in
// flight, the network, the simulated clients and the time machine's counters. (A "snapshot"
// is a Raft snapshot only; what the view draws at a moment is a frame.) A new frame reuses the
// parts of the previous one that did not change, so a frame costs O(what changed).

import type { ClientRecord, Cluster, DiskView, MessageView, NetworkView, NodeView } from '../sim/index.ts';
import { session, type Session } from './session.ts';
import { skippedActions, type SkippedAction } from './skipped.ts';

export interface ClientView {
  id: string;
  /** The operation in progress, if any. */
  pending: ClientRecord | null;
  /** The last completed operation. */
  last: ClientRecord | null;
  completed: number;
}

export interface Frame {
  revision: number;
  now: number;
  ids: readonly string[];
  nodes: ReadonlyMap<string, NodeView>;
  messages: readonly MessageView[];
  leader: string | null;
  network: NetworkView;
  clients: readonly ClientView[];
  /** Trace events that have happened at the displayed moment. */
  traceLength: number;
  horizon: number;
  actions: number;
  futureActions: number;
  canUndo: boolean;
  canRedo: boolean;
  branches: number;
  /** Script actions refused when replayed (skipped), up to the displayed moment: cluster.refusedActions(), in words. */
  skipped: readonly SkippedAction[];
  /** With a disk latency only: each server's disk — its writes not yet durable (cluster.disk). */
  disks?: ReadonlyMap<string, DiskView>;
}

/** Each server's disk, when the run has a disk latency (a handful of small objects a frame). */
function disksOf(c: Cluster): ReadonlyMap<string, DiskView> | undefined {
  if ((c.options.timing.diskLatencyMax ?? 0) <= 0) return undefined;
  const out = new Map<string, DiskView>();
  for (const id of c.ids) {
    const d = c.disk(id);
    if (d !== null) out.set(id, d);
  }
  return out;
}

/**
 * What is drawn of a session (the current one; compare pane B passes its own). `prev` and
 * `prevCluster`: the frame drawn before and the cluster it was read from (null: from scratch).
 */
export function buildFrame(prev: Frame | null, prevCluster: Cluster | null, source: Session = session()): Frame {
  const { tm, index } = source;
  const c = tm.cluster;
  const touched = tm.takeTouched();
  const sameCluster = prev !== null && prevCluster === c;
  const nodes = new Map<string, NodeView>();
  const stale: string[] = [];
  for (const id of c.ids) {
    const old = prev?.nodes.get(id);
    if (old !== undefined && sameCluster && touched.nodes !== 'all' && !touched.nodes.has(id)) nodes.set(id, old);
    else stale.push(id);
  }
  // peek: shared, frozen views — a frame costs O(what changed), not O(log length)
  for (const id of stale) nodes.set(id, c.peek(id));
  const clients = prev !== null && !touched.clients && prev.traceLength === tm.traceLength ? prev.clients : index.clientStatus(tm.traceLength, (i) => tm.trace.get(i));
  const network = prev !== null && !touched.network ? prev.network : c.network();
  return {
    revision: tm.revision,
    now: c.now,
    ids: c.ids.slice(),
    nodes,
    messages: stableMessages(prev?.messages, c.inFlight()),
    leader: c.leader(),
    network,
    clients,
    traceLength: tm.traceLength,
    horizon: tm.horizon,
    actions: tm.actions.length,
    futureActions: tm.futureActions,
    canUndo: tm.canUndo,
    canRedo: tm.canRedo,
    branches: tm.branches.length,
    skipped: skippedActions(tm, prev?.skipped),
    disks: disksOf(c),
  };
}

/**
 * The frame of the session as it is now, after `prev` (read from `prevCluster`): `prev` itself
 * when nothing changed, `prev` with the new horizon when only the horizon moved, else a new
 * frame. The caller remembers `source.tm.cluster` as the next `prevCluster`.
 */
export function nextFrame(prev: Frame, prevCluster: Cluster | null, source: Session = session()): Frame {
  const { tm } = source;
  if (tm.revision !== prev.revision || prevCluster !== tm.cluster || prev.traceLength !== tm.traceLength) {
    return buildFrame(prev, prevCluster, source);
  }
  if (prev.horizon !== tm.horizon) return { ...prev, horizon: tm.horizon };
  return prev;
}

/**
 * In-flight messages, reusing the previous frame's object for a message that did not change
 * (same id, same delivery time), so components memoised on a message skip re-rendering.
 */
function stableMessages(prev: readonly MessageView[] | undefined, next: MessageView[]): MessageView[] {
  if (prev === undefined || prev.length === 0) return next;
  const byId = new Map<number, MessageView>();
  for (const m of prev) byId.set(m.id, m);
  let same = prev.length === next.length;
  const out = next.map((m, i) => {
    const old = byId.get(m.id);
    const keep = old !== undefined && old.deliverAt === m.deliverAt && old.sentAt === m.sentAt ? old : m;
    if (keep !== prev[i]) same = false;
    return keep;
  });
  return same ? (prev as MessageView[]) : out;
}
