// What every handler is given: the simulated time, the cluster's settings, and the Outbox where
// a node puts everything it wants done. Also the small reporting helpers every file shares.

import type { LogEntryView, NodeEvent } from './events.ts';
import type { Outgoing } from './messages.ts';
import { uniformInt } from './rng.ts';
import type { LogEntry, NodeState, RaftSettings } from './types.ts';

/** The engine's tests of elapsed time, by name (each one a function of time.ts). */
export type TimeTest =
  | 'heard-from-leader-recently'
  | 'check-quorum-expired'
  | 'transfer-expired'
  | 'catch-up-round-fast'
  | 'catch-up-silent'
  | 'follower-active';

/** Given a test and what the clock says, returns the answer to use. */
export type TimeTestResolver = (test: TimeTest, node: NodeState, clock: boolean) => boolean;

/** Where a node puts what it wants done. `trace` off: the node skips building events. */
export interface Outbox {
  readonly trace: boolean;
  send(message: Outgoing): void;
  emit(event: NodeEvent): void;
}

export interface StepContext {
  now: number;
  settings: RaftSettings;
  out: Outbox;
  /**
   * Decides the engine's tests of elapsed time (time.ts) instead of the clock: the exhaustive
   * explorer resolves each one as a choice. Absent: the clock decides.
   */
  timeTests?: TimeTestResolver;
}

/** "Long ago": a node that never heard from a leader. */
export const NEVER = -1e15;

export function resetElectionTimer(node: NodeState, ctx: StepContext): void {
  const t = ctx.settings.timing;
  node.electionDeadline = ctx.now + uniformInt(node.rng, t.electionTimeoutMin, t.electionTimeoutMax);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: node.electionDeadline });
  }
}

/** A server that may not campaign has no election timer; the trace says so too. */
export function stopElectionTimer(node: NodeState, ctx: StepContext): void {
  node.electionDeadline = null;
  if (ctx.out.trace) ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: null });
}

export function emitRole(node: NodeState, ctx: StepContext): void {
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'role', at: ctx.now, node: node.id, role: node.role, term: node.currentTerm });
  }
}

export function emitConfig(node: NodeState, ctx: StepContext): void {
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'config',
      at: ctx.now,
      node: node.id,
      voters: node.voters.slice(),
      learners: node.learners.slice(),
    });
  }
}

export function entryView(index: number, e: LogEntry): LogEntryView {
  const view: LogEntryView = { index, term: e.term, command: e.command, kind: e.kind };
  if (e.kind === 'config' && e.voters) view.voters = e.voters.slice();
  return view;
}
