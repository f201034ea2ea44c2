// "You are the scheduler" (issue 14, as DSLabs' debugger): a manual network with frozen timers
// (the simulation's own mode, network setting frozenTimers: deterministic and replayable from a
// link), in which every enabled event is a choice — deliver a waiting message, fire a server's
// election timer or heartbeat (the action fireTimer, the one the explorer's counterexamples
// replay with), crash, restart. The pure parts (the choices, stale messages, grouping) are
// tested without a page; the actions go through the time machine like every click.

import type { MessageView, NodeView } from '../sim/index.ts';
import { act } from './actions.ts';
import { useApp } from './app.ts';
import type { Frame } from './frame.ts';
import { toast } from './ui.ts';

export type NetworkMode = 'automatic' | 'manual' | 'scheduler';

/** The mode the frame's network is in. */
export function networkMode(settings: { manual: boolean; frozenTimers?: boolean }): NetworkMode {
  if (settings.manual) return settings.frozenTimers === true ? 'scheduler' : 'manual';
  return 'automatic';
}

/** The setNetwork change from mode `from` to `to` (only the fields that change: today's links stay as they were). */
export function modeChange(from: { manual: boolean; frozenTimers?: boolean }, to: NetworkMode): { manual?: boolean; frozenTimers?: boolean } | null {
  const change: { manual?: boolean; frozenTimers?: boolean } = {};
  const manual = to !== 'automatic';
  const frozen = to === 'scheduler';
  if (from.manual !== manual) change.manual = manual;
  if ((from.frozenTimers === true) !== frozen) change.frozenTimers = frozen;
  return Object.keys(change).length === 0 ? null : change;
}

export type TimerKind = 'election' | 'heartbeat';

/** One event the scheduler may choose on a server. */
export type ServerChoice =
  | { kind: 'fire'; node: string; timer: TimerKind; label: string }
  | { kind: 'crash' | 'restart'; node: string; label: string };

/** The enabled server events, server by server: fire an armed timer, crash a live server, restart a crashed one. */
export function serverChoices(ids: readonly string[], nodes: ReadonlyMap<string, NodeView>): ServerChoice[] {
  const out: ServerChoice[] = [];
  for (const id of ids) {
    const n = nodes.get(id);
    if (n === undefined) continue;
    if (!n.alive) {
      out.push({ kind: 'restart', node: id, label: 'Restart' });
      continue;
    }
    if (n.electionDeadline !== null) {
      // a leader's election timer is CheckQuorum's (§6.2): it runs only with CheckQuorum on
      out.push({ kind: 'fire', node: id, timer: 'election', label: n.role === 'leader' ? 'Fire CheckQuorum timer' : 'Fire election timer' });
    }
    if (n.heartbeatDue !== null) out.push({ kind: 'fire', node: id, timer: 'heartbeat', label: 'Fire heartbeat' });
    out.push({ kind: 'crash', node: id, label: 'Crash' });
  }
  return out;
}

/** Messages waiting for you (manual network), oldest first. */
export function waitingMessages(messages: readonly MessageView[]): MessageView[] {
  return messages.filter((m) => m.deliverAt === null);
}

/**
 * A message from an older term than its receiver's: the receiver rejects or ignores it (Figure 2,
 * "if RPC request or response contains term T < currentTerm"). Client traffic has no term to compare.
 */
export function isStale(m: MessageView, nodes: ReadonlyMap<string, NodeView>): boolean {
  if (m.type === 'ClientRequest' || m.type === 'ClientReply') return false;
  const to = nodes.get(m.to);
  return to !== undefined && m.term < to.term;
}

export type GroupBy = 'none' | 'type' | 'destination';

export interface MessageGroup {
  /** '' when not grouped. */
  key: string;
  messages: MessageView[];
}

/** The waiting messages in groups (by RPC type or by receiver), each group oldest first, groups in order of their first message. */
export function groupMessages(messages: readonly MessageView[], by: GroupBy): MessageGroup[] {
  if (by === 'none') return [{ key: '', messages: messages.slice() }];
  const groups = new Map<string, MessageView[]>();
  for (const m of messages) {
    const key = by === 'type' ? m.type : `to ${m.to}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [m]);
    else g.push(m);
  }
  return [...groups].map(([key, ms]) => ({ key, messages: ms }));
}

// ------------------------------------------------------------------ actions

/** Switches between the automatic network, the manual one (you are the network) and the scheduler. */
export function setNetworkMode(to: NetworkMode): void {
  const frame = useApp.getState().frame;
  const change = modeChange(frame.network.settings, to);
  if (change === null) return;
  const r = act((c) => c.setNetwork(change));
  if (r === undefined && networkMode(useApp.getState().frame.network.settings) !== to) return;
  if (to === 'automatic') return;
  const wasPlaying = useApp.getState().playing;
  useApp.setState({ playing: false, sideTab: 'message' });
  toast(
    to === 'scheduler'
      ? 'You are the scheduler: timers are frozen and every message waits. Choose the next event in the Message tab.'
      : `You are the network: every message now waits for you.${wasPlaying ? ' Paused; step (→) or play to let time run.' : ''}`,
  );
}

export function fireTimer(node: string, timer: TimerKind): void {
  act((c) => c.fireTimer(node, timer));
}

/** Delivers every waiting message (oldest first; what they cause waits in turn). */
export function deliverAll(frame: Frame = useApp.getState().frame): number {
  const ids = waitingMessages(frame.messages).map((m) => m.id);
  if (ids.length === 0) return 0;
  act((c) => {
    for (const id of ids) c.deliver(id);
  });
  return ids.length;
}

/** Drops every waiting message from an older term than its receiver's. */
export function dropStale(frame: Frame = useApp.getState().frame): number {
  const ids = waitingMessages(frame.messages)
    .filter((m) => isStale(m, frame.nodes))
    .map((m) => m.id);
  if (ids.length === 0) {
    toast('No waiting message is from an older term than its receiver’s.');
    return 0;
  }
  act((c) => {
    for (const id of ids) c.drop(id);
  });
  toast(`Dropped ${ids.length} stale message${ids.length === 1 ? '' : 's'} (from an older term than the receiver’s).`);
  return ids.length;
}
