// A short fingerprint of a cluster's state, for share links (docs/scenarios.md, "Fingerprints"):
// a link carries the fingerprint of the state it opens at, so a page that replays it to a
// different state — an older link on a changed engine — can say so. It hashes what a viewer
// sees: every server's role, term, vote, leader, commit and applied indexes, configuration,
// log (terms, kinds, commands) and snapshot boundary, and the messages on the wire (type,
// endpoints, term, arrival time). Deterministic in every JavaScript engine: integers and
// strings only, hashed with FNV-1a in two 32-bit lanes; 12 hex digits (48 bits).

import type { Cluster } from './types.ts';

function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Commands are plain JSON: written with sorted keys, so equal commands write the same text. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export function stateFingerprint(cluster: Pick<Cluster, 'ids' | 'peek' | 'inFlight'>): string {
  const parts: string[] = [];
  for (const id of cluster.ids) {
    const n = cluster.peek(id);
    const log = n.log.map((e) => `${e.index}:${e.term}:${e.kind}:${canonical(e.command)}`).join(';');
    parts.push(
      [id, n.alive ? 1 : 0, n.role, n.term, n.votedFor ?? '', n.leaderId ?? '', n.commitIndex, n.lastApplied, n.snapshotIndex, n.snapshotTerm, n.config.voters.join(','), n.config.learners.join(','), log].join('|'),
    );
  }
  for (const m of cluster.inFlight()) parts.push(`${m.type}|${m.from}|${m.to}|${m.term}|${m.deliverAt ?? 'held'}`);
  const text = parts.join('\n');
  const a = fnv(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv(text, 0x9e3779b9).toString(16).padStart(8, '0');
  return a + b.slice(0, 4);
}
