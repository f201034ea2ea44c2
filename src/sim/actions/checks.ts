// The pieces the rows' checks are made of (one validation for every action, live or
// scripted: docs/design.md). A check is given the cluster as it stands when the action acts —
// after the events due at its time — and returns why the action is refused, or null.
//
// - A live call (`cluster.crash(id)`, `cluster.apply(action)`, …) first checks the form of its
//   arguments (the row's `parse`), then settles what is due now, asks the row's `check` and, on
//   a refusal, rolls the settled events back and throws `${type}: ${reason}`.
// - A scripted action (createCluster(options, actions)) is asked the same check when its time
//   comes; a refused one is skipped — never applied, never in actions() — and listed by
//   cluster.refusedActions().
// So a script can do exactly what live calls can, and a recorded script always replays. A row
// refuses only what the live call refuses: an action that merely has no effect (crashing a
// crashed server, a timeout on a leader, a proposal to a follower) is accepted, recorded and
// replayed as such.

import { isClientName, MAX_NODE_NAME, RESERVED_NAMES } from '../atoms.ts';
import { describe } from '../validate.ts';
import type { ActionContext } from './spec.ts';

/** A server id as an argument (`argument` names it within the call, e.g. 'from'). */
export function unknownNode(id: string, cluster: ActionContext, argument?: string): string | null {
  if (cluster.nodes.has(id)) return null;
  return `${argument === undefined ? '' : argument + ': '}unknown node id '${id}' (known: ${cluster.ids.join(', ')})`;
}

export function notOnTheWire(id: number, cluster: ActionContext): string | null {
  return cluster.messages.has(id) ? null : `messageId ${id} is not on the wire (delivered, dropped, or never sent)`;
}

export const NO_LEADER = 'there is no leader right now (run until one is elected)';

/** The name of a server to add: the same rule for addServer calls and scripts. */
export function serverNameProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_NODE_NAME) {
    return `id must be a non-empty string of at most ${MAX_NODE_NAME} characters, got ${describe(id)}`;
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

export function clientBusy(client: string, cluster: ActionContext): string | null {
  return cluster.clients.get(client)?.pending != null ? `opts.client: ${client} already has an operation outstanding (one at a time)` : null;
}

/** The check of an action that names one server: that it exists. */
export const nodeOnly = (a: { node: string }, c: ActionContext) => unknownNode(a.node, c);
