// Read-only copies of a node's state, shaped for the API (DESIGN.md's NodeView).

import { listToArray } from '../raft/chunked.ts';
import type { NodeState } from '../raft/types.ts';
import type { NodeView } from './types.ts';

export function nodeView(n: NodeState): NodeView {
  const base = n.log.base;
  const view: NodeView = {
    id: n.id,
    alive: n.alive,
    role: n.role,
    term: n.currentTerm,
    votedFor: n.votedFor,
    leaderId: n.leaderId,
    log: listToArray(n.log).map((e, i) => ({ index: base + i + 1, term: e.term, command: e.command, kind: e.kind })),
    snapshotIndex: n.snapshot === null ? 0 : n.snapshot.index,
    snapshotTerm: n.snapshot === null ? 0 : n.snapshot.term,
    commitIndex: n.commitIndex,
    lastApplied: n.lastApplied,
    state: Object.fromEntries(n.kv),
    electionDeadline: n.electionDeadline,
    heartbeatDue: n.heartbeatDue,
    config: { voters: n.voters.slice(), learners: n.learners.slice() },
  };
  if (n.role === 'leader') {
    // Object.fromEntries defines own properties: a peer named '__proto__' is kept, where
    // assigning record[peer] = … would silently set the prototype instead (DESIGN.md).
    const peers = [...n.progress];
    view.nextIndex = Object.fromEntries(peers.map(([peer, p]) => [peer, p.nextIndex]));
    view.matchIndex = Object.fromEntries(peers.map(([peer, p]) => [peer, p.matchIndex]));
  }
  return structuredClone(view);
}
