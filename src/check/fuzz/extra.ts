// Checks beside Figure 3's (which the SafetyMonitor makes), run by every checked cluster:
//
// - committed-entry-kept: a committed entry never changes or disappears from a member's log —
//   a server never truncates at or below an index it has known to be committed (its log is
//   persistent, so a crash does not make the entry any less committed). Replacing the log by a
//   snapshot that covers it (InstallSnapshot, thesis §5.1) is not a loss. Nor, with a disk
//   latency, is a crash losing entries not yet on the server's own disk (`disk-lost`, then the
//   truncate): a follower may learn that entries commit (leaderCommit) before its own write of
//   them is done — the majority that committed them wrote them — and after the crash it knows
//   nothing committed (commitIndex is volatile).
// - same-state-at-same-index: two servers (or one, at two moments) with the same lastApplied
//   hold the same key-value state — the state machine is a function of the applied prefix.
// - applied-once: with client sessions (thesis §6.3) no command takes effect twice: every value
//   the clients write is unique ('v<record>' from the workload, 'r<n>' from the fuzzer), so a
//   value that holds one of them twice had an append applied twice.
//
// At most one leader per term over the whole history is the monitor's Election Safety (it
// remembers the first leader of every term). The trace checks run on every event; the state
// checks read the servers' states (cluster.peek, shared views) at every moment the fuzzer acts
// and at the end. The tracker also follows every server's configuration entries, for the end's
// liveness rule (liveness.ts).

import type { Cluster, TraceEvent } from '../../sim/types.ts';
import type { FuzzFailure } from './results.ts';

export type ExtraCheckId = 'committed-entry-kept' | 'same-state-at-same-index' | 'applied-once';

/** A configuration entry of a server's log (or its snapshot's base, or the boot configuration at 0). */
export interface ConfigEntry {
  index: number;
  voters: string[];
}

export interface ExtraChecks {
  observe(e: TraceEvent): FuzzFailure | null;
  /** The state checks, on every live server now. */
  sample(cluster: Cluster): FuzzFailure | null;
  /** The configuration entries of `node`'s log, oldest first (the first is its base). */
  configs(node: string): readonly ConfigEntry[];
  /** The highest index any server has known to be committed, and a server that did. */
  committed(): number;
  committedBy(): string | null;
  /** When `node` last became leader (-Infinity: never). */
  leaderSince(node: string): number;
}

const TOKEN = /[vr]\d+/g;

export function createExtraChecks(bootVoters: readonly string[]): ExtraChecks {
  const knownCommit = new Map<string, number>();
  let committedMax = 0;
  let committedBy: string | null = null;
  const elected = new Map<string, number>();
  /** A truncate of known-committed entries, forgiven if a snapshot covering them follows at once. */
  const pending = new Map<string, { upTo: number; at: number; from: number }>();
  const configLog = new Map<string, ConfigEntry[]>();
  const stateAt = new Map<number, { digest: string; node: string; at: number }>();
  /** Servers whose crash just lost writes: their next truncate is the loss of unwritten entries. */
  const lostWrites = new Set<string>();

  const log = (node: string): ConfigEntry[] => {
    let l = configLog.get(node);
    if (l === undefined) {
      l = [{ index: 0, voters: bootVoters.slice() }];
      configLog.set(node, l);
    }
    return l;
  };

  const lost = (node: string, p: { upTo: number; at: number; from: number }): FuzzFailure => ({
    kind: 'safety',
    check: 'committed-entry-kept',
    at: p.at,
    message: `A committed entry was lost at ${p.at} ms: ${node} deleted its log from index ${p.from}, but it had known entries up to index ${p.upTo} to be committed.`,
  });

  return {
    observe(e) {
      if (!('node' in e) || typeof e.node !== 'string') return null;
      const node = e.node;
      const p = pending.get(node);
      // InstallSnapshot reports the log it replaces (truncate, config), then the snapshot.
      if (p !== undefined && e.type !== 'config') {
        pending.delete(node);
        if (!(e.type === 'snapshot' && e.index >= p.upTo)) return lost(node, p);
      }
      const justLost = lostWrites.delete(node); // the truncate (if any) comes right after disk-lost
      switch (e.type) {
        case 'role': {
          if (e.role === 'leader') elected.set(node, e.at);
          return null;
        }
        case 'commit': {
          if (e.commitIndex > (knownCommit.get(node) ?? 0)) knownCommit.set(node, e.commitIndex);
          if (e.commitIndex > committedMax) {
            committedMax = e.commitIndex;
            committedBy = node;
          }
          return null;
        }
        case 'disk-lost': {
          lostWrites.add(node);
          return null;
        }
        case 'truncate': {
          const known = knownCommit.get(node) ?? 0;
          if (justLost) knownCommit.set(node, Math.min(known, e.from - 1));
          else if (e.from <= known) pending.set(node, { upTo: known, at: e.at, from: e.from });
          const l = log(node);
          while (l.length > 1 && l[l.length - 1].index >= e.from) l.pop();
          return null;
        }
        case 'append': {
          const l = log(node);
          for (const x of e.entries) if (x.kind === 'config' && x.voters !== undefined) l.push({ index: x.index, voters: x.voters.slice() });
          return null;
        }
        case 'snapshot': {
          const l = log(node);
          const kept = l.filter((c) => c.index > e.index);
          configLog.set(node, [{ index: e.index, voters: e.voters.slice() }, ...kept]);
          if (e.index > (knownCommit.get(node) ?? 0)) knownCommit.set(node, e.index);
          return null;
        }
        default:
          return null;
      }
    },

    sample(cluster) {
      for (const id of cluster.ids) {
        const n = cluster.peek(id);
        if (!n.alive) continue;
        const keys = Object.keys(n.state).sort();
        let digest = '';
        for (const k of keys) {
          const v = n.state[k];
          const text = typeof v === 'string' ? v : JSON.stringify(v);
          digest += `${k}=${text};`;
          if (typeof v !== 'string') continue;
          const tokens: string[] = v.match(TOKEN) ?? [];
          if (new Set(tokens).size !== tokens.length) {
            const twice = tokens.find((t, i) => tokens.indexOf(t) !== i);
            return {
              kind: 'safety',
              check: 'applied-once',
              at: cluster.now,
              message: `A client command took effect twice: at ${cluster.now} ms ${id} holds ${k} = "${v}", where the write of ${twice ?? '?'} appears twice (client sessions, thesis §6.3).`,
            };
          }
        }
        const seen = stateAt.get(n.lastApplied);
        if (seen === undefined) stateAt.set(n.lastApplied, { digest, node: id, at: cluster.now });
        else if (seen.digest !== digest) {
          return {
            kind: 'safety',
            check: 'same-state-at-same-index',
            at: cluster.now,
            message: `Two states after applying index ${n.lastApplied}: ${seen.node} held {${seen.digest}} at ${seen.at} ms, ${id} holds {${digest}} at ${cluster.now} ms.`,
          };
        }
      }
      return null;
    },

    configs: (node) => log(node),
    committed: () => committedMax,
    committedBy: () => committedBy,
    leaderSince: (node) => elected.get(node) ?? -Infinity,
  };
}

/** The configuration in force at `index` in a server's configuration entries. */
export function configAt(entries: readonly ConfigEntry[], index: number): ConfigEntry {
  let found = entries[0];
  for (const c of entries) if (c.index <= index) found = c;
  return found;
}
