// The simulated network: global settings, partitions, per-link overrides, and each message's
// random fate. A message's fate (latency, loss, duplication) is drawn when it is sent, from
// the stream of its own directed link, always with the same number of draws — so a change to
// one link or one setting never reshuffles the randomness of the others (DESIGN.md).

import { chance, deriveRng, uniformInt, type Rng } from '../raft/rng.ts';
import type { DropReason, LinkOptions, NetworkOptions } from './types.ts';

export interface NetworkState {
  settings: Required<NetworkOptions>;
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

export function createNetwork(settings: Required<NetworkOptions>): NetworkState {
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
