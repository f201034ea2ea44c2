// Script actions the time machine skipped on replay because the cluster refused them when their
// time came (the same check a scripted action gets in createCluster), as the panes list them.

import type { Action } from '../sim/index.ts';
import { describeAction } from './describe.ts';
import type { TimeMachine } from './timeMachine.ts';

/** A script action skipped on replay, as the panes list it. */
export interface SkippedAction {
  /** Index in the action script. */
  index: number;
  at: number;
  /** The action in words (describeAction). */
  action: string;
  /** Why it was refused: what the live call throws, without its `call: ` prefix. */
  reason: string;
}

/** The script actions `tm` skipped up to the displayed moment, in script order (equal lists reuse `prev`). */
export function skippedActions(tm: TimeMachine, prev?: readonly SkippedAction[]): readonly SkippedAction[] {
  const out: SkippedAction[] = [];
  for (const [index, reason] of tm.refused) {
    const action = tm.actions[index];
    if (index < tm.appliedActions && action !== undefined) out.push({ index, at: action.at, action: describeAction(action), reason });
  }
  if (prev !== undefined && prev.length === out.length && prev.every((x, i) => x.index === out[i].index && x.reason === out[i].reason)) return prev;
  return out;
}

/** `${call}: ${reason}` (what a refused live call throws) → reason. */
export function refusalReason(a: Action, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const prefix = `${a.type}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

