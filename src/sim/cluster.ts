// The scripting API's Cluster (DESIGN.md, "The scripting API"; docs/api.md): reading calls,
// running time, and the actions — each live call checks the form of its arguments with its
// row of the action registry (actions/), then the World (world.ts) settles what is due now,
// asks the row's check and applies it. The state is plain data (state.ts), so a checkpoint is
// a cheap copy and a run is a pure function of (options, seed, actions).

import { listToArray } from '../raft/chunked.ts';
import { lastLogIndex } from '../raft/log.ts';
import type { ClientOp } from '../raft/types.ts';
import { ACTION_TYPES, MAX_TIME_TESTS, actionFields, actionSpec, isActionType } from './actions/registry.ts';
import { checkActions } from './actions/script.ts';
import type { ParseContext } from './actions/spec.ts';
import type { Completion } from './clients.ts';
import { diskView } from './disk.ts';
import { parseLinkKey } from './network.ts';
import { resolveOptions } from './options.ts';
import { copyState, initialState, stateOf } from './state.ts';
import type {
  Action,
  ActionInput,
  Cluster,
  ClusterState,
  DiskView,
  ClientRecord,
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
import { checkClientOp, checkMs, describe } from './validate.ts';
import { nodeView, SharedViews } from './view.ts';
import { World } from './world.ts';

export function createCluster(options?: unknown, actions?: unknown): Cluster {
  const resolved = resolveOptions(options);
  const script = actions === undefined ? [] : checkActions(actions, resolved);
  const state = initialState(resolved);
  state.script = script;
  return new SimCluster(new World(state));
}

export function restoreCluster(state: ClusterState): Cluster {
  return new SimCluster(new World(stateOf(state)));
}

class SimCluster implements Cluster {
  private readonly shared = new SharedViews();

  constructor(private readonly w: World) {}

  // ------------------------------------------------------------------ reading

  get now(): number {
    return this.w.s.now;
  }
  get ids(): readonly string[] {
    return this.w.s.ids;
  }
  get options(): ResolvedOptions {
    return this.w.s.options;
  }
  get eventsProcessed(): number {
    return this.w.s.eventsProcessed;
  }

  node(id: string): NodeView {
    return nodeView(this.w.nodeState('node', id));
  }

  peek(id: string): NodeView {
    return this.shared.view(this.w.nodeState('peek', id));
  }

  leader(): string | null {
    return this.w.leader();
  }

  disk(id: string): DiskView | null {
    this.w.nodeState('disk', id);
    return diskView(this.w.s, id);
  }

  history(): ClientRecord[] {
    const s = this.w.s;
    const done = new Map<number, Completion>();
    for (const c of listToArray(s.completions)) done.set(c.id, c);
    return listToArray(s.invocations).map((inv) => {
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
    return [...this.w.s.messages.values()].map((m) => ({ ...m }));
  }

  actions(): Action[] {
    const s = this.w.s;
    return structuredClone([...listToArray(s.actions), ...s.script.slice(s.scriptNext)]);
  }

  refusedActions(): RefusedAction[] {
    return structuredClone(this.w.s.refused);
  }

  nextEventAt(): number | null {
    return this.w.nextEventAt();
  }

  network(): NetworkView {
    const n = this.w.s.network;
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
    return copyState(this.w.s) as unknown as ClusterState;
  }

  subscribe(listener: (e: TraceEvent) => void): () => void {
    if (typeof listener !== 'function') throw new Error('subscribe: listener: must be a function');
    const w = this.w;
    w.listeners.add(listener);
    w.tracing = true;
    return () => {
      w.listeners.delete(listener);
      w.tracing = w.listeners.size > 0;
    };
  }

  // ------------------------------------------------------------------ running

  step(): boolean {
    return this.w.step();
  }

  runFor(ms: number): void {
    checkMs('runFor', 'ms', ms);
    const w = this.w;
    const target = w.s.now + ms;
    while (w.dueBy(target)) w.step();
    w.s.now = target;
  }

  runUntil(done: (c: Cluster) => boolean, maxMs: number): boolean {
    if (typeof done !== 'function') throw new Error('runUntil: done: must be a function');
    checkMs('runUntil', 'maxMs', maxMs);
    const w = this.w;
    const target = w.s.now + maxMs;
    if (done(this)) return true;
    while (w.dueBy(target)) {
      w.step();
      if (done(this)) return true;
    }
    w.s.now = target;
    return done(this);
  }

  // ------------------------------------------------------------------ actions
  //
  // Each call is its action: the row's `parse` checks the form of the arguments (before
  // anything happens) and gives the action; the World acts with it as the row says.

  /** Any action, as an object: validated and applied as its live call would be. */
  apply(action: ActionInput): void {
    if (typeof action !== 'object' || action === null || Array.isArray(action)) {
      throw new Error(`apply: action: must be an action object like { type: 'crash', node: 'S1' }, got ${describe(action)}`);
    }
    const raw = action as Readonly<Record<string, unknown>>;
    const type = raw.type;
    if (!isActionType(type)) {
      throw new Error(`apply: action.type: ${describe(type)} is not an action type (one of ${ACTION_TYPES.join(', ')})`);
    }
    const fields = actionFields(type);
    const extra = Object.keys(raw).find((k) => !fields.includes(k) && k !== 'tests');
    if (extra !== undefined) throw new Error(`${type}: unexpected field '${extra}' (an action '${type}' has ${fields.join(', ')})`);
    if (raw.at !== undefined && raw.at !== this.w.s.now) {
      throw new Error(`${type}: at: ${describe(raw.at)} is not now (${this.w.s.now} ms); run the cluster to the action's time first`);
    }
    const parsed = actionSpec(type).parse(raw, this.parseContext());
    const tests = raw.tests;
    if (tests !== undefined) {
      // Answers to the engine's time tests, as an explorer's counterexample carries them.
      if (!Array.isArray(tests) || tests.length > MAX_TIME_TESTS || !tests.every((t) => typeof t === 'boolean')) {
        throw new Error(`${type}: tests: must be a list of at most ${MAX_TIME_TESTS} true/false answers, got ${describe(tests)}`);
      }
      parsed.tests = tests.slice();
    }
    this.w.perform(parsed);
  }

  private parseContext(): ParseContext {
    return { now: this.w.s.now, nodes: this.w.s.nodes };
  }

  private act(raw: Record<string, unknown> & { type: Action['type'] }): void {
    this.w.perform(actionSpec(raw.type).parse(raw, this.parseContext()));
  }

  crash(id: string): void {
    this.act({ type: 'crash', node: id });
  }

  restart(id: string): void {
    this.act({ type: 'restart', node: id });
  }

  timeout(id: string): void {
    this.act({ type: 'timeout', node: id });
  }

  fireTimer(id: string, timer: 'election' | 'heartbeat'): void {
    this.act({ type: 'fireTimer', node: id, timer });
  }

  partition(groups: string[][]): void {
    this.act({ type: 'partition', groups });
  }

  heal(): void {
    this.act({ type: 'heal' });
  }

  setNetwork(options: NetworkOptions): void {
    this.act({ type: 'setNetwork', network: options });
  }

  setLink(from: string, to: string, link: LinkOptions): void {
    this.act({ type: 'setLink', from, to, link });
  }

  propose(id: string, command: unknown): ProposeResult {
    const w = this.w;
    const action = actionSpec('propose').parse({ type: 'propose', node: id, command }, this.parseContext());
    let before = 0;
    w.perform(action, () => {
      before = lastLogIndex(w.nodeState('propose', id));
    });
    const n = w.nodeState('propose', id);
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
    const w = this.w;
    const action = actionSpec('request').parse({ type: 'request', op, client: opts?.client, to: opts?.to }, this.parseContext());
    let next = 0;
    w.perform(action, () => {
      next = w.s.nextRecordId;
    });
    return next;
  }

  deliver(messageId: number): void {
    this.act({ type: 'deliver', message: messageId });
  }

  drop(messageId: number): void {
    this.act({ type: 'drop', message: messageId });
  }

  duplicate(messageId: number): void {
    this.act({ type: 'duplicate', message: messageId });
  }

  delay(messageId: number, ms: number): void {
    this.act({ type: 'delay', message: messageId, ms });
  }

  addServer(id: string): void {
    this.act({ type: 'addServer', node: id });
  }

  removeServer(id: string): void {
    this.act({ type: 'removeServer', node: id });
  }

  transferLeadership(to: string): void {
    this.act({ type: 'transferLeadership', node: to });
  }
}
