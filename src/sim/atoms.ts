// Validation atoms: the smallest rules every schema and argument check shares — whole
// milliseconds, rates, node and client names, message ids — written once, so the engine's
// options and actions (src/sim) and the scenario format (src/scenario) say the same thing in
// the same words. (The zod locale is configured once, in options.ts.)

import * as z from 'zod/mini';

/** Simulated clients are named C1, C2, …: the one pattern, so no server may take such a name. */
export const CLIENT_NAME = /^C\d+$/;

/** Is `id` the name of a simulated client (C1, C2, …)? */
export function isClientName(id: string): boolean {
  return CLIENT_NAME.test(id);
}

/** The name of the n-th simulated client (1-based): 'C1', 'C2', … */
export function clientName(n: number): string {
  return 'C' + String(n);
}

/** What a server name matching CLIENT_NAME is told. */
export const RESERVED_NAMES = 'names C1, C2, … are reserved for simulated clients';

/** Characters of a node name at most. */
export const MAX_NODE_NAME = 64;

/** A check that a number is whole, with the message a user reads. */
export const whole = (message = 'must be a whole number') => z.refine<number>((n) => Number.isInteger(n), message);

/** `min ≤ n ≤ max`, one message for both ends. */
export const between = (min: number, max: number, message?: string) => [z.minimum(min, message), z.maximum(max, message)] as const;

/** A time or duration: a non-negative whole number of milliseconds. */
export const wholeMs = z.number().check(whole('must be a whole number of milliseconds'), z.minimum(0, 'must not be negative'));

/** The longest disk write, in ms: a slow disk is tens of ms; ten seconds is far past anything Raft tolerates. */
export const MAX_DISK_LATENCY = 10000;

/** A disk write's latency: whole ms, 0 … MAX_DISK_LATENCY. */
export const diskMs = wholeMs.check(z.maximum(MAX_DISK_LATENCY, `must be at most ${MAX_DISK_LATENCY} ms`));

/** A timer setting: a positive whole number of milliseconds. */
export const positiveMs = z.number().check(whole('must be a whole number of milliseconds'), z.positive('must be positive'));

/** A probability: 0 … 1. */
export const rate = z.number().check(...between(0, 1, 'must be between 0 and 1'));

/** Any node name: non-empty, at most MAX_NODE_NAME characters. */
export const nodeName = z
  .string()
  .check(
    z.minLength(1, 'a node name must not be empty'),
    z.maxLength(MAX_NODE_NAME, `a node name must be at most ${MAX_NODE_NAME} characters`),
  );

/** The name of a server of a cluster: a node name that is not a client's. */
export const serverName = nodeName.check(z.refine<string>((s) => !isClientName(s), RESERVED_NAMES));

/** A node id in an action: a non-empty string (whether the cluster knows it is checked when it acts). */
export const nodeRef = z.string().check(z.minLength(1));

/** A message id, as inFlight() gives it: a positive whole number. */
export const messageId = z.number().check(whole(), z.positive());

/** A simulated client's name in an action. */
export const clientRef = z.string().check(z.regex(CLIENT_NAME, 'client names are C1, C2, …'));
