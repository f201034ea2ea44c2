// The simulated world around the Raft nodes: a discrete-event loop over a priority queue of
// (time, sequence)-ordered events, the network, crashes, simulated clients and the action
// script. Everything it holds is plain data (SimState) so a checkpoint is a cheap copy and a
// run is a pure function of (options, seed, actions).

import { copyList, emptyList, listToArray, pushItem, type ChunkedList } from '../raft/chunked.ts';
import type { NodeEvent } from '../raft/events.ts';
import { lastLogIndex } from '../raft/log.ts';
import type { ClientReply, Message, Outgoing } from '../raft/messages.ts';
import * as raft from '../raft/node.ts';
import { deriveRng, uniformInt, type Rng } from '../raft/rng.ts';
import type { ClientOp, LogEntry, NodeState, RaftSettings } from '../raft/types.ts';
import {
  backoff,
  copyClient,
  createClient,
  generateOp,
  pickTarget,
  requestTimeout,
  workloadGap,
  type ClientState,
  type Completion,
  type Invocation,
} from './clients.ts';
import {
  blockedReason,
  copyNetwork,
  createNetwork,
  drawFate,
  heal as healNetwork,
  linkKey,
  parseLinkKey,
  setPartition,
  type NetworkState,
} from './network.ts';
import { clientName } from './atoms.ts';
import { resolveOptions } from './options.ts';
import { heapPeek, heapPop, heapPush, type SimEvent } from './queue.ts';
import { actionRefusal, clientNameProblem, serverNameProblem, type ActionContext } from './actionChecks.ts';
import {
  checkActions,
  checkClientOp,
  checkGroupsShape,
  checkMs,
  checkSerialisable,
  describe,
  parseLink,
  parseNetwork,
} from './validate.ts';
import { nodeView, SharedViews } from './view.ts';
import type {
  Action,
  Cluster,
  ClusterState,
  ClientRecord,
  DropReason,
  LinkOptions,
  MessageView,
  NetworkOptions,
  NetworkView,
  NodeView,
  ProposeResult,
  RefusedAction,
  RequestOptions,
  ResolvedOptions,
  TraceEvent,
} from './types.ts';

interface TimerSlot {
  /** Time and sequence number of the earliest scheduled event for this timer, if any. */
  at: number;
  token: number;
}

/** The whole simulation as plain data. */
interface SimState {
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
  timers: Map<string, { election: TimerSlot | null; heartbeat: TimerSlot | null }>;
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
}

export function createCluster(options?: unknown, actions?: unknown): Cluster {
  const resolved = resolveOptions(options);
  const script = actions === undefined ? [] : checkActions(actions, resolved);
  const state = initialState(resolved);
  state.script = script;
  return new SimCluster(state);
}

export function restoreCluster(state: ClusterState): Cluster {
  if (
    typeof state !== 'object' ||
    state === null ||
    (state as { format?: unknown }).format !== 'raftlab-cluster-state' ||
    (state as { version?: unknown }).version !== 1
  ) {
    throw new Error('restoreCluster: state: not a raftlab cluster state (use cluster.checkpoint())');
  }
  const raw = state as unknown as Partial<Record<keyof SimState, unknown>>;
  if (!(raw.nodes instanceof Map) || !(raw.messages instanceof Map) || !Array.isArray(raw.queue)) {
    throw new Error(
      'restoreCluster: state: its Maps are missing — a checkpoint holds Maps, so pass it as checkpoint() returned it ' +
        '(or a structuredClone of it), not a JSON round trip',
    );
  }
  return new SimCluster(copyState(state as unknown as SimState));
}

function initialState(options: ResolvedOptions): SimState {
  const nodes = new Map<string, NodeState>();
  const timers = new Map<string, { election: TimerSlot | null; heartbeat: TimerSlot | null }>();
  for (const id of options.nodes) {
    const init = options.initial[id] ?? {};
    const log: LogEntry[] = (init.log ?? []).map((e) => ({ term: e.term, command: e.command, kind: 'command' }));
    nodes.set(id, raft.createNode(id, options.nodes, options.seed, { term: init.term, votedFor: init.votedFor, log }));
    timers.set(id, { election: null, heartbeat: null });
  }
  const queue: SimEvent[] = [];
  heapPush(queue, { kind: 'boot', at: 0, seq: 0 });
  return {
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
}

/** O(nodes + messages + clients + actions): logs and histories share their full chunks. */
function copyState(s: SimState): SimState {
  const nodes = new Map<string, NodeState>();
  for (const [id, n] of s.nodes) nodes.set(id, raft.copyNode(n));
  const timers = new Map<string, { election: TimerSlot | null; heartbeat: TimerSlot | null }>();
  for (const [id, t] of s.timers) {
    timers.set(id, {
      election: t.election === null ? null : { ...t.election },
      heartbeat: t.heartbeat === null ? null : { ...t.heartbeat },
    });
  }
  const clients = new Map<string, ClientState>();
  for (const [id, c] of s.clients) clients.set(id, copyClient(c));
  return {
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
}

class SimCluster implements Cluster {
  private s: SimState;
  private readonly settings: RaftSettings;
  private readonly listeners = new Set<(e: TraceEvent) => void>();
  private tracing = false;
  private readonly ctx: raft.StepContext;
  private readonly shared = new SharedViews();

  constructor(state: SimState) {
    this.s = state;
    this.settings = { timing: state.options.timing, features: state.options.features };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cluster = this;
    const out: raft.Outbox = {
      get trace() {
        return cluster.tracing;
      },
      send: (m) => cluster.send(m),
      emit: (e: NodeEvent) => cluster.emit(e),
    };
    this.ctx = { now: state.now, settings: this.settings, out };
  }

  // ------------------------------------------------------------------ reading

  get now(): number {
    return this.s.now;
  }
  get ids(): readonly string[] {
    return this.s.ids;
  }
  get options(): ResolvedOptions {
    return this.s.options;
  }
  get eventsProcessed(): number {
    return this.s.eventsProcessed;
  }

  node(id: string): NodeView {
    return nodeView(this.nodeState('node', id));
  }

  peek(id: string): NodeView {
    return this.shared.view(this.nodeState('peek', id));
  }

  leader(): string | null {
    let best: string | null = null;
    let bestTerm = -1;
    for (const id of this.s.ids) {
      const n = this.s.nodes.get(id);
      if (n !== undefined && n.alive && n.role === 'leader' && n.currentTerm > bestTerm) {
        best = id;
        bestTerm = n.currentTerm;
      }
    }
    return best;
  }

  history(): ClientRecord[] {
    const done = new Map<number, Completion>();
    for (const c of listToArray(this.s.completions)) done.set(c.id, c);
    return listToArray(this.s.invocations).map((inv) => {
      const c = done.get(inv.id);
      const record: ClientRecord = { id: inv.id, client: inv.client, op: { ...inv.op }, invokedAt: inv.invokedAt };
      if (c !== undefined) {
        record.completedAt = c.completedAt;
        if (c.result !== undefined) record.result = c.result;
      }
      return record;
    });
  }

  inFlight(): MessageView[] {
    return [...this.s.messages.values()].map((m) => ({ ...m }));
  }

  actions(): Action[] {
    return structuredClone([...listToArray(this.s.actions), ...this.s.script.slice(this.s.scriptNext)]);
  }

  refusedActions(): RefusedAction[] {
    return structuredClone(this.s.refused);
  }

  nextEventAt(): number | null {
    const e = heapPeek(this.s.queue);
    const a = this.s.script[this.s.scriptNext];
    if (e === undefined) return a === undefined ? null : a.at;
    return a === undefined ? e.at : Math.min(e.at, a.at);
  }

  network(): NetworkView {
    const n = this.s.network;
    return {
      settings: { ...n.settings },
      groups: n.groups.map((g) => g.slice()),
      links: [...n.links].map(([key, link]) => {
        const [from, to] = parseLinkKey(key); // node names may themselves contain '→'
        return { from, to, link: { ...link } };
      }),
    };
  }

  checkpoint(): ClusterState {
    return copyState(this.s) as unknown as ClusterState;
  }

  subscribe(listener: (e: TraceEvent) => void): () => void {
    if (typeof listener !== 'function') throw new Error('subscribe: listener: must be a function');
    this.listeners.add(listener);
    this.tracing = true;
    return () => {
      this.listeners.delete(listener);
      this.tracing = this.listeners.size > 0;
    };
  }

  // ------------------------------------------------------------------ running

  step(): boolean {
    this.s.eventsProcessed++;
    const e = heapPeek(this.s.queue);
    const a = this.s.script[this.s.scriptNext];
    if (a !== undefined && (e === undefined || a.at < e.at)) {
      // Nothing else is due at a.at: the action acts on the settled cluster, as a live call does.
      this.s.scriptNext++;
      this.s.now = a.at;
      const reason = actionRefusal(a, this.actionContext());
      if (reason === null) this.applyAction(a);
      else this.s.refused.push({ action: a, reason }); // skipped: one validation for live and scripted actions
      return true;
    }
    if (e === undefined) {
      this.s.eventsProcessed--;
      return false;
    }
    heapPop(this.s.queue);
    this.s.now = e.at;
    this.process(e);
    return true;
  }

  runFor(ms: number): void {
    checkMs('runFor', 'ms', ms);
    const target = this.s.now + ms;
    while (this.dueBy(target)) this.step();
    this.s.now = target;
  }

  runUntil(done: (c: Cluster) => boolean, maxMs: number): boolean {
    if (typeof done !== 'function') throw new Error('runUntil: done: must be a function');
    checkMs('runUntil', 'maxMs', maxMs);
    const target = this.s.now + maxMs;
    if (done(this)) return true;
    while (this.dueBy(target)) {
      this.step();
      if (done(this)) return true;
    }
    this.s.now = target;
    return done(this);
  }

  /** Is there an event or scripted action due at or before `t`? */
  private dueBy(t: number): boolean {
    const next = this.nextEventAt();
    return next !== null && next <= t;
  }

  /** Semantics of every action: it acts at `now`, after the events already due at `now`. */
  private settle(): void {
    while (this.dueBy(this.s.now)) this.step();
  }

  private process(e: SimEvent): void {
    switch (e.kind) {
      case 'boot':
        this.boot();
        return;
      case 'deliver':
        this.arrive(e.message, e.at);
        return;
      case 'timer':
        this.timerFired(e.node, e.timer, e.seq);
        return;
      case 'client':
        this.clientTimer(e.client, e.seq);
        return;
      case 'workload':
        this.workloadTick();
        return;
    }
  }

  private boot(): void {
    const ctx = this.context();
    for (const id of this.s.ids) {
      const n = this.s.nodes.get(id);
      if (n === undefined) continue;
      if (this.tracing) {
        this.emit({ type: 'role', at: 0, node: id, role: n.role, term: n.currentTerm });
        const log = listToArray(n.log);
        if (log.length > 0) {
          this.emit({
            type: 'append',
            at: 0,
            node: id,
            from: 1,
            entries: log.map((e, i) => ({ index: i + 1, term: e.term, command: e.command, kind: e.kind })),
          });
        }
        if (n.votedFor !== null) this.emit({ type: 'vote', at: 0, node: id, term: n.currentTerm, votedFor: n.votedFor });
      }
      raft.start(n, ctx);
      this.syncTimers(id);
    }
    const w = this.s.options.workload;
    if (w.clients > 0 && w.opsPerSecond > 0) {
      for (let i = 1; i <= w.clients; i++) this.ensureClient(clientName(i));
      this.schedule({ kind: 'workload', at: workloadGap(this.s.workloadRng, this.s.options), seq: 0 });
    }
  }

  private context(): raft.StepContext {
    this.ctx.now = this.s.now;
    return this.ctx;
  }

  /** Queues an event; its `seq` is assigned here and returned (timers use it as a token). */
  private schedule(e: SimEvent): number {
    const seq = this.s.seq++;
    e.seq = seq;
    heapPush(this.s.queue, e);
    return seq;
  }

  /** Keeps at most one live queue event per node timer, at the earliest deadline. */
  private syncTimers(id: string): void {
    const n = this.s.nodes.get(id);
    const slots = this.s.timers.get(id);
    if (n === undefined || slots === undefined) return;
    const e = n.electionDeadline;
    if (e !== null && (slots.election === null || e < slots.election.at)) {
      slots.election = { at: e, token: this.schedule({ kind: 'timer', at: e, seq: 0, node: id, timer: 'election' }) };
    }
    const h = n.heartbeatDue;
    if (h !== null && (slots.heartbeat === null || h < slots.heartbeat.at)) {
      slots.heartbeat = { at: h, token: this.schedule({ kind: 'timer', at: h, seq: 0, node: id, timer: 'heartbeat' }) };
    }
  }

  private timerFired(id: string, kind: 'election' | 'heartbeat', token: number): void {
    const slots = this.s.timers.get(id);
    const n = this.s.nodes.get(id);
    if (slots === undefined || n === undefined) return;
    const slot = slots[kind];
    if (slot === null || slot.token !== token) return; // superseded by an earlier deadline
    slots[kind] = null;
    const deadline = kind === 'election' ? n.electionDeadline : n.heartbeatDue;
    if (deadline !== null && n.alive) {
      if (deadline <= this.s.now) {
        if (kind === 'election') raft.electionTimerFired(n, this.context());
        else raft.heartbeatTimerFired(n, this.context());
      }
    }
    this.syncTimers(id);
  }

  // ------------------------------------------------------------------ network

  private send(out: Outgoing): void {
    const s = this.s;
    const fate = drawFate(s.network, s.options.seed, out.from, out.to);
    const m = this.put(out, fate.latency, fate.lost);
    if (fate.duplicate) this.put(out, fate.duplicateLatency, false, m.id);
  }

  private put(out: Outgoing, latency: number, lost: boolean, copyOf?: number): Message {
    const s = this.s;
    const manual = s.network.settings.manual;
    // The node built `out` for this send alone: complete its envelope in place (no copy).
    const m = (copyOf === undefined ? out : { ...out });
    m.id = s.nextMessageId++;
    m.sentAt = s.now;
    m.deliverAt = manual ? null : s.now + latency;
    if (copyOf !== undefined) {
      delete m.lost; // a copy has a fate of its own
      m.copyOf = copyOf;
    }
    if (lost) m.lost = true;
    s.messages.set(m.id, m);
    if (manual) s.heldLatency.set(m.id, latency);
    else this.scheduleDelivery(s.now + latency, m.id);
    if (this.tracing) this.emit({ type: 'send', at: s.now, message: m });
    return m;
  }

  private scheduleDelivery(at: number, message: number): void {
    heapPush(this.s.queue, { kind: 'deliver', at, seq: this.s.seq++, message });
  }

  /** A delivery event came due (stale events — delayed or already handled — are ignored). */
  private arrive(id: number, at: number): void {
    const m = this.s.messages.get(id);
    if (m === undefined || m.deliverAt !== at) return;
    this.deliverNow(m);
  }

  private deliverNow(m: Message): void {
    const s = this.s;
    s.messages.delete(m.id);
    s.heldLatency.delete(m.id);
    const reason = this.dropReason(m);
    if (reason !== null) {
      if (this.tracing) this.emit({ type: 'drop', at: s.now, message: m, reason });
      return;
    }
    if (this.tracing) this.emit({ type: 'deliver', at: s.now, message: m });
    if (s.clients.has(m.to)) {
      if (m.type === 'ClientReply') this.clientReply(m);
      return;
    }
    const n = s.nodes.get(m.to);
    if (n === undefined) return;
    raft.receive(n, m, this.context());
    this.syncTimers(m.to);
  }

  private dropReason(m: Message): DropReason | null {
    if (m.lost === true) return 'loss';
    const blocked = blockedReason(this.s.network, m.from, m.to);
    if (blocked !== null) return blocked;
    const n = this.s.nodes.get(m.to);
    if (n !== undefined && !n.alive) return 'crashed';
    return null;
  }

  private emit(e: TraceEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ------------------------------------------------------------------ clients

  private ensureClient(id: string): ClientState {
    let c = this.s.clients.get(id);
    if (c === undefined) {
      c = createClient(id, this.s.options.seed);
      this.s.clients.set(id, c);
    }
    return c;
  }

  /** The lowest-numbered idle client, creating one when all are busy. */
  private idleClient(): ClientState {
    for (let i = 1; ; i++) {
      const id = clientName(i);
      const c = this.s.clients.get(id);
      if (c === undefined) return this.ensureClient(id);
      if (c.pending === null) return c;
    }
  }

  private members(): string[] {
    const voters = new Set<string>();
    for (const n of this.s.nodes.values()) for (const v of n.voters) voters.add(v);
    const list = this.s.ids.filter((id) => voters.has(id));
    return list.length > 0 ? list : this.s.ids;
  }

  private invoke(c: ClientState, op: ClientOp, to: string | undefined): number {
    const s = this.s;
    const record = s.nextRecordId++;
    c.seq += 1;
    c.pending = { record, seq: c.seq, op, target: '', attempts: 0, invokedAt: s.now };
    const inv: Invocation = { id: record, client: c.id, op, invokedAt: s.now };
    pushItem(s.invocations, inv);
    if (this.tracing) this.emit({ type: 'client-invoke', at: s.now, record: { ...inv } });
    this.attempt(c, to);
    return record;
  }

  private attempt(c: ClientState, to?: string): void {
    const p = c.pending;
    if (p === null) return;
    const target = to ?? c.leaderGuess ?? pickTarget(c, this.members());
    p.target = target;
    p.attempts += 1;
    this.send({ id: 0, sentAt: 0, deliverAt: 0, type: 'ClientRequest', from: c.id, to: target, term: 0, client: c.id, seq: p.seq, op: p.op });
    this.armRetry(c, this.s.now + requestTimeout(this.s.options));
  }

  private armRetry(c: ClientState, at: number): void {
    c.retryAt = at;
    c.retryToken = this.schedule({ kind: 'client', at, seq: 0, client: c.id });
  }

  private clientTimer(id: string, token: number): void {
    const c = this.s.clients.get(id);
    if (c === undefined || c.pending === null || c.retryToken !== token) return;
    // No answer in time: forget the guess and try another node, same (client, seq).
    if (c.leaderGuess === c.pending.target) c.leaderGuess = null;
    this.attempt(c);
  }

  private clientReply(m: ClientReply): void {
    const c = this.s.clients.get(m.client);
    if (c === undefined || c.pending === null || m.seq !== c.pending.seq) return; // stale
    if (m.ok) {
      const p = c.pending;
      c.pending = null;
      c.retryToken = 0;
      c.retryAt = null;
      c.leaderGuess = m.from;
      const completion: Completion = { id: p.record, completedAt: this.s.now };
      if (p.op.type === 'get') completion.result = m.result ?? null;
      pushItem(this.s.completions, completion);
      if (this.tracing) {
        const record: ClientRecord = { id: p.record, client: c.id, op: p.op, invokedAt: p.invokedAt, completedAt: this.s.now };
        if (completion.result !== undefined) record.result = completion.result;
        this.emit({ type: 'client-ok', at: this.s.now, record });
      }
      return;
    }
    if (m.from !== c.pending.target) return; // a late refusal from an earlier attempt
    if (m.leaderHint !== null && m.leaderHint !== m.from) {
      c.leaderGuess = m.leaderHint;
      this.attempt(c);
    } else {
      c.leaderGuess = null;
      this.armRetry(c, this.s.now + backoff(c, this.s.options));
    }
  }

  private workloadTick(): void {
    const s = this.s;
    const w = s.options.workload;
    for (let i = 1; i <= w.clients; i++) {
      const c = this.ensureClient(clientName(i));
      if (c.pending === null) {
        this.invoke(c, generateOp(s.workloadRng, s.options, s.nextRecordId), undefined);
        break;
      }
    }
    this.schedule({ kind: 'workload', at: s.now + workloadGap(s.workloadRng, s.options), seq: 0 });
  }

  // ------------------------------------------------------------------ actions

  private nodeState(argument: string, id: unknown): NodeState {
    if (typeof id !== 'string') throw new Error(`${argument}: node id must be a string, got ${describe(id)}`);
    const n = this.s.nodes.get(id);
    if (n === undefined) {
      throw new Error(`${argument}: unknown node id '${id}' (known: ${this.s.ids.join(', ')})`);
    }
    return n;
  }

  private message(call: string, id: unknown): Message {
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      throw new Error(`${call}: messageId must be an integer, got ${describe(id)}`);
    }
    const m = this.s.messages.get(id);
    if (m === undefined) throw new Error(`${call}: messageId ${String(id)} is not on the wire (delivered, dropped, or never sent)`);
    return m;
  }

  /**
   * A live user action, its arguments' form already checked: done after what is due now, if
   * its row of ACTION_CHECKS accepts it on the cluster as it then stands; recorded, and the old
   * future dropped. A refusal rolls back the events settled for it and throws, so a refused
   * call changes nothing. `accepted` runs just before the action acts (return values).
   */
  private act(action: Action, accepted?: () => void): void {
    const before = this.dueBy(this.s.now) ? copyState(this.s) : null;
    this.settle();
    const reason = actionRefusal(action, this.actionContext());
    if (reason !== null) {
      if (before !== null) this.s = before;
      throw new Error(`${action.type}: ${reason}`);
    }
    this.s.script = []; // acting starts a new future: the rest of a replayed script is dropped
    this.s.scriptNext = 0;
    accepted?.();
    this.applyAction(action);
  }

  /** The cluster as the action checks read it. */
  private actionContext(): ActionContext {
    const s = this.s;
    return {
      ids: s.ids,
      nodes: s.nodes,
      messages: s.messages,
      clients: s.clients,
      network: s.network,
      leader: () => {
        const id = this.leader();
        return id === null ? null : (s.nodes.get(id) ?? null);
      },
    };
  }

  private record(action: Action): void {
    pushItem(this.s.actions, action);
    if (this.tracing) this.emit({ type: 'action', at: this.s.now, action });
  }

  /** Applies one (already validated) action at `now`. */
  private applyAction(action: Action): void {
    const s = this.s;
    const at = s.now;
    switch (action.type) {
      case 'crash': {
        const n = this.nodeState('crash', action.node);
        this.record({ ...action, at });
        if (!n.alive) return;
        const roleBefore = n.role;
        raft.crash(n, this.settings);
        if (this.tracing) {
          this.emit({ type: 'crash', at, node: n.id });
          // Volatile state is gone: a crashed leader or candidate is no longer one.
          if (roleBefore !== n.role) this.emit({ type: 'role', at, node: n.id, role: n.role, term: n.currentTerm });
        }
        return;
      }
      case 'restart': {
        const n = this.nodeState('restart', action.node);
        this.record({ ...action, at });
        if (n.alive) return;
        if (this.tracing) this.emit({ type: 'restart', at, node: n.id });
        raft.restart(n, this.context());
        this.syncTimers(n.id);
        return;
      }
      case 'timeout': {
        const n = this.nodeState('timeout', action.node);
        this.record({ ...action, at });
        raft.forceTimeout(n, this.context());
        this.syncTimers(n.id);
        return;
      }
      case 'partition':
        this.record({ ...action, at, groups: action.groups.map((g) => g.slice()) });
        setPartition(s.network, action.groups, s.ids);
        if (this.tracing) this.emit({ type: 'partition', at, groups: s.network.groups.map((g) => g.slice()) });
        return;
      case 'heal':
        this.record({ ...action, at });
        healNetwork(s.network);
        if (this.tracing) this.emit({ type: 'heal', at });
        return;
      case 'setNetwork': {
        this.record({ ...action, at, network: { ...action.network } });
        const wasManual = s.network.settings.manual;
        s.network.settings = { ...s.network.settings, ...action.network };
        if (wasManual && !s.network.settings.manual) this.releaseHeld();
        if (this.tracing) this.emit({ type: 'network', at, network: { ...s.network.settings } });
        return;
      }
      case 'setLink': {
        this.record({ ...action, at, link: { ...action.link } });
        const key = linkKey(action.from, action.to);
        const merged: LinkOptions = { ...s.network.links.get(key), ...action.link };
        if (merged.up === true) delete merged.up;
        if (Object.keys(merged).length === 0) s.network.links.delete(key);
        else s.network.links.set(key, merged);
        if (this.tracing) this.emit({ type: 'link', at, from: action.from, to: action.to, link: { ...merged } });
        return;
      }
      case 'propose': {
        const n = this.nodeState('propose', action.node);
        this.record({ ...action, at });
        raft.propose(n, action.command, this.context());
        this.syncTimers(n.id);
        return;
      }
      case 'request': {
        const c = action.client === undefined ? this.idleClient() : this.ensureClient(action.client);
        this.record({ ...action, at });
        this.invoke(c, action.op, action.to);
        return;
      }
      case 'deliver': {
        const m = this.message('deliver', action.message);
        this.record({ ...action, at });
        this.deliverNow(m);
        return;
      }
      case 'drop': {
        const m = this.message('drop', action.message);
        this.record({ ...action, at });
        s.messages.delete(m.id);
        s.heldLatency.delete(m.id);
        if (this.tracing) this.emit({ type: 'drop', at, message: m, reason: 'user' });
        return;
      }
      case 'duplicate': {
        const m = this.message('duplicate', action.message);
        this.record({ ...action, at });
        // The copy's latency comes from a stream of its own, so the link's later fates stay put.
        const rng = deriveRng(s.options.seed, 'duplicate:' + String(m.id) + ':' + String(s.nextMessageId));
        const link = s.network.links.get(linkKey(m.from, m.to));
        const latency = uniformInt(rng, link?.latencyMin ?? s.network.settings.latencyMin, Math.max(link?.latencyMin ?? s.network.settings.latencyMin, link?.latencyMax ?? s.network.settings.latencyMax));
        this.put(m, latency, false, m.id); // put copies it and gives the copy its own envelope
        return;
      }
      case 'delay': {
        const m = this.message('delay', action.message);
        this.record({ ...action, at });
        const moved = { ...m, deliverAt: (m.deliverAt as number) + action.ms } as Message;
        s.messages.set(m.id, moved);
        this.scheduleDelivery(moved.deliverAt as number, m.id);
        if (this.tracing) this.emit({ type: 'send', at, message: moved });
        return;
      }
      case 'addServer': {
        this.record({ ...action, at });
        this.doAddServer(action.node);
        return;
      }
      case 'removeServer': {
        this.record({ ...action, at });
        this.doRemoveServer(action.node);
        return;
      }
      case 'transferLeadership': {
        this.record({ ...action, at });
        const leaderId = this.leader();
        if (leaderId === null) return;
        const leader = this.nodeState('transferLeadership', leaderId);
        raft.transferLeadership(leader, action.node, this.context());
        this.syncTimers(leaderId);
        return;
      }
    }
  }

  /** Manual mode switched off: held messages leave now with the latency drawn at send. */
  private releaseHeld(): void {
    const s = this.s;
    for (const [id, m] of s.messages) {
      if (m.deliverAt !== null) continue;
      const latency = s.heldLatency.get(id) ?? s.network.settings.latencyMin;
      s.heldLatency.delete(id);
      const moved = { ...m, deliverAt: s.now + latency } as Message;
      s.messages.set(id, moved);
      this.scheduleDelivery(s.now + latency, id);
    }
  }

  private doAddServer(id: string): void {
    const s = this.s;
    const leaderId = this.leader();
    if (leaderId === null) return;
    const leader = this.nodeState('addServer', leaderId);
    if (raft.configChangeRefusal(leader) !== null) return;
    if (leader.voters.includes(id) || leader.learners.includes(id)) return;
    if (!s.nodes.has(id)) {
      const n = raft.createNode(id, s.options.nodes, s.options.seed);
      s.nodes.set(id, n);
      s.timers.set(id, { election: null, heartbeat: null });
      s.ids.push(id);
      if (this.tracing) this.emit({ type: 'server', at: s.now, node: id, change: 'added' });
      raft.start(n, this.context());
      this.syncTimers(id);
    } else if (this.tracing) {
      this.emit({ type: 'server', at: s.now, node: id, change: 'added' });
    }
    raft.addServer(leader, id, this.context());
    this.syncTimers(leaderId);
  }

  private doRemoveServer(id: string): void {
    const leaderId = this.leader();
    if (leaderId === null) return;
    const leader = this.nodeState('removeServer', leaderId);
    if (raft.configChangeRefusal(leader) !== null || !leader.voters.includes(id) || leader.voters.length <= 1) return;
    raft.removeServer(leader, id, this.context());
    if (this.tracing) this.emit({ type: 'server', at: this.s.now, node: id, change: 'removed' });
    this.syncTimers(leaderId);
  }

  // ------------------------------------------------------------------ the scripting API's mutators
  //
  // Each checks the form of its arguments here (before anything happens), then act() asks the
  // action's row of ACTION_CHECKS (actionChecks.ts) after the events due now — the one check a
  // scripted action gets too.

  crash(id: string): void {
    this.act({ type: 'crash', node: nodeId('crash', id), at: this.s.now });
  }

  restart(id: string): void {
    this.act({ type: 'restart', node: nodeId('restart', id), at: this.s.now });
  }

  timeout(id: string): void {
    this.act({ type: 'timeout', node: nodeId('timeout', id), at: this.s.now });
  }

  partition(groups: string[][]): void {
    checkGroupsShape('partition', groups);
    this.act({ type: 'partition', groups: groups.map((g) => g.slice()), at: this.s.now });
  }

  heal(): void {
    this.act({ type: 'heal', at: this.s.now });
  }

  setNetwork(options: NetworkOptions): void {
    this.act({ type: 'setNetwork', network: parseNetwork('setNetwork', options), at: this.s.now });
  }

  setLink(from: string, to: string, link: LinkOptions): void {
    nodeId('setLink: from', from);
    nodeId('setLink: to', to);
    this.act({ type: 'setLink', from, to, link: parseLink('setLink', link), at: this.s.now });
  }

  propose(id: string, command: unknown): ProposeResult {
    nodeId('propose', id);
    checkSerialisable('propose', 'command', command);
    let before = 0;
    this.act({ type: 'propose', node: id, command: structuredClone(command), at: this.s.now }, () => {
      before = lastLogIndex(this.nodeState('propose', id));
    });
    const n = this.nodeState('propose', id);
    const after = lastLogIndex(n);
    return after > before && n.role === 'leader'
      ? { isLeader: true, index: after, term: n.currentTerm }
      : { isLeader: false, index: 0, term: n.currentTerm };
  }

  request(op: ClientOp, opts?: RequestOptions): number {
    checkClientOp('request', op);
    if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
      throw new Error(`request: opts: must be an object like { client: 'C1', to: 'S2' }, got ${describe(opts)}`);
    }
    const client = opts?.client;
    const to = opts?.to;
    if (to !== undefined) nodeId('request: opts.to', to);
    if (client !== undefined) {
      if (typeof client !== 'string' || client.length === 0) throw new Error(`request: opts.client: must be a client name like 'C1', got ${describe(client)}`);
      const name = clientNameProblem(client, this.s.nodes);
      if (name !== null) throw new Error(`request: ${name}`); // (whether it is idle is the action's check)
    }
    const action: Action = { type: 'request', op: structuredClone(op), at: this.s.now };
    if (client !== undefined) action.client = client;
    if (to !== undefined) action.to = to;
    let next = 0;
    this.act(action, () => {
      next = this.s.nextRecordId;
    });
    return next;
  }

  deliver(messageId: number): void {
    this.act({ type: 'deliver', message: messageIdOf('deliver', messageId), at: this.s.now });
  }

  drop(messageId: number): void {
    this.act({ type: 'drop', message: messageIdOf('drop', messageId), at: this.s.now });
  }

  duplicate(messageId: number): void {
    this.act({ type: 'duplicate', message: messageIdOf('duplicate', messageId), at: this.s.now });
  }

  delay(messageId: number, ms: number): void {
    messageIdOf('delay', messageId);
    checkMs('delay', 'ms', ms);
    this.act({ type: 'delay', message: messageId, ms, at: this.s.now });
  }

  addServer(id: string): void {
    const name = serverNameProblem(id);
    if (name !== null) throw new Error(`addServer: ${name}`);
    this.act({ type: 'addServer', node: id, at: this.s.now });
  }

  removeServer(id: string): void {
    this.act({ type: 'removeServer', node: nodeId('removeServer', id), at: this.s.now });
  }

  transferLeadership(to: string): void {
    this.act({ type: 'transferLeadership', node: nodeId('transferLeadership', to), at: this.s.now });
  }
}

/** The form of a node id argument (whether the cluster knows it is the action's check). */
function nodeId(argument: string, id: unknown): string {
  if (typeof id !== 'string') throw new Error(`${argument}: node id must be a string, got ${describe(id)}`);
  return id;
}

/** The form of a message id argument (whether it is on the wire is the action's check). */
function messageIdOf(call: string, id: unknown): number {
  if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error(`${call}: messageId must be an integer, got ${describe(id)}`);
  return id;
}
