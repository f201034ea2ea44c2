// "Why?" questions answered from the trace: which votes elected a leader, which
// acknowledgements committed an entry. Pure functions over the trace, so they are tested.

import type { TraceEvent } from '../sim/index.ts';
import type { TraceReader } from './traceWindow.ts';

/**
 * Trace indices below `length` to look through for role and commit events: the index's
 * `milestones` when given (a long run's trace is windowed, so reading every event from the
 * start would recompute it all), else every index.
 */
function* scan(length: number, milestones?: ArrayLike<number>): Generator<number> {
  if (milestones === undefined) {
    for (let i = 0; i < length; i++) yield i;
    return;
  }
  for (let k = 0; k < milestones.length; k++) {
    const i = milestones[k];
    if (i >= length) return;
    yield i;
  }
}

function eventAt(trace: TraceReader, i: number): TraceEvent {
  const e = trace.at(i);
  if (e === undefined) throw new RangeError(`no trace event ${i}`);
  return e;
}

/** A "why?" answer: its words, and what to highlight in the views. */
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

/** The votes that made `node` leader of `term` (null when it never was, in the trace so far). */
export function whyLeader(trace: TraceReader, length: number, node: string, term: number, milestones?: ArrayLike<number>): WhyHighlight | null {
  let leaderAt = -1;
  for (const i of scan(length, milestones)) {
    const e = eventAt(trace, i);
    if (e.type === 'role' && e.node === node && e.term === term && e.role === 'leader') {
      leaderAt = i;
      break;
    }
  }
  if (leaderAt < 0) return null;
  const messages: number[] = [];
  const events: number[] = [leaderAt];
  const voters: string[] = [];
  let ownVote = false;
  for (let i = leaderAt - 1; i >= 0; i--) {
    const e = eventAt(trace, i);
    if (e.type === 'role' && e.node === node && e.term < term) break;
    if (e.type === 'vote' && e.node === node && e.term === term && e.votedFor === node) {
      ownVote = true;
      events.push(i);
    }
    if (e.type === 'deliver' && e.message.to === node && e.message.type === 'RequestVoteReply' && e.message.term === term && e.message.voteGranted) {
      if (!voters.includes(e.message.from)) {
        voters.push(e.message.from);
        messages.push(e.message.id);
        events.push(i);
        // the request that asked for it
        for (let j = i - 1; j >= 0; j--) {
          const r = eventAt(trace, j);
          if (r.type === 'send' && r.message.type === 'RequestVote' && r.message.from === node && r.message.to === e.message.from && r.message.term === term) {
            messages.push(r.message.id);
            events.push(j);
            break;
          }
          if (r.type === 'role' && r.node === node && r.term < term) break;
        }
      }
    }
  }
  voters.reverse();
  const all = ownVote ? [node, ...voters] : voters;
  return {
    title: `Why did ${node} become leader in term ${term}?`,
    lines: [
      `${node} won the election of term ${term} with ${all.length} vote${all.length === 1 ? '' : 's'}: ${all.join(', ')}.`,
      ownVote ? `It voted for itself when it became candidate.` : '',
      voters.length > 0
        ? `Granted votes arrived from ${voters.join(', ')} (highlighted). A majority of the configuration is enough.`
        : 'It needed no other votes (a one-server configuration).',
    ].filter((l) => l !== ''),
    messages,
    events: events.sort((a, b) => a - b),
    nodes: all,
  };
}

/**
 * The acknowledgements that committed log entry `index`: the leader that first advanced its
 * commit index to ≥ index and the successful AppendEntries replies it counted.
 */
export function whyCommitted(trace: TraceReader, length: number, index: number, milestones?: ArrayLike<number>): WhyHighlight | null {
  // track roles to know who was leader when a commit happened
  const role = new Map<string, { role: string; term: number }>();
  for (const i of scan(length, milestones)) {
    const e = eventAt(trace, i);
    if (e.type === 'role') role.set(e.node, { role: e.role, term: e.term });
    if (e.type === 'commit' && e.commitIndex >= index) {
      const r = role.get(e.node);
      if (r === undefined || r.role !== 'leader') continue;
      const leader = e.node;
      const term = r.term;
      const messages: number[] = [];
      const events: number[] = [i];
      const acks = new Map<string, number>();
      for (let j = i - 1; j >= 0; j--) {
        const x = eventAt(trace, j);
        if (x.type === 'role' && x.node === leader && (x.term !== term || x.role !== 'leader')) break;
        if (
          x.type === 'deliver' &&
          x.message.to === leader &&
          x.message.type === 'AppendEntriesReply' &&
          x.message.success &&
          x.message.term === term &&
          x.message.matchIndex >= index &&
          !acks.has(x.message.from)
        ) {
          acks.set(x.message.from, x.message.id);
          messages.push(x.message.id);
          events.push(j);
        }
      }
      const followers = [...acks.keys()].reverse();
      return {
        title: `Why is entry #${index} committed?`,
        lines: [
          `Leader ${leader} (term ${term}) counted the entry on a majority: itself${followers.length > 0 ? ' and ' + followers.join(', ') : ''}.`,
          followers.length > 0
            ? `Their successful AppendEntries replies (highlighted) reported matchIndex ≥ ${index}.`
            : 'No follower acknowledgement was needed (a one-server configuration).',
          `Only entries of the leader's own term are committed by counting replicas (Figure 8); earlier ones commit with them.`,
        ],
        messages,
        events: events.sort((a, b) => a - b),
        nodes: [leader, ...followers],
        logIndex: index,
      };
    }
  }
  return null;
}
