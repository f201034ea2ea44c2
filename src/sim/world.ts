// The event loop: a discrete-event simulation over a priority queue of (time, sequence)-ordered
// events — boot, deliveries, node timers, client retries, workload ticks — and the scripted
// actions interleaved with them. The World owns the state (SimState, plain data) and the
// trace listeners; the network (network.ts), the clients (clients.ts) and the actions
// (actions/) act on it through the few members below. The public API is cluster.ts.

import { listToArray, pushItem } from '../raft/chunked.ts';
import type { NodeEvent } from '../raft/events.ts';
import type { Message, Outgoing } from '../raft/messages.ts';
import { mutated } from '../raft/mutations.ts';
import { resetElectionTimer } from '../raft/context.ts';
import * as raft from '../raft/node.ts';
import type { NodeState, RaftSettings } from '../raft/types.ts';
import { actionRefusal, applyAction, type ActionContext } from './actions/registry.ts';
import { clientReply, clientTimer, startWorkload, workloadTick } from './clients.ts';
import { afterInput, writeDone } from './disk.ts';
import { arrive, send } from './network.ts';
import { heapPeek, heapPop, heapPush, type SimEvent } from './queue.ts';
import { copyState, type SimState } from './state.ts';
import type { Action, TraceEvent } from './types.ts';
import { describe } from './validate.ts';

export class World {
  /** The whole simulation (a refused live call checks a copy of it, restore() replaces it). */
  s: SimState;
  readonly settings: RaftSettings;
  readonly listeners = new Set<(e: TraceEvent) => void>();
  /** Whether anyone listens: trace events are built only then. */
  tracing = false;
  /** True while an action check settles a throw-away copy: its events are never shown. */
  private muted = false;
  private readonly ctx: raft.StepContext;
  /** With a disk latency: what servers sent while handling the current input (disk.ts holds or sends it after). */
  private readonly outbox: Outgoing[] = [];

  constructor(state: SimState) {
    this.s = state;
    this.settings = { timing: state.options.timing, features: state.options.features };
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const world = this;
    const out: raft.Outbox = {
      get trace() {
        return world.tracing;
      },
      send: (m) => {
        if (world.s.disks !== undefined && world.s.nodes.has(m.from)) world.outbox.push(m);
        else send(world, m);
      },
      emit: (e: NodeEvent) => world.emit(e),
    };
    this.ctx = { now: state.now, settings: this.settings, out };
  }

  emit(e: TraceEvent): void {
    if (this.muted) return;
    for (const l of this.listeners) l(e);
  }

  /** What the action check says once the events due now are settled, read from a silent copy. */
  private refusalAfterSettling(action: Action): string | null {
    const real = this.s;
    this.s = copyState(real);
    this.muted = true;
    try {
      this.settle();
      return actionRefusal(action, this.actionContext());
    } finally {
      this.s = real;
      this.muted = false;
    }
  }

  /** The node step context, at `now`. */
  context(): raft.StepContext {
    this.ctx.now = this.s.now;
    return this.ctx;
  }

  /** Runs `fn` with the engine's time tests answered from `answers`, in order (then by the clock). */
  withTimeTests(answers: readonly boolean[], fn: () => void): void {
    let next = 0;
    this.ctx.timeTests = (_test, _node, clock) => (next < answers.length ? answers[next++] : clock);
    try {
      fn();
    } finally {
      delete this.ctx.timeTests;
    }
  }

  /** Queues an event; its `seq` is assigned here and returned (timers use it as a token). */
  schedule(e: SimEvent): number {
    const seq = this.s.seq++;
    e.seq = seq;
    heapPush(this.s.queue, e);
    return seq;
  }

  /** The live leader of the highest term (ties: first in ids), or null. */
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

  // ------------------------------------------------------------------ the loop

  nextEventAt(): number | null {
    const e = heapPeek(this.s.queue);
    const a = this.s.script[this.s.scriptNext];
    if (e === undefined) return a === undefined ? null : a.at;
    return a === undefined ? e.at : Math.min(e.at, a.at);
  }

  /** Is there an event or scripted action due at or before `t`? */
  dueBy(t: number): boolean {
    const next = this.nextEventAt();
    return next !== null && next <= t;
  }

  /** Semantics of every action: it acts at `now`, after the events already due at `now`. */
  settle(): void {
    while (this.dueBy(this.s.now)) this.step();
  }

  /** With a disk latency, after each input: the writes it caused are issued, its messages sent or held. */
  private afterInput(): void {
    if (this.s.disks === undefined) return;
    const sent = this.outbox.splice(0);
    afterInput(this, sent);
  }

  /** Processes exactly one event or scripted action; false when none is pending. */
  step(): boolean {
    const more = this.stepOnce();
    this.afterInput();
    return more;
  }

  private stepOnce(): boolean {
    this.s.eventsProcessed++;
    const e = heapPeek(this.s.queue);
    const a = this.s.script[this.s.scriptNext];
    if (a !== undefined && (e === undefined || a.at < e.at)) {
      // Nothing else is due at a.at: the action acts on the settled cluster, as a live call does.
      this.s.scriptNext++;
      this.s.now = a.at;
      const reason = mutated('scripted-actions-unchecked') ? null : actionRefusal(a, this.actionContext());
      if (reason === null) applyAction(this, a);
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

  private process(e: SimEvent): void {
    switch (e.kind) {
      case 'boot':
        this.boot();
        return;
      case 'deliver':
        arrive(this, e.message, e.at);
        return;
      case 'timer':
        this.timerFired(e.node, e.timer, e.seq);
        return;
      case 'client':
        clientTimer(this, e.client, e.seq);
        return;
      case 'workload':
        workloadTick(this);
        return;
      case 'disk':
        writeDone(this, e.node, e.write);
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
    startWorkload(this);
  }

  /** Timers are frozen (network setting frozenTimers): none fires on its own, only by fireTimer. */
  get timersFrozen(): boolean {
    return this.s.network.settings.frozenTimers === true;
  }

  /** Keeps at most one live queue event per node timer, at the earliest deadline (none while timers are frozen). */
  syncTimers(id: string): void {
    if (this.timersFrozen) return;
    const n = this.s.nodes.get(id);
    const slots = this.s.timers.get(id);
    if (n === undefined || slots === undefined) return;
    // A deadline already past (one that ran out while the timers were frozen) fires now, never
    // in the past: an event before `now` would move the clock back (found by the swarm fuzzer's
    // scheduler windows, seed 100099: a leader's overdue heartbeat rescheduled at 7922 ms at 8224 ms).
    const now = this.s.now;
    const e = n.electionDeadline === null ? null : Math.max(n.electionDeadline, now);
    if (e !== null && (slots.election === null || e < slots.election.at)) {
      slots.election = { at: e, token: this.schedule({ kind: 'timer', at: e, seq: 0, node: id, timer: 'election' }) };
    }
    const h = n.heartbeatDue === null ? null : Math.max(n.heartbeatDue, now);
    if (h !== null && (slots.heartbeat === null || h < slots.heartbeat.at)) {
      slots.heartbeat = { at: h, token: this.schedule({ kind: 'timer', at: h, seq: 0, node: id, timer: 'heartbeat' }) };
    }
  }

  /**
   * The clock runs again for timers (frozenTimers turned off). A follower or candidate whose
   * election timer ran out while frozen starts a fresh timeout — the frozen time is not counted
   * against it, else every follower would campaign at once; any other overdue timer (a leader's
   * heartbeat, its CheckQuorum check) fires now. Then every timer is scheduled again.
   */
  thawTimers(): void {
    const ctx = this.context();
    for (const id of this.s.ids) {
      const n = this.s.nodes.get(id);
      const slots = this.s.timers.get(id);
      if (n === undefined || slots === undefined) continue;
      if (n.alive && n.role !== 'leader' && n.electionDeadline !== null && n.electionDeadline <= this.s.now) resetElectionTimer(n, ctx);
      for (const kind of ['election', 'heartbeat'] as const) {
        const deadline = kind === 'election' ? n.electionDeadline : n.heartbeatDue;
        const slot = slots[kind];
        if (deadline === null || (slot !== null && slot.at <= deadline)) continue;
        const at = Math.max(deadline, this.s.now);
        slots[kind] = { at, token: this.schedule({ kind: 'timer', at, seq: 0, node: id, timer: kind }) };
      }
    }
  }

  private timerFired(id: string, kind: 'election' | 'heartbeat', token: number): void {
    const slots = this.s.timers.get(id);
    const n = this.s.nodes.get(id);
    if (slots === undefined || n === undefined) return;
    const slot = slots[kind];
    if (slot === null || slot.token !== token) return; // superseded by an earlier deadline
    slots[kind] = null;
    if (this.timersFrozen) return; // it fires only by hand now; thawTimers schedules it again
    const deadline = kind === 'election' ? n.electionDeadline : n.heartbeatDue;
    if (deadline !== null && n.alive) {
      if (deadline <= this.s.now) {
        if (kind === 'election') raft.electionTimerFired(n, this.context());
        else raft.heartbeatTimerFired(n, this.context());
      }
    }
    this.syncTimers(id);
  }

  /** A message that arrived (the network let it through): to its client, or to its node. */
  handOver(m: Message): void {
    if (this.s.clients.has(m.to)) {
      if (m.type === 'ClientReply') clientReply(this, m);
      return;
    }
    const n = this.s.nodes.get(m.to);
    if (n === undefined) return;
    raft.receive(n, m, this.context());
    this.syncTimers(m.to);
  }

  // ------------------------------------------------------------------ actions

  /** A node by id; `argument` names the call and argument in the error for an unknown one. */
  nodeState(argument: string, id: unknown): NodeState {
    if (typeof id !== 'string') throw new Error(`${argument}: node id must be a string, got ${describe(id)}`);
    const n = this.s.nodes.get(id);
    if (n === undefined) {
      throw new Error(`${argument}: unknown node id '${id}' (known: ${this.s.ids.join(', ')})`);
    }
    return n;
  }

  /** A message on the wire by id; `call` names the call in the error. */
  message(call: string, id: unknown): Message {
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      throw new Error(`${call}: messageId must be an integer, got ${describe(id)}`);
    }
    const m = this.s.messages.get(id);
    if (m === undefined) throw new Error(`${call}: messageId ${String(id)} is not on the wire (delivered, dropped, or never sent)`);
    return m;
  }

  /** Appends an action to the script (and traces it). */
  record(action: Action): void {
    pushItem(this.s.actions, action);
    if (this.tracing) this.emit({ type: 'action', at: this.s.now, action });
  }

  /** The cluster as the action checks read it. */
  actionContext(): ActionContext {
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

  /**
   * A live user action, its arguments' form already checked: done after what is due now, if
   * its row of the action registry accepts it on the cluster as it then stands; recorded, and
   * the old future dropped. A refusal throws `${type}: ${reason}` and changes nothing: when
   * events are due now, the check reads a silent copy settled for it, so a refused call neither
   * moves the cluster nor shows its listeners events that will happen again (a live run's trace
   * must equal its script's, refusals included). `accepted` runs just before the action acts.
   */
  perform(action: Action, accepted?: () => void): void {
    const reason = this.dueBy(this.s.now) ? this.refusalAfterSettling(action) : actionRefusal(action, this.actionContext());
    if (reason !== null) throw new Error(`${action.type}: ${reason}`);
    this.settle();
    this.s.script = []; // acting starts a new future: the rest of a replayed script is dropped
    this.s.scriptNext = 0;
    accepted?.();
    applyAction(this, action);
    this.afterInput();
  }
}
