// The whole simulation as plain data (SimState): what a checkpoint copies and restoreCluster
// resumes. No closures, no class instances holding callbacks (DESIGN.md, "Determinism is the
// product"), so a state can be copied cheaply, posted to a Worker or hashed.

import { copyList, emptyList, type ChunkedList } from '../raft/chunked.ts';
import type { Message } from '../raft/messages.ts';
import * as raft from '../raft/node.ts';
import { deriveRng, type Rng } from '../raft/rng.ts';
import type { LogEntry, NodeState } from '../raft/types.ts';
import { copyClient, type ClientState, type Completion, type Invocation } from './clients.ts';
import { copyDisks, createDisks, type DiskState } from './disk.ts';
import { copyNetwork, createNetwork, type NetworkState } from './network.ts';
import { heapPush, type SimEvent } from './queue.ts';
import type { Action, RefusedAction, ResolvedOptions } from './types.ts';

export interface TimerSlot {
  /** Time and sequence number of the earliest scheduled event for this timer, if any. */
  at: number;
  token: number;
}

export interface TimerSlots {
  election: TimerSlot | null;
  heartbeat: TimerSlot | null;
}

/** The whole simulation as plain data. */
export interface SimState {
  format: 'raftlab-cluster-state';
  version: 1;
  options: ResolvedOptions;
  now: number;
  seq: number;
  eventsProcessed: number;
  nextMessageId: number;
  nextRecordId: number;
  ids: string[];
  nodes: Map<string, NodeState>;
  timers: Map<string, TimerSlots>;
  queue: SimEvent[];
  /** Messages on the wire (and, in manual mode, waiting), in send order. */
  messages: Map<number, Message>;
  /** Latency drawn for manual-mode messages, used if the network leaves manual mode. */
  heldLatency: Map<number, number>;
  network: NetworkState;
  clients: Map<string, ClientState>;
  invocations: ChunkedList<Invocation>;
  completions: ChunkedList<Completion>;
  workloadRng: Rng;
  /** The action script so far (chunked: long scripted runs stay cheap to checkpoint). */
  actions: ChunkedList<Action>;
  /** A replayed action script (never mutated: checkpoints share it) and the next to apply. */
  script: readonly Action[];
  scriptNext: number;
  /** Scripted actions refused when their time came (skipped), in order. */
  refused: RefusedAction[];
  /** Each server's disk, with a disk latency only (disk.ts); absent by default. */
  disks?: Map<string, DiskState>;
}

export function initialState(options: ResolvedOptions): SimState {
  const nodes = new Map<string, NodeState>();
  const timers = new Map<string, TimerSlots>();
  for (const id of options.nodes) {
    const init = options.initial[id] ?? {};
    const log: LogEntry[] = (init.log ?? []).map((e) => ({ term: e.term, command: e.command, kind: 'command' }));
    nodes.set(id, raft.createNode(id, options.nodes, options.seed, { term: init.term, votedFor: init.votedFor, log }));
    timers.set(id, { election: null, heartbeat: null });
  }
  const queue: SimEvent[] = [];
  heapPush(queue, { kind: 'boot', at: 0, seq: 0 });
  const disks = createDisks(options, nodes);
  const state: SimState = {
    format: 'raftlab-cluster-state',
    version: 1,
    options,
    now: 0,
    seq: 1,
    eventsProcessed: 0,
    nextMessageId: 1,
    nextRecordId: 1,
    ids: options.nodes.slice(),
    nodes,
    timers,
    queue,
    messages: new Map(),
    heldLatency: new Map(),
    network: createNetwork(options.network),
    clients: new Map(),
    invocations: emptyList(),
    completions: emptyList(),
    workloadRng: deriveRng(options.seed, 'workload'),
    actions: emptyList(),
    script: [],
    scriptNext: 0,
    refused: [],
  };
  if (disks !== undefined) state.disks = disks;
  return state;
}

/** O(nodes + messages + clients + actions): logs and histories share their full chunks. */
export function copyState(s: SimState): SimState {
  const nodes = new Map<string, NodeState>();
  for (const [id, n] of s.nodes) nodes.set(id, raft.copyNode(n));
  const timers = new Map<string, TimerSlots>();
  for (const [id, t] of s.timers) {
    timers.set(id, {
      election: t.election === null ? null : { ...t.election },
      heartbeat: t.heartbeat === null ? null : { ...t.heartbeat },
    });
  }
  const clients = new Map<string, ClientState>();
  for (const [id, c] of s.clients) clients.set(id, copyClient(c));
  const copy: SimState = {
    ...s,
    ids: s.ids.slice(),
    nodes,
    timers,
    queue: s.queue.slice(),
    messages: new Map(s.messages),
    heldLatency: new Map(s.heldLatency),
    network: copyNetwork(s.network),
    clients,
    invocations: copyList(s.invocations),
    completions: copyList(s.completions),
    workloadRng: [s.workloadRng[0], s.workloadRng[1], s.workloadRng[2], s.workloadRng[3]],
    actions: copyList(s.actions),
    script: s.script,
    refused: s.refused.slice(), // entries are never changed: shared
  };
  if (s.disks !== undefined) copy.disks = copyDisks(s.disks);
  return copy;
}

/** A checkpoint given to restoreCluster, checked to be one (a copy of it is resumed). */
export function stateOf(state: unknown): SimState {
  if (
    typeof state !== 'object' ||
    state === null ||
    (state as { format?: unknown }).format !== 'raftlab-cluster-state' ||
    (state as { version?: unknown }).version !== 1
  ) {
    throw new Error('restoreCluster: state: not a raftlab cluster state (use cluster.checkpoint())');
  }
  const raw = state as Partial<Record<keyof SimState, unknown>>;
  if (!(raw.nodes instanceof Map) || !(raw.messages instanceof Map) || !Array.isArray(raw.queue)) {
    throw new Error(
      'restoreCluster: state: its Maps are missing — a checkpoint holds Maps, so pass it as checkpoint() returned it ' +
        '(or a structuredClone of it), not a JSON round trip',
    );
  }
  return copyState(state as SimState);
}
