// What changed in the displayed run since the view last looked (TimeMachine.takeTouched()):
// the nodes a trace event touched ('all' after a restore or an action), clients, the network.
// The view redraws only those.

import type { TraceEvent } from '../sim/index.ts';

/** What changed since the last call to takeTouched(): nodes ('all' after a restore), clients, network. */
export interface Touched {
  nodes: Set<string> | 'all';
  clients: boolean;
  network: boolean;
}

export function allTouched(): Touched {
  return { nodes: 'all', clients: true, network: true };
}

/** Marks what trace event `e` touched in `t`. */
export function touch(t: Touched, e: TraceEvent): void {
  switch (e.type) {
    case 'partition':
    case 'heal':
    case 'network':
    case 'link':
      t.network = true;
      return;
    case 'client-invoke':
    case 'client-ok':
      t.clients = true;
      return;
    case 'action':
    case 'server':
    case 'config':
      t.nodes = 'all';
      t.network = true;
      t.clients = true;
      return;
  }
  if (t.nodes === 'all') return;
  switch (e.type) {
    case 'send':
      t.nodes.add(e.message.from);
      return;
    case 'deliver':
    case 'drop':
      t.nodes.add(e.message.to);
      return;
    default:
      t.nodes.add(e.node);
  }
}
