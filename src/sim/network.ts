// The simulated network: global settings, partitions, per-link overrides, each message's
// random fate, and the wire itself — sending, holding (manual mode), delivering or dropping.
// A message's fate (latency, loss, duplication) is drawn when it is sent, from the stream of
// its own directed link, always with the same number of draws — so a change to one link or
// one setting never reshuffles the randomness of the others (DESIGN.md). Whether a partition
// or a crash stops it is decided when it arrives.

import type { Message, Outgoing } from '../raft/messages.ts';
import { chance, deriveRng, uniformInt, type Rng } from '../raft/rng.ts';
import { heapPush } from './queue.ts';
import type { SimState } from './state.ts';
import type { DropReason, LinkOptions, NetworkSettings } from './types.ts';
import type { World } from './world.ts';

export interface NetworkState {
  settings: NetworkSettings;
  /** node → partition group number; empty map: no partition. */
  groupOf: Map<string, number>;
  groups: string[][];
  /** Directed link overrides, keyed "from→to". */
  links: Map<string, LinkOptions>;
  /** One PRNG stream per directed link (from → to → stream), created on first use. */
  streams: Map<string, Map<string, Rng>>;
}

export interface Fate {
  latency: number;
  lost: boolean;
  duplicate: boolean;
  duplicateLatency: number;
}

/**
 * The key of the directed link from → to: "from→to". Node names may be any strings, so an
 * arrow or a backslash inside a name is escaped with a backslash: the key stays one-to-one
 * (links 'a→b' → 'c' and 'a' → 'b→c' never share an override or a random stream), while
 * names without them keep the plain key, and so the same random stream, as before.
 */
export function linkKey(from: string, to: string): string {
  return escapeName(from) + '→' + escapeName(to);
}

function escapeName(name: string): string {
  return /[\\→]/.test(name) ? name.replace(/[\\→]/g, (ch) => '\\' + ch) : name;
}

/** The [from, to] a linkKey was made of. */
export function parseLinkKey(key: string): [string, string] {
  let from = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    if (ch === '\\') from += key[++i];
    else if (ch === '→') return [from, unescapeName(key.slice(i + 1))];
    else from += ch;
  }
  return [from, ''];
}

function unescapeName(escaped: string): string {
  return escaped.replace(/\\([\\→])/g, '$1');
}

export function createNetwork(settings: NetworkSettings): NetworkState {
  return { settings: { ...settings }, groupOf: new Map(), groups: [], links: new Map(), streams: new Map() };
}

export function copyNetwork(n: NetworkState): NetworkState {
  const links = new Map<string, LinkOptions>();
  for (const [k, v] of n.links) links.set(k, { ...v });
  const streams = new Map<string, Map<string, Rng>>();
  for (const [from, byTo] of n.streams) {
    const copy = new Map<string, Rng>();
    for (const [to, s] of byTo) copy.set(to, [s[0], s[1], s[2], s[3]]);
    streams.set(from, copy);
  }
  return {
    settings: { ...n.settings },
    groupOf: new Map(n.groupOf),
    groups: n.groups.map((g) => g.slice()),
    links,
    streams,
  };
}

/** Reused by drawFate: the simulation is single-threaded and the caller reads it at once. */
const fate: Fate = { latency: 0, lost: false, duplicate: false, duplicateLatency: 0 };

/** Draws a message's fate from its link's stream: always four draws. */
export function drawFate(n: NetworkState, seed: number, from: string, to: string): Fate {
  let byTo = n.streams.get(from);
  if (byTo === undefined) {
    byTo = new Map();
    n.streams.set(from, byTo);
  }
  let rng = byTo.get(to);
  if (rng === undefined) {
    rng = deriveRng(seed, 'link:' + linkKey(from, to));
    byTo.set(to, rng);
  }
  const link = n.links.size === 0 ? undefined : n.links.get(linkKey(from, to));
  const min = link?.latencyMin ?? n.settings.latencyMin;
  const max = Math.max(min, link?.latencyMax ?? n.settings.latencyMax);
  const lossRate = link?.lossRate ?? n.settings.lossRate;
  fate.latency = uniformInt(rng, min, max);
  fate.lost = chance(rng, lossRate);
  fate.duplicate = chance(rng, n.settings.duplicateRate);
  fate.duplicateLatency = uniformInt(rng, min, max);
  return fate;
}

/** Why a message from → to cannot arrive now, or null. Decided at delivery time. */
export function blockedReason(n: NetworkState, from: string, to: string): DropReason | null {
  if (n.links.size > 0 && n.links.get(linkKey(from, to))?.up === false) return 'link-down';
  if (n.groupOf.size > 0) {
    const a = n.groupOf.get(from);
    const b = n.groupOf.get(to);
    // Simulated clients stand outside the partition: they are in no group.
    if (a !== undefined && b !== undefined && a !== b) return 'partition';
  }
  return null;
}

/** Installs a partition: the listed groups, and every other node in one more group. */
export function setPartition(n: NetworkState, groups: string[][], allNodes: readonly string[]): void {
  const listed = new Set(groups.flat());
  const rest = allNodes.filter((id) => !listed.has(id));
  const all = groups.map((g) => g.slice());
  if (rest.length > 0) all.push(rest);
  n.groups = all;
  n.groupOf = new Map();
  all.forEach((g, i) => {
    for (const id of g) n.groupOf.set(id, i);
  });
}

export function heal(n: NetworkState): void {
  n.groups = [];
  n.groupOf = new Map();
  for (const [key, link] of n.links) {
    if (link.up === false) {
      const rest: LinkOptions = { ...link };
      delete rest.up;
      if (Object.keys(rest).length === 0) n.links.delete(key);
      else n.links.set(key, rest);
    }
  }
}

// ------------------------------------------------------------------ the wire

/** A node's outgoing message: its fate drawn, on the wire (and a copy, when the network duplicates it). */
export function send(w: World, out: Outgoing): void {
  const s = w.s;
  const fate = drawFate(s.network, s.options.seed, out.from, out.to);
  const m = put(w, out, fate.latency, fate.lost);
  if (fate.duplicate) put(w, out, fate.duplicateLatency, false, m.id);
}

/** Puts a message on the wire with its id, times and fate (`copyOf`: a copy of that message). */
export function put(w: World, out: Outgoing, latency: number, lost: boolean, copyOf?: number): Message {
  const s = w.s;
  const manual = s.network.settings.manual;
  // The node built `out` for this send alone: complete its envelope in place (no copy).
  const m = (copyOf === undefined ? out : { ...out });
  m.id = s.nextMessageId++;
  m.sentAt = s.now;
  m.deliverAt = manual ? null : s.now + latency;
  if (copyOf !== undefined) {
    delete m.lost; // a copy has a fate of its own
    m.copyOf = copyOf;
  }
  if (lost) m.lost = true;
  s.messages.set(m.id, m);
  if (manual) s.heldLatency.set(m.id, latency);
  else scheduleDelivery(s, s.now + latency, m.id);
  if (w.tracing) w.emit({ type: 'send', at: s.now, message: m });
  return m;
}

export function scheduleDelivery(s: SimState, at: number, message: number): void {
  heapPush(s.queue, { kind: 'deliver', at, seq: s.seq++, message });
}

/** A delivery event came due (stale events — delayed or already handled — are ignored). */
export function arrive(w: World, id: number, at: number): void {
  const m = w.s.messages.get(id);
  if (m === undefined || m.deliverAt !== at) return;
  deliverNow(w, m);
}

/** Takes the message off the wire now: dropped (with the reason) or handed to its recipient. */
export function deliverNow(w: World, m: Message): void {
  const s = w.s;
  s.messages.delete(m.id);
  s.heldLatency.delete(m.id);
  const reason = dropReason(s, m);
  if (reason !== null) {
    if (w.tracing) w.emit({ type: 'drop', at: s.now, message: m, reason });
    return;
  }
  if (w.tracing) w.emit({ type: 'deliver', at: s.now, message: m });
  w.handOver(m);
}

function dropReason(s: SimState, m: Message): DropReason | null {
  if (m.lost === true) return 'loss';
  const blocked = blockedReason(s.network, m.from, m.to);
  if (blocked !== null) return blocked;
  const n = s.nodes.get(m.to);
  if (n !== undefined && !n.alive) return 'crashed';
  return null;
}

/** Manual mode switched off: held messages leave now with the latency drawn at send. */
export function releaseHeld(s: SimState): void {
  for (const [id, m] of s.messages) {
    if (m.deliverAt !== null) continue;
    const latency = s.heldLatency.get(id) ?? s.network.settings.latencyMin;
    s.heldLatency.delete(id);
    const moved = { ...m, deliverAt: s.now + latency } as Message;
    s.messages.set(id, moved);
    scheduleDelivery(s, s.now + latency, id);
  }
}

/**
 * The latency of a copy the user makes of message `m`: from a stream of its own
 * (`duplicate:<msg>:<n>`), so the link's later fates stay put.
 */
export function copyLatency(s: SimState, m: Message): number {
  const rng = deriveRng(s.options.seed, 'duplicate:' + String(m.id) + ':' + String(s.nextMessageId));
  const link = s.network.links.get(linkKey(m.from, m.to));
  const min = link?.latencyMin ?? s.network.settings.latencyMin;
  return uniformInt(rng, min, Math.max(min, link?.latencyMax ?? s.network.settings.latencyMax));
}
