// The user's actions: everything done to the cluster at the displayed moment (crash, restart,
// a client request, a partition, a link, the manual network, a message delivered or dropped …),
// recorded in the action script through the time machine; undo, redo and branches; restarting
// with new settings. Errors become a notice, never an exception in the page.

import type { Action, ClientOp, Cluster, ClusterOptions, LinkOptions, MessageView, ResolvedOptions } from '../sim/index.ts';
import { freshFrame, sync, useApp } from './app.ts';
import { describeAction, formatTime } from './describe.ts';
import { nextServerName } from './membership.ts';
import { currentGroups, nextGroups } from './partition.ts';
import { createSession, replaceSession, session } from './session.ts';
import { selectMessage, toast } from './ui.ts';

const get = useApp.getState;
const set = useApp.setState;

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

// ------------------------------------------------------------------ servers

export function crashNode(id: string): void {
  act((c) => c.crash(id));
}
export function restartNode(id: string): void {
  act((c) => c.restart(id));
}
export function toggleCrash(id: string): void {
  const n = get().frame.nodes.get(id);
  if (n === undefined) return;
  if (n.alive) crashNode(id);
  else restartNode(id);
}
export function timeoutNode(id: string): void {
  const n = get().frame.nodes.get(id);
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

export function transferLeadership(to: string): void {
  act((c) => c.transferLeadership(to));
}
export function removeServer(id: string): void {
  act((c) => c.removeServer(id));
}
export function addServer(id: string = nextServerName(get().frame.ids)): void {
  const ok = act((c) => {
    c.addServer(id);
    return true;
  });
  if (ok === true) toast(`${id} joins: the leader catches it up as a learner, then adds it to the configuration.`);
}

// ------------------------------------------------------------------ clients

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

// ------------------------------------------------------------------ network

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
  const groups = nextGroups(currentGroups(get().frame), node, target);
  if (groups.length <= 1) heal();
  else partition(groups);
}

export function isolate(id: string): void {
  moveToGroup(id, null);
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
  // leaving the scheduler mode (frozen timers) for the automatic network starts the clock too
  const thaw = !manual && get().frame.network.settings.frozenTimers === true;
  const r = act((c) => c.setNetwork(thaw ? { manual, frozenTimers: false } : { manual }));
  if (r === undefined && get().frame.network.settings.manual !== manual) return;
  if (manual) {
    const wasPlaying = get().playing;
    set({ playing: false, sideTab: 'message' });
    toast(
      `You are the network: every message now waits for you.${wasPlaying ? ' Paused; step (→) or play to let time run.' : ''}`,
    );
  }
}

// ------------------------------------------------------------------ messages

export function deliverMessage(id: number): void {
  act((c) => c.deliver(id));
}
export function dropMessage(id: number): void {
  act((c) => c.drop(id));
}
/**
 * Puts a second copy of message `id` on the wire, selects the copy (the inspector shows the new
 * id, not the original's) and says where it is. Returns the copy's id, or null when refused.
 */
export function duplicateMessage(id: number): number | null {
  const copy = act((c) => {
    c.duplicate(id);
    return c.inFlight().reduce<MessageView | null>((last, m) => (m.copyOf === id && (last === null || m.id > last.id) ? m : last), null);
  });
  if (copy === undefined || copy === null) return null;
  selectMessage(copy.id);
  const arrives = copy.deliverAt === null ? 'it waits for you beside the original' : `it arrives at ${formatTime(copy.deliverAt)}`;
  toast(`Copy #${copy.id} of message #${id} is on the wire, drawn beside the original: ${arrives}.`);
  return copy.id;
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
  // a run that starts with a manual network waits for you: do not let messages pile up
  const manualStart = session().tm.options.network.manual;
  set({
    playing: manualStart ? false : get().playing,
    options: session().tm.options,
    frame: freshFrame(),
    displayedTime: 0,
    selectedMessage: null,
    why: null,
    contextMenu: null,
    linkEditor: null,
    selectedNode: get().selectedNode !== null && session().tm.options.nodes.includes(get().selectedNode ?? '') ? get().selectedNode : null,
  });
  return true;
}
