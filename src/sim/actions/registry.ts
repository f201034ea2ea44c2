// The action registry: one row per action type (docs/design.md, "Actions: one registry").
// Everything that differs between action types is a field of its row (spec.ts) — the schema
// of a scripted action, the form of the live call's arguments, the one check live and
// scripted actions share, how it acts, its words, its UI label, its wire code in share links —
// and every piece of code that once switched on `action.type` (the simulator, the link codec,
// the time machine, the fuzzer, the descriptions) looks its row up here instead. The rows are
// written in groups: servers.ts, membership.ts, network.ts, commands.ts, messages.ts.

import * as z from 'zod/mini';
import type { Action, ActionType } from '../types.ts';
import type { World } from '../world.ts';
import { propose, request } from './commands.ts';
import { addServer, removeServer, transferLeadership } from './membership.ts';
import { deliver, delay, drop, duplicate } from './messages.ts';
import { heal, partition, setLink, setNetwork } from './network.ts';
import { crash, fireTimer, restart, timeout } from './servers.ts';
import type { ActionContext, ActionSpec } from './spec.ts';

export type { ActionCheck, ActionContext, ActionOf, ActionSpec, ActionWire, Json, ParseContext, WireDecoder } from './spec.ts';

/**
 * The registry, in its canonical order (the order actionSchema lists the types in its
 * messages, and the order of ACTION_TYPES).
 */
export const ACTIONS: { readonly [T in ActionType]: ActionSpec<T> } = {
  crash,
  restart,
  timeout,
  addServer,
  removeServer,
  transferLeadership,
  partition,
  heal,
  setNetwork,
  setLink,
  propose,
  request,
  deliver,
  drop,
  duplicate,
  delay,
  fireTimer,
};

/** Every action type, in the registry's order. */
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** The row of an action type, typed for any action (rows take only their own type). */
export function actionSpec(type: ActionType): ActionSpec<ActionType> {
  return ACTIONS[type] as unknown as ActionSpec<ActionType>;
}

/** Is `type` an action type? (A string from a console, a file, a link.) */
export function isActionType(type: unknown): type is ActionType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, type);
}

/** Answers to time tests an action may carry (Action.tests): at most this many. */
export const MAX_TIME_TESTS = 64;

const timeTests = z.optional(z.array(z.boolean()).check(z.maxLength(MAX_TIME_TESTS, `at most ${MAX_TIME_TESTS} answers`)));

/** One action as a script holds it: the union of the rows' schemas, by `type` (each may carry `tests`). */
export const actionSchema = z.discriminatedUnion(
  'type',
  ACTION_TYPES.map((t) => z.extend(ACTIONS[t].schema, { tests: timeTests })) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
) as unknown as z.ZodMiniType<Action>;

/** The fields an action of this type may have (its schema's), in order: `at`, `type`, … */
export function actionFields(type: ActionType): readonly string[] {
  return Object.keys(ACTIONS[type].schema.shape);
}

/** Why `action` is refused on the cluster as it stands (its row's check), or null. */
export function actionRefusal(action: Action, cluster: ActionContext): string | null {
  return actionSpec(action.type).check(action, cluster);
}

/** Applies one (already checked) action to the world at `now` (its time-test answers, if any, in force). */
export function applyAction(w: World, action: Action): void {
  if (action.tests === undefined) {
    actionSpec(action.type).apply(w, action);
    return;
  }
  w.withTimeTests(action.tests, () => actionSpec(action.type).apply(w, action));
}

/** The action in words, for a person ('crash S1', 'client put x=1 → S2', …). */
export function describeAction(action: Action): string {
  return actionSpec(action.type).describe(action);
}

/** A short label for a button or menu item of this action type ('Crash', 'Transfer leadership', …). */
export function actionLabel(type: ActionType): string {
  return ACTIONS[type].label;
}

const BY_CODE = new Map<string, ActionType>(ACTION_TYPES.map((t) => [ACTIONS[t].wire.code, t]));

/** The action type of a share link's action code ('c' → 'crash'), or undefined. */
export function actionTypeOfCode(code: string): ActionType | undefined {
  return BY_CODE.get(code);
}
