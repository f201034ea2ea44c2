// One validation for every action, live or scripted (docs/design.md, Decisions): a table with
// one check per action type. A check is given the cluster as it stands when the action acts —
// after the events due at its time — and returns why the action is refused, or null.
//
// - A live call (`cluster.crash(id)`, …) first checks the form of its arguments (types,
//   schemas: what the action schema checks for a script), then settles what is due now, asks
//   its row here and, on a refusal, rolls the settled events back and throws
//   `${call}: ${reason}` (the call is named like the action type).
// - A scripted action (createCluster(options, actions)) is asked the same row when its time
//   comes; a refused one is skipped — never applied, never in actions() — and listed by
//   cluster.refusedActions().
// So a script can do exactly what live calls can, and a recorded script always replays.

import type { Message } from '../raft/messages.ts';
import { configChangeRefusal } from '../raft/node.ts';
import type { NodeState } from '../raft/types.ts';
import { isClientName, RESERVED_NAMES } from './atoms.ts';
import type { ClientState } from './clients.ts';
import { linkKey, type NetworkState } from './network.ts';
import type { Action, ActionType } from './types.ts';
import { describe, groupsProblem, linkProblem, networkProblem } from './validate.ts';

/** What a check may read: the cluster at the moment the action acts. */
export interface ActionContext {
  readonly ids: readonly string[];
  readonly nodes: ReadonlyMap<string, NodeState>;
  readonly messages: ReadonlyMap<number, Message>;
  readonly clients: ReadonlyMap<string, ClientState>;
  readonly network: NetworkState;
  /** The node cluster.leader() names (the live leader of the highest term), or null. */
  leader(): NodeState | null;
}

export type ActionOf<T extends ActionType> = Action & { type: T };

/** Why `action` cannot act on the cluster as it stands, or null when it can. */
export type ActionCheck<T extends ActionType> = (action: ActionOf<T>, cluster: ActionContext) => string | null;

/** A server id as an argument (`argument` names it within the call, e.g. 'from'). */
function unknownNode(id: string, cluster: ActionContext, argument?: string): string | null {
  if (cluster.nodes.has(id)) return null;
  return `${argument === undefined ? '' : argument + ': '}unknown node id '${id}' (known: ${cluster.ids.join(', ')})`;
}

function notOnTheWire(id: number, cluster: ActionContext): string | null {
  return cluster.messages.has(id) ? null : `messageId ${id} is not on the wire (delivered, dropped, or never sent)`;
}

const NO_LEADER = 'there is no leader right now (run until one is elected)';

/** The name of a server to add: the same rule for addServer calls and scripts. */
export function serverNameProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) {
    return `id must be a non-empty string of at most 64 characters, got ${describe(id)}`;
  }
  if (isClientName(id)) return RESERVED_NAMES;
  return null;
}

/** The name of a simulated client to send as: the same rule for request calls and scripts. */
export function clientNameProblem(client: string, nodes: ReadonlyMap<string, unknown>): string | null {
  if (nodes.has(client)) return `opts.client: '${client}' is a server, not a client`;
  if (!isClientName(client)) return `opts.client: client names are C1, C2, …; got '${client}'`;
  return null;
}

function clientBusy(client: string, cluster: ActionContext): string | null {
  return cluster.clients.get(client)?.pending != null ? `opts.client: ${client} already has an operation outstanding (one at a time)` : null;
}

const nodeOnly = (a: { node: string }, c: ActionContext) => unknownNode(a.node, c);

/**
 * The checks, one row per action type. A row refuses only what the live call refuses: an action
 * that merely has no effect (crashing a crashed server, a timeout on a leader, a proposal to a
 * follower) is accepted, recorded and replayed as such.
 */
export const ACTION_CHECKS: { readonly [T in ActionType]: ActionCheck<T> } = {
  crash: nodeOnly,
  restart: nodeOnly,
  timeout: nodeOnly,
  propose: nodeOnly,
  partition: (a, c) => groupsProblem(a.groups, c.ids),
  heal: () => null,
  setNetwork: (a, c) => networkProblem(a.network, c.network.settings),
  setLink: (a, c) =>
    unknownNode(a.from, c, 'from') ??
    unknownNode(a.to, c, 'to') ??
    (a.from === a.to ? `from and to are both '${a.from}': a link joins two different nodes` : null) ??
    linkProblem(a.link, c.network.links.get(linkKey(a.from, a.to)), c.network.settings),
  request: (a, c) =>
    (a.to === undefined ? null : unknownNode(a.to, c, 'opts.to')) ??
    (a.client === undefined ? null : clientNameProblem(a.client, c.nodes) ?? clientBusy(a.client, c)),
  deliver: (a, c) => notOnTheWire(a.message, c),
  drop: (a, c) => notOnTheWire(a.message, c),
  duplicate: (a, c) => notOnTheWire(a.message, c),
  delay: (a, c) => {
    const gone = notOnTheWire(a.message, c);
    if (gone !== null) return gone;
    return c.messages.get(a.message)?.deliverAt === null ? `message ${a.message} is waiting for manual delivery; deliver it instead` : null;
  },
  addServer: (a, c) => {
    const name = serverNameProblem(a.node);
    if (name !== null) return name;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    // A server that was removed (or given up on) may come back under its name, with the disk
    // it kept: the leader catches it up like any new server (thesis §4.2.1); entries it holds
    // beyond the leader's log are overwritten by the consistency check as usual.
    if (c.nodes.has(a.node) && (leader.voters.includes(a.node) || leader.learners.includes(a.node))) {
      return `'${a.node}' is already a server of this cluster`;
    }
    const refusal = configChangeRefusal(leader);
    return refusal === null ? null : `cannot add '${a.node}' now: ${refusal}`;
  },
  removeServer: (a, c) => {
    const unknown = unknownNode(a.node, c);
    if (unknown !== null) return unknown;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    if (!leader.voters.includes(a.node)) return `'${a.node}' is not a voting member of the current configuration`;
    if (leader.voters.length <= 1) return `'${a.node}' is the last voter; a cluster needs at least one`;
    const refusal = configChangeRefusal(leader);
    return refusal === null ? null : `cannot remove '${a.node}' now: ${refusal}`;
  },
  transferLeadership: (a, c) => {
    const unknown = unknownNode(a.node, c);
    if (unknown !== null) return unknown;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    if (!leader.voters.includes(a.node)) return `'${a.node}' is not a voting member`;
    if (leader.id === a.node) return `'${a.node}' is already the leader`;
    if (leader.transferTarget !== null) return `a transfer to '${leader.transferTarget}' is already under way`;
    return null;
  },
};

/** Why `action` is refused on the cluster as it stands (its row of ACTION_CHECKS), or null. */
export function actionRefusal(action: Action, cluster: ActionContext): string | null {
  const check = ACTION_CHECKS[action.type] as ActionCheck<ActionType>;
  return check(action, cluster);
}
