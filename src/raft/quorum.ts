// The quorum rule (Figure 2, thesis §4.1): majorities of the voters of a server's latest
// configuration, committed or not. One place each for who is a voter, the quorum size, and
// counting votes (elections, pre-votes and ReadIndex confirmations count the same way).

import type { NodeState } from './types.ts';

export function isVoter(node: NodeState, id: string): boolean {
  return node.voters.includes(id);
}

/** The smallest majority of the node's latest configuration. */
export function quorumSize(node: NodeState): number {
  return Math.floor(node.voters.length / 2) + 1;
}

/**
 * Records `from`'s vote if it is a voter not yet counted; true once the votes form a majority.
 * `votes` only ever holds voters (a candidate counts itself only where it is one, §4.2.2).
 */
export function countVote(node: NodeState, votes: string[], from: string): boolean {
  if (!votes.includes(from) && isVoter(node, from)) votes.push(from);
  return votes.length >= quorumSize(node);
}

/** Do these servers (acks, votes) include a majority of the node's voters? */
export function hasQuorum(node: NodeState, ids: readonly string[]): boolean {
  let n = 0;
  for (const id of ids) if (isVoter(node, id)) n++;
  return n >= quorumSize(node);
}

/**
 * The largest log index `match(voter)` reaches on a majority of the voters (the quorum-th
 * largest), or the most recent time a majority was heard from: the one order statistic both
 * the commit rule and CheckQuorum need.
 */
export function majorityValue(node: NodeState, valueOf: (voter: string) => number): number {
  const values = new Float64Array(node.voters.length);
  for (let i = 0; i < node.voters.length; i++) values[i] = valueOf(node.voters[i]);
  values.sort(); // ascending: the quorum-th largest is reached by a majority
  return values[node.voters.length - quorumSize(node)];
}
