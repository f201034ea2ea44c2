// The zustand store: playback (displayed time, speed, playing), the scenario and its action
// script (through the session's time machine), selection and UI settings. Holds no protocol
// logic: everything it shows comes from the scripting API of src/sim.

import { create } from 'zustand';
import type {
  Action,
  ClientOp,
  ClientRecord,
  Cluster,
  ClusterOptions,
  LinkOptions,
  MessageView,
  NetworkView,
  NodeView,
  ResolvedOptions,
  TraceEvent,
} from '../sim/index.ts';
import { createSession, replaceSession, session, type Session } from './session.ts';
import { describeAction, skippedActions, type SkippedAction } from './timeMachine.ts';

export type Theme = 'light' | 'dark' | 'contrast';
export type BottomTab = 'logs' | 'spacetime' | 'charts' | 'events';
export type SideTab = 'node' | 'message' | 'safety' | 'history';
export type Dialog = null | 'settings' | 'help' | 'legend';
export type StepKind = 'leader' | 'election' | 'commit' | 'client' | 'fault' | 'message';

export const STEP_KINDS: readonly { id: StepKind; label: string }[] = [
  { id: 'message', label: 'delivery' },
  { id: 'election', label: 'election' },
  { id: 'leader', label: 'new leader' },
  { id: 'commit', label: 'commit' },
  { id: 'client', label: 'client reply' },
  { id: 'fault', label: 'drop / crash' },
];

export const SPEEDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 100;
/** How long "run until settled" may run, in simulated ms. */
export const SETTLE_LIMIT = 10_000;

export interface ClientView {
  id: string;
  /** The operation in progress, if any. */
  pending: ClientRecord | null;
  /** The last completed operation. */
  last: ClientRecord | null;
  completed: number;
}

export interface Snapshot {
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
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error' | 'branch';
}

export interface WhyHighlight {
  title: string;
  /** Lines explaining the answer. */
  lines: string[];
  /** Message ids to highlight. */
  messages: number[];
  /** Trace indices of the events involved. */
  events: number[];
  nodes: string[];
  /** Log index involved, for the log grid. */
  logIndex?: number;
}

export interface ContextMenuState {
  node: string;
  x: number;
  y: number;
}

export interface LinkEditorState {
  a: string;
  b: string;
  x: number;
  y: number;
}

export interface AppState {
  options: ResolvedOptions;
  snap: Snapshot;
  /** Simulated ms shown (fractional during playback: animation is a function of it). */
  displayedTime: number;
  playing: boolean;
  speed: number;
  /** Set while the timeline handle is dragged (playback pauses, resumes after). */
  scrubbing: boolean;
  selectedNode: string | null;
  selectedMessage: number | null;
  why: WhyHighlight | null;
  theme: Theme;
  presentation: boolean;
  reducedMotion: boolean;
  dialog: Dialog;
  bottomTab: BottomTab;
  sideTab: SideTab;
  stepKind: StepKind;
  showMessageLabels: boolean;
  toasts: Toast[];
  contextMenu: ContextMenuState | null;
  linkEditor: LinkEditorState | null;
  /** A sentence for screen readers about the latest important event. */
  announcement: string;
  /** Load error of a shared scenario or similar, shown once. */
  banner: string | null;
}

// ------------------------------------------------------------------ snapshot

/** What is drawn of a session (the current one; compare pane B passes its own). */
export function buildSnapshot(prev: Snapshot | null, prevCluster: Cluster | null, source: Session = session()): Snapshot {
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
  const clients = prev !== null && !touched.clients && prev.traceLength === tm.traceLength ? prev.clients : index.clientStatus(tm.traceLength);
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
  };
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

let lastCluster: Cluster | null = null;

function freshSnapshot(): Snapshot {
  lastCluster = session().tm.cluster;
  return buildSnapshot(null, null);
}

// ------------------------------------------------------------------ UI preferences

const PREFS_KEY = 'raftlab.ui';

interface Prefs {
  theme?: Theme;
  presentation?: boolean;
  showMessageLabels?: boolean;
  speed?: number;
}

function loadPrefs(): Prefs {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFS_KEY);
    if (raw === null) return {};
    const p = JSON.parse(raw) as unknown;
    if (typeof p !== 'object' || p === null) return {};
    const o = p as Record<string, unknown>;
    const out: Prefs = {};
    if (o.theme === 'light' || o.theme === 'dark' || o.theme === 'contrast') out.theme = o.theme;
    if (typeof o.presentation === 'boolean') out.presentation = o.presentation;
    if (typeof o.showMessageLabels === 'boolean') out.showMessageLabels = o.showMessageLabels;
    return out;
  } catch {
    return {};
  }
}

function savePrefs(s: AppState): void {
  try {
    if (typeof localStorage === 'undefined') return;
    localStorage.setItem(
      PREFS_KEY,
      JSON.stringify({ theme: s.theme, presentation: s.presentation, showMessageLabels: s.showMessageLabels }),
    );
  } catch {
    /* private mode: preferences are not kept */
  }
}

function media(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

function defaultTheme(): Theme {
  if (media('(prefers-contrast: more)')) return 'contrast';
  if (media('(prefers-color-scheme: dark)')) return 'dark';
  return 'light';
}

// ------------------------------------------------------------------ the store

const prefs = loadPrefs();
const reducedMotion = media('(prefers-reduced-motion: reduce)');

export const useApp = create<AppState>()(() => ({
  options: session().tm.options,
  snap: freshSnapshot(),
  displayedTime: 0,
  playing: !reducedMotion,
  speed: 0.1,
  scrubbing: false,
  selectedNode: null,
  selectedMessage: null,
  why: null,
  theme: prefs.theme ?? defaultTheme(),
  presentation: prefs.presentation ?? false,
  reducedMotion,
  dialog: null,
  bottomTab: 'logs',
  sideTab: 'node',
  stepKind: 'leader',
  showMessageLabels: prefs.showMessageLabels ?? false,
  toasts: [],
  contextMenu: null,
  linkEditor: null,
  announcement: '',
  banner: null,
}));

useApp.subscribe((s, prev) => {
  if (s.theme !== prev.theme || s.presentation !== prev.presentation || s.showMessageLabels !== prev.showMessageLabels) {
    savePrefs(s);
  }
});

const get = useApp.getState;
const set = useApp.setState;

/** Copies the time machine's state into the store (after any change to it). */
export function sync(extra: Partial<AppState> = {}): void {
  const { tm } = session();
  const s = get();
  let snap = s.snap;
  if (tm.revision !== snap.revision || lastCluster !== tm.cluster || snap.traceLength !== tm.traceLength) {
    snap = buildSnapshot(snap, lastCluster);
    lastCluster = tm.cluster;
  } else if (snap.horizon !== tm.horizon) {
    snap = { ...snap, horizon: tm.horizon };
  }
  let selectedMessage = extra.selectedMessage !== undefined ? extra.selectedMessage : s.selectedMessage;
  if (selectedMessage !== null && !session().index.fates.has(selectedMessage)) selectedMessage = null;
  set({ snap, selectedMessage, ...extra });
}

let toastId = 1;
export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const id = toastId++;
  set({ toasts: [...get().toasts.slice(-3), { id, text, kind }], announcement: text });
  setTimeout(() => dismissToast(id), kind === 'error' ? 8000 : 5000);
}

export function dismissToast(id: number): void {
  set({ toasts: get().toasts.filter((t) => t.id !== id) });
}

// ------------------------------------------------------------------ playback

export function play(): void {
  set({ playing: true });
}
export function pause(): void {
  set({ playing: false });
}
export function togglePlay(): void {
  set({ playing: !get().playing });
}

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}

export function setSpeed(x: number): void {
  set({ speed: clampSpeed(x) });
}

/** Next / previous preset speed. */
export function nudgeSpeed(dir: 1 | -1): void {
  const s = get().speed;
  if (dir > 0) setSpeed(SPEEDS.find((v) => v > s + 1e-9) ?? MAX_SPEED);
  else setSpeed([...SPEEDS].reverse().find((v) => v < s - 1e-9) ?? MIN_SPEED);
}

/** Simulation work allowed per animation frame, ms of wall time; beyond it the display falls behind. */
export const FRAME_BUDGET_MS = 30;

/**
 * One animation frame: advance the displayed time by wall time × speed and run the cluster to
 * it. At high speed under load the run may not keep up: it stops at the frame budget and the
 * displayed time stays where the run got to (slower than asked, never janky).
 */
export function tick(wallMs: number): void {
  const s = get();
  if (!s.playing || s.scrubbing) return;
  const dt = Math.min(Math.max(wallMs, 0), 100) * s.speed;
  if (dt <= 0) return;
  const target = s.displayedTime + dt;
  const { tm } = session();
  const start = now();
  const slice = Math.max(1, Math.ceil(dt / 8));
  let t = Math.floor(s.displayedTime);
  let reached = target;
  while (t < Math.floor(target)) {
    t = Math.min(Math.floor(target), t + slice);
    tm.runTo(t);
    if (now() - start > FRAME_BUDGET_MS && t < Math.floor(target)) {
      reached = t;
      break;
    }
  }
  if (reached === target) tm.runTo(Math.floor(target));
  sync({ displayedTime: reached });
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

/** Shows the run at time t (backwards by restoring a checkpoint). */
export function seek(t: number): void {
  const target = Math.max(0, Number.isFinite(t) ? t : 0);
  session().tm.seek(target);
  sync({ displayedTime: target });
}

export function setScrubbing(on: boolean): void {
  set({ scrubbing: on });
}

export function stepForward(): void {
  const { tm } = session();
  pause();
  if (!tm.stepOnce()) {
    toast('Nothing is pending: the simulation is idle.');
    return;
  }
  sync({ displayedTime: tm.now });
}

export function stepBack(): void {
  const { tm } = session();
  pause();
  // Between events (displayed time past the last step): go back to that step first.
  if (get().displayedTime > tm.now + 1e-9 && get().displayedTime - tm.now >= 1) {
    seek(tm.now);
    return;
  }
  if (!tm.stepBack()) return;
  sync({ displayedTime: tm.now });
}

function matcher(kind: StepKind): (e: TraceEvent) => boolean {
  switch (kind) {
    case 'message':
      return (e) => e.type === 'deliver';
    case 'election':
      return (e) => e.type === 'role' && (e.role === 'candidate' || e.role === 'precandidate');
    case 'leader':
      return (e) => e.type === 'role' && e.role === 'leader';
    case 'commit':
      return (e) => e.type === 'commit';
    case 'client':
      return (e) => e.type === 'client-ok';
    case 'fault':
      return (e) => e.type === 'drop' || e.type === 'crash';
  }
}

export function setStepKind(kind: StepKind): void {
  set({ stepKind: kind });
}

/** Runs to the next event of the chosen kind (at most 10 s of simulated time). */
export function stepToNext(kind: StepKind = get().stepKind): void {
  const { tm } = session();
  pause();
  const label = STEP_KINDS.find((k) => k.id === kind)?.label ?? kind;
  const e = tm.stepUntil(matcher(kind), SETTLE_LIMIT);
  sync({ displayedTime: tm.now });
  if (e === null) toast(`No ${label} within 10 s of simulated time.`);
}

/**
 * Fast-forwards until no client operation is pending and every live node has applied the
 * leader's commit index (or 10 s of simulated time pass).
 */
export function runUntilSettled(): void {
  const { tm, index } = session();
  pause();
  const start = tm.now;
  const ok = tm.runUntil(
    (c) => isSettled(c, () => index.clientStatus(tm.traceLength).some((x) => x.pending !== null)),
    SETTLE_LIMIT,
    5,
  );
  sync({ displayedTime: tm.now });
  toast(
    !ok
      ? 'Not settled after 10 s of simulated time (no leader, a partition, or steady load).'
      : tm.now === start
        ? 'Already settled: no request pending, every log applied.'
        : `Settled after ${tm.now - start} ms of simulated time.`,
  );
}

/**
 * Settled: a leader, no client operation pending, and every live voter has applied the
 * leader's commit index. (Reads nodes without copying logs: it is asked every 5 ms.)
 */
export function isSettled(
  c: Cluster,
  pending: () => boolean = () => c.history().some((r) => r.completedAt === undefined),
): boolean {
  const leaderId = c.leader();
  if (leaderId === null) return false;
  if (pending()) return false;
  const leader = c.peek(leaderId);
  for (const id of c.ids) {
    const n = c.peek(id);
    if (!n.alive || !leader.config.voters.includes(id)) continue;
    if (n.lastApplied < leader.commitIndex) return false;
  }
  return true;
}

// ------------------------------------------------------------------ acting

/**
 * Does one user action at the displayed moment. Errors (a message no longer in flight, no
 * leader …) become a notice, never an exception in the page.
 */
export function act<T>(perform: (c: Cluster) => T): T | undefined {
  const { tm } = session();
  const futureBefore = tm.futureActions;
  const branchesBefore = tm.branches.length;
  const horizonBefore = tm.horizon;
  const nowBefore = tm.now;
  try {
    const result = tm.act(perform);
    sync({ displayedTime: Math.max(get().displayedTime, tm.now) });
    if (tm.branches.length > branchesBefore && futureBefore > 0) {
      toast(
        `New branch at ${nowBefore} ms: the old future (${futureBefore} later action${futureBefore === 1 ? '' : 's'}) is kept under History; Ctrl+Z undoes.`,
        'branch',
      );
    } else if (horizonBefore > nowBefore + 1) {
      toast(`Acted in the past at ${nowBefore} ms: the future is recomputed from here.`, 'branch');
    }
    return result;
  } catch (err) {
    sync();
    toast(err instanceof Error ? err.message : String(err), 'error');
    return undefined;
  }
}

export function crashNode(id: string): void {
  act((c) => c.crash(id));
}
export function restartNode(id: string): void {
  act((c) => c.restart(id));
}
export function toggleCrash(id: string): void {
  const n = get().snap.nodes.get(id);
  if (n === undefined) return;
  if (n.alive) crashNode(id);
  else restartNode(id);
}
export function timeoutNode(id: string): void {
  const n = get().snap.nodes.get(id);
  if (n !== undefined && !n.alive) {
    toast(`${id} is crashed: restart it first.`, 'error');
    return;
  }
  if (n?.role === 'leader') {
    toast(`${id} is the leader: a leader has no election timer.`, 'error');
    return;
  }
  act((c) => c.timeout(id));
}

let requestCounter = 0;
const KEYS = ['x', 'y', 'z'];

/** The next default operation: put x=1, put y=2, put z=3, put x=4 … */
export function nextDefaultOp(): ClientOp {
  const n = requestCounter;
  return { type: 'put', key: KEYS[n % KEYS.length], value: String(n + 1) };
}

/** A simulated client sends an operation, to `to` when given (else the client finds the leader). */
export function clientRequest(to?: string, op?: ClientOp): void {
  const operation = op ?? nextDefaultOp();
  const r = act((c) => c.request(operation, to === undefined ? undefined : { to }));
  if (r !== undefined && op === undefined) requestCounter++;
}

export function transferLeadership(to: string): void {
  act((c) => c.transferLeadership(to));
}
export function removeServer(id: string): void {
  act((c) => c.removeServer(id));
}
export function addServer(id: string = nextServerName(get().snap.ids)): void {
  const ok = act((c) => {
    c.addServer(id);
    return true;
  });
  if (ok === true) toast(`${id} joins: the leader catches it up as a learner, then adds it to the configuration.`);
}

/** A name for a new server following the pattern of the others: S6 after S5, 127.0.0.1:8003 after …:8002. */
export function nextServerName(ids: readonly string[]): string {
  const taken = new Set(ids);
  const last = ids[ids.length - 1] ?? 'S0';
  const m = /^(.*?)(\d+)$/.exec(last);
  const prefix = m === null ? last + '-' : m[1];
  let n = m === null ? 1 : Number(m[2]) + 1;
  while (taken.has(prefix + String(n)) || /^C\d+$/.test(prefix + String(n))) n++;
  return prefix + String(n);
}

export function partition(groups: string[][]): void {
  act((c) => c.partition(groups));
}
export function heal(): void {
  act((c) => c.heal());
}

/**
 * Puts `node` into the group of `target` (or alone when target is null). With no partition in
 * force, dragging A onto B makes the group {B, A} and everyone else the other group.
 */
export function moveToGroup(node: string, target: string | null): void {
  partitionOrHeal(nextGroups(currentGroups(get().snap), node, target));
}

/** The groups after moving `node` into `target`'s group (null: alone). Pure. */
export function nextGroups(groups: string[][], node: string, target: string | null): string[][] {
  const unpartitioned = groups.length <= 1;
  const without = groups.map((g) => g.filter((x) => x !== node)).filter((g) => g.length > 0);
  if (target === null) return [...without, [node]];
  if (unpartitioned) {
    const rest = without.flat().filter((x) => x !== target);
    return rest.length > 0 ? [[target, node], rest] : [[target, node]];
  }
  return without.map((g) => (g.includes(target) ? [...g, node] : g));
}

function partitionOrHeal(groups: string[][]): void {
  if (groups.length <= 1) heal();
  else partition(groups);
}

/** The partition groups in force, with the unlisted nodes as one more group. */
export function currentGroups(s: Snapshot): string[][] {
  const listed = new Set(s.network.groups.flat());
  const groups = s.network.groups.map((g) => g.slice());
  const rest = s.ids.filter((id) => !listed.has(id));
  if (groups.length === 0) return [s.ids.slice()];
  if (rest.length > 0) groups.push(rest);
  return groups;
}

/**
 * Whether `id` is in the configuration the leader holds (a voter or a learner being caught
 * up); true when there is no leader to ask. A removed server is not, and may be added back.
 */
export function isMember(s: Snapshot, id: string): boolean {
  const leader = s.leader === null ? undefined : s.nodes.get(s.leader);
  if (leader === undefined) return true;
  return leader.config.voters.includes(id) || leader.config.learners.includes(id);
}

export function isolate(id: string): void {
  moveToGroup(id, null);
}

/** Whether messages from → to get through the partition and link settings. */
export function linkUp(network: NetworkView, from: string, to: string): boolean {
  const link = network.links.find((l) => l.from === from && l.to === to);
  if (link?.link.up === false) return false;
  if (network.groups.length > 0) {
    const ga = network.groups.findIndex((g) => g.includes(from));
    const gb = network.groups.findIndex((g) => g.includes(to));
    // nodes in no listed group form one more group
    if (ga !== gb) return false;
  }
  return true;
}

export function setLink(from: string, to: string, link: LinkOptions): void {
  act((c) => c.setLink(from, to, link));
}

export function setLinkBoth(a: string, b: string, link: LinkOptions): void {
  act((c) => {
    c.setLink(a, b, link);
    c.setLink(b, a, link);
  });
}

/**
 * Manual network on/off. Turning it on pauses playback: in manual mode time moves only when
 * you step or press play, so the waiting messages do not pile up while you choose.
 */
export function setManualNetwork(manual: boolean): void {
  const r = act((c) => c.setNetwork({ manual }));
  if (r === undefined && get().snap.network.settings.manual !== manual) return;
  if (manual) {
    const wasPlaying = get().playing;
    set({ playing: false, sideTab: 'message' });
    toast(
      `You are the network: every message now waits for you.${wasPlaying ? ' Paused; step (→) or play to let time run.' : ''}`,
    );
  }
}

export function deliverMessage(id: number): void {
  act((c) => c.deliver(id));
}
export function dropMessage(id: number): void {
  act((c) => c.drop(id));
}
export function duplicateMessage(id: number): void {
  act((c) => c.duplicate(id));
}
export function delayMessage(id: number, ms: number): void {
  act((c) => c.delay(id, ms));
}

// ------------------------------------------------------------------ history

export function undo(): void {
  const { tm } = session();
  if (!tm.canUndo) {
    toast('Nothing to undo.');
    return;
  }
  const last = tm.actions[tm.actions.length - 1];
  tm.undo();
  sync({ displayedTime: tm.now });
  toast(last !== undefined ? `Undid: ${describeAction(last)}` : 'Undone.');
}

export function redo(): void {
  const { tm } = session();
  if (!tm.canRedo) {
    toast('Nothing to redo.');
    return;
  }
  tm.redo();
  sync({ displayedTime: tm.now });
  const last = tm.actions[tm.actions.length - 1];
  toast(last !== undefined ? `Redid: ${describeAction(last)}` : 'Redone.');
}

export function switchBranch(id: number): void {
  const { tm } = session();
  tm.switchBranch(id, tm.now);
  sync({ displayedTime: tm.now });
  toast(`Switched to branch ${id}; the future you left is kept as a branch.`, 'branch');
}

// ------------------------------------------------------------------ scenario

/** Restarts with new options (and optionally a script), deterministically, from time 0. */
export function restartScenario(options?: ClusterOptions | ResolvedOptions, actions: Action[] = []): boolean {
  try {
    const next = createSession(options, actions);
    replaceSession(next);
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err), 'error');
    return false;
  }
  requestCounter = 0;
  lastCluster = null;
  // a run that starts with a manual network waits for you: do not let messages pile up
  const manualStart = session().tm.options.network.manual;
  set({
    playing: manualStart ? false : get().playing,
    options: session().tm.options,
    snap: freshSnapshot(),
    displayedTime: 0,
    selectedMessage: null,
    why: null,
    contextMenu: null,
    linkEditor: null,
    selectedNode: get().selectedNode !== null && session().tm.options.nodes.includes(get().selectedNode ?? '') ? get().selectedNode : null,
  });
  return true;
}

// ------------------------------------------------------------------ selection and UI

export function selectNode(id: string | null): void {
  set({ selectedNode: id, sideTab: id !== null ? 'node' : get().sideTab, contextMenu: null });
}

export function selectMessage(id: number | null): void {
  set({ selectedMessage: id, sideTab: id !== null ? 'message' : get().sideTab });
}

export function setWhy(why: WhyHighlight | null): void {
  set({ why });
}

export function openDialog(dialog: Dialog): void {
  set({ dialog, contextMenu: null, linkEditor: null });
}

export function setTheme(theme: Theme): void {
  set({ theme });
}

export function cycleTheme(): void {
  const order: Theme[] = ['light', 'dark', 'contrast'];
  setTheme(order[(order.indexOf(get().theme) + 1) % order.length]);
}

export function togglePresentation(): void {
  set({ presentation: !get().presentation });
}

export function setBottomTab(tab: BottomTab): void {
  set({ bottomTab: tab });
}

export function setSideTab(tab: SideTab): void {
  set({ sideTab: tab });
}

export function openContextMenu(menu: ContextMenuState | null): void {
  set({ contextMenu: menu, linkEditor: null });
}

export function openLinkEditor(editor: LinkEditorState | null): void {
  set({ linkEditor: editor, contextMenu: null });
}

export function toggleMessageLabels(): void {
  set({ showMessageLabels: !get().showMessageLabels });
}

export function announce(text: string): void {
  set({ announcement: text });
}
