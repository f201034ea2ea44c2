// What the action registry holds for one action type (docs/design.md, "Actions: one
// registry"): everything that differs between action types, in one row, so adding an action
// is one new row — its schema, the form of its live call's arguments, whether the cluster
// accepts it now, how it acts, its wire code in share links, its words and its UI label.
// Plain data and functions: no React, nothing from src/scenario, src/store or src/view.

import type * as z from 'zod/mini';
import type { Message } from '../../raft/messages.ts';
import type { NodeState } from '../../raft/types.ts';
import type { ClientState } from '../clients.ts';
import type { NetworkState } from '../network.ts';
import type { Action, ActionType } from '../types.ts';
import type { World } from '../world.ts';

export type ActionOf<T extends ActionType> = Action & { type: T };

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

/** Why `action` cannot act on the cluster as it stands, or null when it can. */
export type ActionCheck<T extends ActionType> = (action: ActionOf<T>, cluster: ActionContext) => string | null;

/** What the form of a live call's arguments may be checked against (before anything settles). */
export interface ParseContext {
  readonly now: number;
  readonly nodes: ReadonlyMap<string, unknown>;
}

/** JSON, as a share link's wire form holds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Decoding one action tuple `[Δat, code, …args]` of a share link (src/scenario/url.ts). */
export interface WireDecoder {
  /** The action's time (the sum of the Δat so far) and its type (from its code). */
  readonly at: number;
  readonly type: ActionType;
  /** The field for messages: `actions[3]`. */
  readonly field: string;
  /** The node table (options.nodes, then servers in the order addServer added them); addServer appends. */
  readonly table: string[];
  /** A node reference: a number indexes the node table (or fails, naming `field`); a name is kept as written. */
  ref(field: string, x: unknown): unknown;
  /** The tuple holds `min` to `max` (default: `min`) arguments after its code, else "not a valid <type> action". */
  arity(min: number, max?: number): void;
  fail(field: string, message: string): never;
}

export interface ActionWire<T extends ActionType> {
  /** Its code in a link's action tuples: one character, never reused. */
  readonly code: string;
  /** The arguments after `[Δat, code]`; `ref` turns a server id into its node-table number. */
  encode(action: ActionOf<T>, ref: (id: string) => Json): Json[];
  /** The action (unvalidated: the scenario schema checks it next) from the arguments after `[Δat, code]`. */
  decode(args: unknown[], d: WireDecoder): Record<string, unknown>;
}

/** One row of the action registry. */
export interface ActionSpec<T extends ActionType> {
  readonly type: T;
  /** A short label for a button or a menu: 'Crash', 'Transfer leadership', … */
  readonly label: string;
  /** The action as a script holds it (`{ at, type, … }`, strict); actionSchema is their union. */
  readonly schema: z.ZodMiniObject;
  /** It names a message by id (meaningful only on the run that sent it). */
  readonly message: boolean;
  /** Server ids it names, which a script must know when it acts (createCluster checks them). */
  nodes(action: ActionOf<T>): string[];
  /** The server it adds, known to the actions after it (addServer). */
  adds?(action: ActionOf<T>): string;
  /** A script's action, beyond its schema and node ids: what is wrong with it, or null. */
  scriptProblem?(action: ActionOf<T>, known: ReadonlySet<string>): string | null;
  /**
   * The form of a live call's arguments, given as an action object (`raw`, fields unchecked):
   * checked as the call checks them, before anything happens, throwing `${type}: …` — and the
   * action to act on at `now`, exactly as the call records it.
   */
  parse(raw: Readonly<Record<string, unknown>>, cx: ParseContext): ActionOf<T>;
  /** Whether the cluster as it stands accepts it (null) or why not: one check, live and scripted. */
  check: ActionCheck<T>;
  /** Acts at `now` (already checked): records itself, then changes the world. */
  apply(w: World, action: ActionOf<T>): void;
  /** The action in words, for a person: 'crash S1', 'transfer leadership to S3', … */
  describe(action: ActionOf<T>): string;
  readonly wire: ActionWire<T>;
}

/** A row, typed by its own action type (the registry's rows are written with it). */
export function defineAction<T extends ActionType>(spec: ActionSpec<T>): ActionSpec<T> {
  return spec;
}
