// Simulated clients (thesis ch. 6): each has at most one operation outstanding, sends it to
// the node it believes leads, follows leader hints, and retries with the same (client, seq)
// until it is answered — so the state machine's sessions can apply it exactly once.

import { deriveRng, uniform01, uniformInt, type Rng } from '../raft/rng.ts';
import type { ClientOp } from '../raft/types.ts';
import type { ResolvedOptions } from './types.ts';

export interface PendingOp {
  record: number;
  seq: number;
  op: ClientOp;
  /** Where the last attempt went. */
  target: string;
  attempts: number;
  invokedAt: number;
}

export interface ClientState {
  id: string;
  seq: number;
  pending: PendingOp | null;
  leaderGuess: string | null;
  /** The retry timer's event sequence number (a newer one supersedes it), or 0. */
  retryToken: number;
  retryAt: number | null;
  rng: Rng;
}

/** Invocation records are immutable; completions are kept apart so both lists only grow. */
export interface Invocation {
  id: number;
  client: string;
  op: ClientOp;
  invokedAt: number;
}
export interface Completion {
  id: number;
  completedAt: number;
  result?: string | null;
}

export function createClient(id: string, seed: number): ClientState {
  return { id, seq: 0, pending: null, leaderGuess: null, retryToken: 0, retryAt: null, rng: deriveRng(seed, 'client:' + id) };
}

export function copyClient(c: ClientState): ClientState {
  return {
    ...c,
    pending: c.pending === null ? null : { ...c.pending },
    rng: [c.rng[0], c.rng[1], c.rng[2], c.rng[3]],
  };
}

/** How long a client waits for an answer before retrying elsewhere. */
export function requestTimeout(options: ResolvedOptions): number {
  return options.timing.electionTimeoutMax * 2 + options.network.latencyMax * 2;
}

/** Backoff before retrying when no node knows a leader: grows with attempts, jittered. */
export function backoff(c: ClientState, options: ResolvedOptions): number {
  const base = Math.min(options.timing.electionTimeoutMin * Math.min(c.pending?.attempts ?? 1, 4), 1000);
  return uniformInt(c.rng, Math.max(1, base >> 1), base);
}

/** Picks a node for an attempt with no leader hint: a random member. */
export function pickTarget(c: ClientState, members: readonly string[]): string {
  return members[uniformInt(c.rng, 0, members.length - 1)];
}

/** The generated workload's next operation (a stream of its own, derived from the seed). */
export function generateOp(rng: Rng, options: ResolvedOptions, recordId: number): ClientOp {
  const key = 'k' + String(uniformInt(rng, 0, options.workload.keys - 1));
  const readRoll = uniform01(rng);
  const appendRoll = uniform01(rng);
  if (readRoll < options.workload.readRatio) return { type: 'get', key };
  const value = 'v' + String(recordId);
  return appendRoll < 0.25 ? { type: 'append', key, value } : { type: 'put', key, value };
}

/** Milliseconds to the next generated request: uniform around the mean, at least 1. */
export function workloadGap(rng: Rng, options: ResolvedOptions): number {
  const mean = 1000 / options.workload.opsPerSecond;
  const lo = Math.max(1, Math.floor(mean / 2));
  const hi = Math.max(lo, Math.floor((mean * 3) / 2));
  return uniformInt(rng, lo, hi);
}
