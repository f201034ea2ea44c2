// Plain-text descriptions of trace events and messages, for the event log, the node consoles,
// tooltips and screen readers. Never HTML: callers render them as text.

import { describeCommand } from '../check/invariants.ts';
import { describeAction as describeWithRegistry, type Action, type MessageView, type TraceEvent } from '../sim/index.ts';

export { describeCommand };

/** A user action in words ('crash S1', 'client put x=1 → S2', …): its row of the action registry. */
export function describeAction(a: Action): string {
  return describeWithRegistry(a);
}

export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}

export function isHeartbeat(m: MessageView): boolean {
  return m.type === 'AppendEntries' && m.entries.length === 0;
}

/** A short label for a message: what a student would call it. */
export function messageLabel(m: MessageView): string {
  switch (m.type) {
    case 'RequestVote':
      return `RequestVote t${m.term}`;
    case 'RequestVoteReply':
      return m.voteGranted ? `vote granted t${m.term}` : `vote denied t${m.term}`;
    case 'PreVote':
      return `PreVote t${m.term}`;
    case 'PreVoteReply':
      return m.voteGranted ? `pre-vote granted t${m.term}` : `pre-vote denied t${m.term}`;
    case 'AppendEntries':
      return m.entries.length === 0
        ? `heartbeat t${m.term}`
        : `AppendEntries ×${m.entries.length} t${m.term}`;
    case 'AppendEntriesReply':
      return m.success ? `append ok ≤${m.matchIndex} t${m.term}` : `append failed t${m.term}`;
    case 'InstallSnapshot':
      return `InstallSnapshot ≤${m.lastIncludedIndex}`;
    case 'InstallSnapshotReply':
      return `snapshot installed ≤${m.matchIndex}`;
    case 'TimeoutNow':
      return 'TimeoutNow';
    case 'ClientRequest':
      return `${m.client} ${describeCommand(m.op)}`;
    case 'ClientReply':
      return m.ok
        ? `reply ${m.client}${m.result !== undefined ? ' = ' + (m.result === null ? '(none)' : m.result) : ' ok'}`
        : `not leader${m.leaderHint !== null ? ' → ' + m.leaderHint : ''}`;
  }
}

/** The message's own fields (the RPC's arguments), as [name, text] pairs for the inspector. */
export function messageFields(m: MessageView): [string, string][] {
  const out: [string, string][] = [];
  const skip = new Set(['id', 'type', 'from', 'to', 'sentAt', 'deliverAt', 'lost', 'copyOf']);
  for (const [k, v] of Object.entries(m)) {
    if (skip.has(k)) continue;
    out.push([k, fieldText(k, v)]);
  }
  return out;
}

function fieldText(key: string, v: unknown): string {
  if (key === 'entries' && Array.isArray(v)) {
    if (v.length === 0) return '[] (heartbeat)';
    return v
      .map((e: { term: number; command: unknown; kind?: string }) => `t${e.term} ${describeCommand(e.command, e.kind)}`)
      .join('; ');
  }
  if (key === 'op') return describeCommand(v);
  if (key === 'snapshot' && typeof v === 'object' && v !== null) {
    const s = v as { index?: number; term?: number; state?: Map<string, unknown> };
    return `through #${s.index ?? '?'} (term ${s.term ?? '?'}), ${s.state instanceof Map ? s.state.size : 0} keys`;
  }
  if (v === null) return 'null';
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v) ?? '—';
  } catch {
    return '(not printable)';
  }
}

const DROP_REASONS: Record<string, string> = {
  loss: 'lost by the network',
  partition: 'blocked by a partition',
  'link-down': 'link is cut',
  crashed: 'receiver is crashed',
  user: 'dropped by you',
  removed: 'receiver was removed',
};

export function dropReasonText(reason: string): string {
  return DROP_REASONS[reason] ?? reason;
}

/** One line per trace event, for the event log. */
export function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case 'send':
      return `${e.message.from} → ${e.message.to}: ${messageLabel(e.message)} (#${e.message.id})`;
    case 'deliver':
      return `${e.message.to} received ${messageLabel(e.message)} from ${e.message.from} (#${e.message.id})`;
    case 'drop':
      return `#${e.message.id} ${messageLabel(e.message)} ${e.message.from} → ${e.message.to} dropped: ${dropReasonText(e.reason)}`;
    case 'role':
      return `${e.node} became ${e.role} in term ${e.term}`;
    case 'vote':
      return `${e.node} voted for ${e.votedFor} in term ${e.term}`;
    case 'append':
      return `${e.node} appended ${rangeText(e.from, e.entries.length)}${e.entries.length > 0 ? ` (term ${e.entries[e.entries.length - 1].term})` : ''}`;
    case 'truncate':
      return `${e.node} deleted conflicting entries from #${e.from}`;
    case 'commit':
      return `${e.node} commit index → ${e.commitIndex}`;
    case 'apply':
      return `${e.node} applied #${e.index} ${describeCommand(e.command, e.kind)}`;
    case 'snapshot':
      return `${e.node} snapshot through #${e.index} (term ${e.term})`;
    case 'timer':
      return e.deadline === null
        ? `${e.node} ${e.kind} timer stopped`
        : `${e.node} ${e.kind} timer set for ${formatTime(e.deadline)}`;
    case 'config':
      return `${e.node} configuration: voters {${e.voters.join(', ')}}${e.learners.length > 0 ? `, catching up {${e.learners.join(', ')}}` : ''}`;
    case 'catch-up-aborted':
      return e.reason === 'silent'
        ? `${e.node} gave up adding ${e.server}: it did not answer within an election timeout`
        : `${e.node} gave up adding ${e.server}: too slow to catch up`;
    case 'disk-write':
      return `${e.node} writing term ${e.term}, vote ${e.votedFor ?? 'none'}, log to #${e.lastIndex} to disk (durable at ${formatTime(e.doneAt)})`;
    case 'disk-done':
      return `${e.node} disk write durable: term ${e.term}, vote ${e.votedFor ?? 'none'}, log to #${e.lastIndex}`;
    case 'disk-lost':
      return `${e.node} lost ${e.writes === 1 ? 'a write' : `${e.writes} writes`} not yet on disk`;
    case 'crash':
      return `${e.node} crashed`;
    case 'restart':
      return `${e.node} restarted`;
    case 'partition':
      return `network partitioned: ${e.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}`;
    case 'heal':
      return 'network healed';
    case 'network':
      return `network settings: latency ${e.network.latencyMin}–${e.network.latencyMax} ms, loss ${e.network.lossRate}, duplicates ${e.network.duplicateRate}${e.network.manual ? ', manual delivery' : ''}`;
    case 'link':
      return `link ${e.from} → ${e.to}: ${e.link.up === false ? 'cut' : 'up'}${e.link.latencyMin !== undefined ? `, latency ${e.link.latencyMin}–${e.link.latencyMax ?? e.link.latencyMin} ms` : ''}${e.link.lossRate !== undefined ? `, loss ${e.link.lossRate}` : ''}`;
    case 'server':
      return `${e.node} ${e.change === 'added' ? 'added to' : 'removed from'} the cluster`;
    case 'action':
      return `you: ${describeAction(e.action)}`;
    case 'client-invoke':
      return `${e.record.client} invoked ${describeCommand(e.record.op)}`;
    case 'client-ok':
      return `${e.record.client} completed ${describeCommand(e.record.op)}${e.record.op.type === 'get' ? ` → ${e.record.result ?? '(none)'}` : ''}`;
  }
}

function rangeText(from: number, count: number): string {
  if (count <= 0) return 'nothing';
  if (count === 1) return `#${from}`;
  return `#${from}–#${from + count - 1}`;
}

/** The kinds the event log filters by. */
export type EventKind = 'messages' | 'heartbeats' | 'roles' | 'log' | 'faults' | 'clients' | 'actions' | 'timers';

export const EVENT_KINDS: readonly { id: EventKind; label: string }[] = [
  { id: 'roles', label: 'Roles & votes' },
  { id: 'log', label: 'Log & commits' },
  { id: 'messages', label: 'Messages' },
  { id: 'heartbeats', label: 'Heartbeats' },
  { id: 'faults', label: 'Faults & network' },
  { id: 'clients', label: 'Clients' },
  { id: 'actions', label: 'Your actions' },
  { id: 'timers', label: 'Timers' },
];

export function eventKind(e: TraceEvent): EventKind {
  switch (e.type) {
    case 'send':
    case 'deliver':
    case 'drop':
      if (isHeartbeat(e.message)) return 'heartbeats';
      if (e.message.type === 'AppendEntriesReply' && e.message.success && e.type !== 'drop') return 'heartbeats';
      return 'messages';
    case 'role':
    case 'vote':
      return 'roles';
    case 'append':
    case 'truncate':
    case 'commit':
    case 'apply':
    case 'snapshot':
    case 'config':
    case 'catch-up-aborted':
    case 'disk-write':
    case 'disk-done':
    case 'disk-lost':
      return 'log';
    case 'timer':
      return 'timers';
    case 'crash':
    case 'restart':
    case 'partition':
    case 'heal':
    case 'network':
    case 'link':
    case 'server':
      return 'faults';
    case 'action':
      return 'actions';
    case 'client-invoke':
    case 'client-ok':
      return 'clients';
  }
}

/** Nodes an event concerns (for the event log's node filter). */
export function eventNodes(e: TraceEvent): string[] {
  switch (e.type) {
    case 'send':
    case 'deliver':
    case 'drop':
      return [e.message.from, e.message.to];
    case 'partition':
      return e.groups.flat();
    case 'heal':
    case 'network':
      return [];
    case 'link':
      return [e.from, e.to];
    case 'action':
      return 'node' in e.action ? [e.action.node] : [];
    case 'client-invoke':
    case 'client-ok':
      return [e.record.client];
    default:
      return [e.node];
  }
}
