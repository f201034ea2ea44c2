// A recording harness for unit tests of one node (node.test.ts, extensions.test.ts): each
// test drives a NodeState through the exported inputs and looks at what it sent and reported,
// in the style of etcd's raft tests.

import type { NodeEvent } from './events.ts';
import type { Outgoing } from './messages.ts';
import type { Outbox, StepContext } from './node.ts';
import type { RaftFeatures, RaftSettings } from './types.ts';

export const TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };
export const FEATURES: RaftFeatures = {
  preVote: false,
  checkQuorum: false,
  snapshotThreshold: 0,
  readIndex: false,
  noopOnElection: true,
  variant: 'none',
};

/** Records everything a node sends and reports; `ctx(now)` is the StepContext for one input. */
export class Harness {
  readonly sent: Outgoing[] = [];
  readonly events: NodeEvent[] = [];
  readonly settings: RaftSettings;
  private readonly out: Outbox;

  constructor(features: Partial<RaftFeatures> = {}) {
    this.settings = { timing: TIMING, features: { ...FEATURES, ...features } };
    this.out = { trace: true, send: (m) => this.sent.push(m), emit: (e) => this.events.push(e) };
  }

  ctx(now: number): StepContext {
    return { now, settings: this.settings, out: this.out };
  }

  /** Forget what was recorded so far (to look only at the reaction to the next input). */
  clear(): void {
    this.sent.length = 0;
    this.events.length = 0;
  }

  sentOf<T extends Outgoing['type']>(type: T): Extract<Outgoing, { type: T }>[] {
    return this.sent.filter((m): m is Extract<Outgoing, { type: T }> => m.type === type);
  }

  eventsOf<T extends NodeEvent['type']>(type: T): Extract<NodeEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<NodeEvent, { type: T }> => e.type === type);
  }
}
