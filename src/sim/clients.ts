// Simulated clients (thesis ch. 6) and the driver that runs them: each has at most one
// operation outstanding, sends it to the node it believes leads, follows leader hints, and
// retries with the same (client, seq) until it is answered — so the state machine's sessions
// can apply it exactly once. The generated workload (options.workload) invokes operations
// through the same clients.

import { pushItem } from '../raft/chunked.ts';
import { lastLogIndex, lastLogTerm } from '../raft/log.ts';
import type { ClientReply } from '../raft/messages.ts';
import { deriveRng, uniform01, uniformInt, type Rng } from '../raft/rng.ts';
import type { ClientOp, NodeState } from '../raft/types.ts';
import { clientName } from './atoms.ts';
import { send } from './network.ts';
import type { ClientRecord, ResolvedOptions } from './types.ts';
import type { World } from './world.ts';

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

/**
 * Picks a node for an attempt with no leader hint: a random member for a request's first try
 * (clients spread), then the next member in turn after the one asked last, so that k retries
 * reach k different servers and a live leader is found within one round. (Before raftlab-4 every
 * retry was a random member: seed 52163 of the swarm fuzzer drew the two crashed servers of five
 * seven times in a row while S3 led.)
 */
export function pickTarget(c: ClientState, members: readonly string[], last: string): string {
  const i = members.indexOf(last);
  return i < 0 ? members[uniformInt(c.rng, 0, members.length - 1)] : members[(i + 1) % members.length];
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

// ------------------------------------------------------------------ the driver

export function ensureClient(w: World, id: string): ClientState {
  let c = w.s.clients.get(id);
  if (c === undefined) {
    c = createClient(id, w.s.options.seed);
    w.s.clients.set(id, c);
  }
  return c;
}

/** The lowest-numbered idle client, creating one when all are busy. */
export function idleClient(w: World): ClientState {
  for (let i = 1; ; i++) {
    const id = clientName(i);
    const c = w.s.clients.get(id);
    if (c === undefined) return ensureClient(w, id);
    if (c.pending === null) return c;
  }
}

/**
 * The servers a client without a leader hint picks from: the cluster's current configuration —
 * the voters of the most up-to-date log (§5.4.1's order: last term, then length), which holds
 * the latest configuration entry — else every server. (Before raftlab-3: the voters of any
 * server's configuration, so stale lists of removed servers kept clients asking servers that
 * had left, and a client could miss the only remaining voter for seconds.)
 */
function members(w: World): string[] {
  let latest: NodeState | null = null;
  for (const n of w.s.nodes.values()) {
    if (latest === null || lastLogTerm(n) > lastLogTerm(latest) || (lastLogTerm(n) === lastLogTerm(latest) && lastLogIndex(n) > lastLogIndex(latest))) latest = n;
  }
  const voters = latest === null ? [] : latest.voters;
  const list = w.s.ids.filter((id) => voters.includes(id));
  return list.length > 0 ? list : w.s.ids;
}

/** Client `c` invokes `op` (to `to`, when given): recorded in the history, first attempt sent. */
export function invoke(w: World, c: ClientState, op: ClientOp, to: string | undefined): number {
  const s = w.s;
  const record = s.nextRecordId++;
  c.seq += 1;
  c.pending = { record, seq: c.seq, op, target: '', attempts: 0, invokedAt: s.now };
  const inv: Invocation = { id: record, client: c.id, op, invokedAt: s.now };
  pushItem(s.invocations, inv);
  if (w.tracing) w.emit({ type: 'client-invoke', at: s.now, record: { ...inv } });
  attempt(w, c, to);
  return record;
}

function attempt(w: World, c: ClientState, to?: string): void {
  const p = c.pending;
  if (p === null) return;
  const target = to ?? c.leaderGuess ?? pickTarget(c, members(w), p.target);
  p.target = target;
  p.attempts += 1;
  send(w, { id: 0, sentAt: 0, deliverAt: 0, type: 'ClientRequest', from: c.id, to: target, term: 0, client: c.id, seq: p.seq, op: p.op });
  armRetry(w, c, w.s.now + requestTimeout(w.s.options));
}

function armRetry(w: World, c: ClientState, at: number): void {
  c.retryAt = at;
  c.retryToken = w.schedule({ kind: 'client', at, seq: 0, client: c.id });
}

/** A client's retry timer fired. */
export function clientTimer(w: World, id: string, token: number): void {
  const c = w.s.clients.get(id);
  if (c === undefined || c.pending === null || c.retryToken !== token) return;
  // No answer in time: forget the guess and try another node, same (client, seq).
  if (c.leaderGuess === c.pending.target) c.leaderGuess = null;
  attempt(w, c);
}

/** A reply reached its client: done, or retried where the hint points (or after a backoff). */
export function clientReply(w: World, m: ClientReply): void {
  const s = w.s;
  const c = s.clients.get(m.client);
  if (c === undefined || c.pending === null || m.seq !== c.pending.seq) return; // stale
  if (m.ok) {
    const p = c.pending;
    c.pending = null;
    c.retryToken = 0;
    c.retryAt = null;
    c.leaderGuess = m.from;
    const completion: Completion = { id: p.record, completedAt: s.now };
    if (p.op.type === 'get') completion.result = m.result ?? null;
    pushItem(s.completions, completion);
    if (w.tracing) {
      const record: ClientRecord = { id: p.record, client: c.id, op: p.op, invokedAt: p.invokedAt, completedAt: s.now };
      if (completion.result !== undefined) record.result = completion.result;
      w.emit({ type: 'client-ok', at: s.now, record });
    }
    return;
  }
  if (m.from !== c.pending.target) return; // a late refusal from an earlier attempt
  if (m.leaderHint !== null && m.leaderHint !== m.from) {
    c.leaderGuess = m.leaderHint;
    attempt(w, c);
  } else {
    c.leaderGuess = null;
    armRetry(w, c, s.now + backoff(c, s.options));
  }
}

/** Starts the generated workload's clients at boot (C1 … Cn) and its first tick. */
export function startWorkload(w: World): void {
  const wl = w.s.options.workload;
  if (wl.clients > 0 && wl.opsPerSecond > 0) {
    for (let i = 1; i <= wl.clients; i++) ensureClient(w, clientName(i));
    w.schedule({ kind: 'workload', at: workloadGap(w.s.workloadRng, w.s.options), seq: 0 });
  }
}

/** The generated workload's tick: the first idle client of C1 … Cn invokes a generated op. */
export function workloadTick(w: World): void {
  const s = w.s;
  const wl = s.options.workload;
  for (let i = 1; i <= wl.clients; i++) {
    const c = ensureClient(w, clientName(i));
    if (c.pending === null) {
      invoke(w, c, generateOp(s.workloadRng, s.options, s.nextRecordId), undefined);
      break;
    }
  }
  w.schedule({ kind: 'workload', at: s.now + workloadGap(s.workloadRng, s.options), seq: 0 });
}
