// The visual vocabulary: how each role and message type is drawn. Colour is never the only
// code — every kind has its own shape and glyph too (colour-blind safe), and the legend is
// generated from these tables.

import type { MessageView, Role } from '../sim/index.ts';
import type { MemberStatus } from '../store/membership.ts';

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'star' | 'hexagon';

export interface MessageStyle {
  /** CSS class: sets the colour through the theme's variables. */
  cls: string;
  shape: Shape;
  /** Text drawn inside the shape (a count, ✓, ✗ …). */
  glyph: string;
  /** Outline only (replies to heartbeats, pre-votes). */
  hollow: boolean;
  /** Size relative to the standard message size. */
  size: number;
  dashed: boolean;
}

export function messageStyle(m: MessageView): MessageStyle {
  switch (m.type) {
    case 'RequestVote':
      return { cls: 'm-vote', shape: 'circle', glyph: '?', hollow: false, size: 1, dashed: false };
    case 'RequestVoteReply':
      return m.voteGranted
        ? { cls: 'm-granted', shape: 'circle', glyph: '✓', hollow: false, size: 1, dashed: false }
        : { cls: 'm-denied', shape: 'circle', glyph: '✗', hollow: false, size: 1, dashed: false };
    case 'PreVote':
      return { cls: 'm-vote', shape: 'circle', glyph: '?', hollow: true, size: 0.9, dashed: true };
    case 'PreVoteReply':
      return m.voteGranted
        ? { cls: 'm-granted', shape: 'circle', glyph: '✓', hollow: true, size: 0.9, dashed: true }
        : { cls: 'm-denied', shape: 'circle', glyph: '✗', hollow: true, size: 0.9, dashed: true };
    case 'AppendEntries':
      return m.entries.length === 0
        ? { cls: 'm-heartbeat', shape: 'square', glyph: '', hollow: true, size: 0.7, dashed: false }
        : { cls: 'm-append', shape: 'square', glyph: String(m.entries.length), hollow: false, size: 1.1, dashed: false };
    case 'AppendEntriesReply':
      return m.success
        ? { cls: 'm-ok', shape: 'triangle', glyph: '', hollow: false, size: 0.8, dashed: false }
        : { cls: 'm-fail', shape: 'triangle', glyph: '✗', hollow: false, size: 1, dashed: false };
    case 'InstallSnapshot':
      return { cls: 'm-snapshot', shape: 'square', glyph: 'S', hollow: false, size: 1.3, dashed: false };
    case 'InstallSnapshotReply':
      return { cls: 'm-snapshot', shape: 'triangle', glyph: '', hollow: false, size: 0.9, dashed: false };
    case 'TimeoutNow':
      return { cls: 'm-timeoutnow', shape: 'star', glyph: '!', hollow: false, size: 1.2, dashed: false };
    case 'ClientRequest':
      return { cls: 'm-client', shape: 'diamond', glyph: 'C', hollow: false, size: 1.1, dashed: false };
    case 'ClientReply':
      return m.ok
        ? { cls: 'm-client', shape: 'diamond', glyph: '✓', hollow: true, size: 1.1, dashed: false }
        : { cls: 'm-fail', shape: 'diamond', glyph: '→', hollow: true, size: 1.1, dashed: false };
  }
}

export interface RoleStyle {
  cls: string;
  shape: Shape;
  label: string;
  dashed: boolean;
}

export function roleStyle(role: Role, alive: boolean): RoleStyle {
  if (!alive) return { cls: 'r-crashed', shape: 'circle', label: 'crashed', dashed: true };
  switch (role) {
    case 'follower':
      return { cls: 'r-follower', shape: 'circle', label: 'follower', dashed: false };
    case 'precandidate':
      return { cls: 'r-precandidate', shape: 'diamond', label: 'pre-candidate', dashed: true };
    case 'candidate':
      return { cls: 'r-candidate', shape: 'diamond', label: 'candidate', dashed: false };
    case 'leader':
      return { cls: 'r-leader', shape: 'hexagon', label: 'leader', dashed: false };
  }
}

/** Term colours for log cells: a repeating categorical palette (the term number is printed too). */
export const TERM_CLASSES = 10;
export function termClass(term: number): string {
  return `term-${termIndex(term)}`;
}

/** Which of the term colours (--term-0 … --term-9) a term takes. */
export function termIndex(term: number): number {
  return ((term % TERM_CLASSES) + TERM_CLASSES) % TERM_CLASSES;
}

/** Legend rows for messages: [example, name, meaning]. */
export const MESSAGE_LEGEND: { example: MessageView; name: string; meaning: string }[] = [
  legendMessage({ type: 'RequestVote', candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0 }, 'RequestVote', 'a candidate asks for a vote'),
  legendMessage({ type: 'RequestVoteReply', voteGranted: true }, 'Vote granted', 'reply: yes, you have my vote'),
  legendMessage({ type: 'RequestVoteReply', voteGranted: false }, 'Vote denied', 'reply: no (already voted, or stale log/term)'),
  legendMessage({ type: 'PreVote', candidateId: 'S1', lastLogIndex: 0, lastLogTerm: 0 }, 'PreVote', 'would I win? (PreVote on)'),
  legendMessage({ type: 'PreVoteReply', voteGranted: true }, 'Pre-vote reply', '✓ or ✗, hollow and dashed'),
  legendMessage(
    { type: 'AppendEntries', leaderId: 'S1', prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0, round: 0 },
    'Heartbeat',
    'AppendEntries with no entries',
  ),
  legendMessage(
    {
      type: 'AppendEntries',
      leaderId: 'S1',
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries: [
        { term: 1, command: null, kind: 'command' },
        { term: 1, command: null, kind: 'command' },
      ],
      leaderCommit: 0,
      round: 0,
    },
    'AppendEntries',
    'carries log entries (the number shows how many)',
  ),
  legendMessage({ type: 'AppendEntriesReply', success: true, matchIndex: 1, conflictIndex: 0, conflictTerm: 0, round: 0 }, 'Append ok', 'reply: success'),
  legendMessage({ type: 'AppendEntriesReply', success: false, matchIndex: 0, conflictIndex: 1, conflictTerm: 0, round: 0 }, 'Append failed', 'reply: log mismatch or stale term'),
  legendMessage(
    {
      type: 'InstallSnapshot',
      leaderId: 'S1',
      lastIncludedIndex: 10,
      lastIncludedTerm: 1,
      snapshot: { index: 10, term: 1, state: new Map(), sessions: new Map(), voters: [] },
      round: 0,
    },
    'InstallSnapshot',
    'the leader sends its snapshot',
  ),
  legendMessage({ type: 'TimeoutNow', }, 'TimeoutNow', 'leader transfer: start an election now'),
  legendMessage({ type: 'ClientRequest', client: 'C1', seq: 1, op: { type: 'put', key: 'x', value: '1' } }, 'Client request', 'a client sends an operation'),
  legendMessage({ type: 'ClientReply', client: 'C1', seq: 1, ok: true, leaderHint: null }, 'Client reply', 'the operation is done'),
  legendMessage({ type: 'ClientReply', client: 'C1', seq: 1, ok: false, leaderHint: 'S2' }, 'Not leader', 'reply: try the leader (hint)'),
];

function legendMessage(body: Record<string, unknown>, name: string, meaning: string) {
  const example = { id: 0, from: 'S1', to: 'S2', term: 1, sentAt: 0, deliverAt: 10, ...body } as unknown as MessageView;
  return { example, name, meaning };
}

/** How the role line names a server that is not a voter. */
export const STATUS_LABEL: Record<Exclude<MemberStatus, 'voter'>, string> = {
  learner: 'learner, no vote',
  removed: 'removed',
  outside: 'not in the configuration',
};

/** The letter on a non-voter's badge (top left of the server, clear of the timer's arc): L learner, − removed, + not in. */
export const STATUS_BADGE: Record<Exclude<MemberStatus, 'voter'>, string> = { learner: 'L', removed: '−', outside: '+' };
