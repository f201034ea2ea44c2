// The five safety properties of the Raft paper's Figure 3, checked incrementally over the trace.
//
// A SafetyMonitor is fed TraceEvents one at a time and keeps just enough state to decide each
// property in O(changes) per event — it never re-scans a log:
//
// - Election Safety: term → the first node seen as its leader (from `role` events).
// - Leader Append-Only: the role and term each node is in; a `truncate` (or an `append` that
//   overwrites) on a node that is leader is a violation.
// - Log Matching: a mirror of every node's log (from `append` / `truncate` / `snapshot`), in which
//   each index carries the hash chain of the whole prefix up to it: h(i) = mix(h(i-1), term(i),
//   command(i)). The first prefix hash seen for each (index, term) is remembered globally, so an
//   appended entry is checked in O(1): same (index, term) but a different prefix hash means the two
//   logs differ at or before that index.
// - Leader Completeness: the committed prefix (from `commit` events of leaders) with its prefix
//   hashes. A new leader of term T must have, at the last index committed in a term before T, the
//   same prefix hash as the committed log (one comparison); a leader that commits must agree with
//   what was committed before, and current leaders of later terms must hold what it commits.
// - State Machine Safety: the first (term, command) applied at each index (from `apply`).
//
// Compacted entries (a `snapshot` event) stay in the mirror: they are still present logically.
// Commands are compared by a stable JSON rendering (object keys sorted), hashed once per command
// object. Nothing here imports the engine: it reads the trace types only.

import type { Cluster, InitialNodeState, LogEntryView, NodeView, Role, TraceEvent } from '../sim/types.ts';

export type PropertyId =
  | 'election-safety'
  | 'leader-append-only'
  | 'log-matching'
  | 'leader-completeness'
  | 'state-machine-safety'
  | 'snapshot-configuration';

export const PROPERTY_IDS: readonly PropertyId[] = [
  'election-safety',
  'leader-append-only',
  'log-matching',
  'leader-completeness',
  'state-machine-safety',
  'snapshot-configuration',
];

export const PROPERTY_NAMES: Readonly<Record<PropertyId, string>> = {
  'election-safety': 'Election Safety',
  'leader-append-only': 'Leader Append-Only',
  'log-matching': 'Log Matching',
  'leader-completeness': 'Leader Completeness',
  'state-machine-safety': 'State Machine Safety',
  'snapshot-configuration': 'Snapshot Configuration',
};

/** The paper's wording (Figure 3), for the UI. */
export const PROPERTY_DESCRIPTIONS: Readonly<Record<PropertyId, string>> = {
  'election-safety': 'At most one leader can be elected in a given term.',
  'leader-append-only': 'A leader never overwrites or deletes entries in its log; it only appends new entries.',
  'log-matching':
    'If two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index.',
  'leader-completeness':
    'If a log entry is committed in a given term, then that entry will be present in the logs of the leaders for all higher-numbered terms.',
  'state-machine-safety':
    'If a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index.',
  'snapshot-configuration':
    'A snapshot records the configuration in force at its last included index (thesis §5.1), so a server restored from it knows its voters.',
};

export interface ViolationEntry {
  node: string;
  index: number;
  term: number;
  command: unknown;
}

export interface Violation {
  property: PropertyId;
  /** Simulated ms of the event that revealed it. */
  at: number;
  /** Position of that event in the observed trace (0-based), to pause just before it. */
  event: number;
  nodes: string[];
  /** A sentence a student can read. */
  message: string;
  entries?: ViolationEntry[];
}

export interface PropertyStatus {
  id: PropertyId;
  name: string;
  description: string;
  state: 'holding' | 'violated';
  /** The first violations (at most `maxViolationsPerProperty`), earliest first. */
  violations: Violation[];
  /** How many distinct violations were found, including those not kept. */
  count: number;
}

/** One node's state to start from, when the monitor joins a run that has already begun. */
export interface MonitorSeedNode {
  id: string;
  role?: Role;
  alive?: boolean;
  term?: number;
  /** Entries after the snapshot, with their indexes. */
  log?: readonly { index: number; term: number; command: unknown; kind?: string }[];
  snapshotIndex?: number;
  snapshotTerm?: number;
}

export interface SafetyMonitorOptions {
  /**
   * ClusterOptions.initial: logs the cluster starts with. Not needed when the engine emits
   * `append` events for them at time 0 (it does); harmless when both are given.
   */
  initial?: Record<string, InitialNodeState>;
  /** Node states to start from (e.g. `cluster.node(id)` for every id of a running cluster). */
  nodes?: readonly MonitorSeedNode[];
  /**
   * The cluster's boot configuration (ClusterOptions.nodes): the configuration in force before
   * the first configuration entry. Without it, snapshots before any configuration entry are not
   * judged.
   */
  bootVoters?: readonly string[];
  /** Keep at most this many violations per property (all are counted). Default 20. */
  maxViolationsPerProperty?: number;
}

export interface SafetyMonitor {
  /** Feed one event; returns the violations it revealed (usually none). */
  observe: (event: TraceEvent) => Violation[];
  properties: () => PropertyStatus[];
  /** True while no property is violated. */
  ok: () => boolean;
  /** Every violation kept, in the order found. */
  violations: () => Violation[];
  /** Events observed so far. */
  readonly events: number;
  /**
   * Places where the trace itself was inconsistent with a log (an append past the end, an
   * unknown prefix): checks on those entries are skipped. Empty for a well-formed trace.
   */
  warnings: () => string[];
}

// -----------------------------------------------------------------------------------------------
// Stable command keys and hashing

/** JSON with object keys sorted, so that equal commands give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
    if (typeof value === 'bigint') return `${value.toString()}n`;
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => stableStringify(v)).join(',')}]`;
  if (value instanceof Map) {
    const items = [...value.entries()].map(([k, v]) => `${stableStringify(k)}:${stableStringify(v)}`).sort();
    return `Map{${items.join(',')}}`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${stableStringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

const TWO_32 = 4294967296;
/** 53-bit hash of a string (cyrb53, public domain). */
function hashString(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_32 * (2097151 & h2) + (h1 >>> 0);
}

/** Hash of (prefix hash, term, command hash) → the next prefix hash; 53 bits, never negative. */
function chain(prev: number, term: number, cmd: number): number {
  let h1 = 0x9e3779b9 ^ term;
  let h2 = 0x85ebca6b ^ term;
  const words = [prev >>> 0, Math.floor(prev / TWO_32), cmd >>> 0, Math.floor(cmd / TWO_32)];
  for (const w of words) {
    h1 = Math.imul(h1 ^ w, 2654435761);
    h2 = Math.imul(h2 ^ w, 1597334677);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = (h2 << 17) | (h2 >>> 15);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return TWO_32 * (2097151 & h2) + (h1 >>> 0);
}

/** A prefix whose content the monitor does not know (checks involving it are skipped). */
const UNKNOWN = -1;

// -----------------------------------------------------------------------------------------------
// Describing things to a student

function short(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** "put x=1", "get x", "no-op", or the command's JSON. */
export function describeCommand(command: unknown, kind?: string): string {
  if (kind === 'noop') return 'no-op';
  if (kind === 'config') {
    if (typeof command === 'object' && command !== null && 'voters' in command) {
      const voters = command.voters;
      if (Array.isArray(voters)) return `config {${voters.map(String).join(', ')}}`;
    }
    return `config ${short(stableStringify(command))}`;
  }
  if (typeof command === 'object' && command !== null && !Array.isArray(command)) {
    const c = command as Record<string, unknown>;
    if (typeof c.key === 'string') {
      if (c.type === 'put' && typeof c.value === 'string') return `put ${c.key}=${short(c.value, 20)}`;
      if (c.type === 'append' && typeof c.value === 'string') return `append ${c.key}+=${short(c.value, 20)}`;
      if (c.type === 'get') return `get ${c.key}`;
    }
  }
  if (command === null || command === undefined) return 'an empty command';
  if (typeof command === 'string') return short(command);
  return short(stableStringify(command));
}

/** What the monitor hashes and shows for an entry: a configuration entry is its voters. */
function entryCommand(e: LogEntryView): unknown {
  return e.kind === 'config' && e.voters !== undefined ? { voters: e.voters } : e.command;
}

function configVoters(command: unknown): readonly string[] | undefined {
  if (typeof command !== 'object' || command === null || !('voters' in command)) return undefined;
  const voters = (command as { voters: unknown }).voters;
  return Array.isArray(voters) ? voters.map(String) : undefined;
}

function describeEntry(term: number, command: unknown, kind: string | undefined): string {
  return `${describeCommand(command, kind)} (term ${term})`;
}

function listNodes(nodes: readonly string[]): string {
  if (nodes.length <= 1) return nodes.join('');
  return `${nodes.slice(0, -1).join(', ')} and ${nodes[nodes.length - 1]}`;
}

// -----------------------------------------------------------------------------------------------
// Per-node mirror of the log

interface Mirror {
  id: string;
  role: Role | 'down';
  term: number;
  /** Index i at position i; position 0 is the empty log's sentinel (term 0, hash 0). */
  terms: number[];
  hashes: number[];
  commands: unknown[];
  kinds: (string | undefined)[];
  /** Entries up to here are compacted into a snapshot (still present logically). */
  snapshotIndex: number;
}

function newMirror(id: string): Mirror {
  return { id, role: 'follower', term: 0, terms: [0], hashes: [0], commands: [null], kinds: [undefined], snapshotIndex: 0 };
}

function lastIndex(m: Mirror): number {
  return m.terms.length - 1;
}

function truncateMirror(m: Mirror, from: number): void {
  const len = Math.max(1, from);
  if (m.terms.length > len) {
    m.terms.length = len;
    m.hashes.length = len;
    m.commands.length = len;
    m.kinds.length = len;
  }
}

// -----------------------------------------------------------------------------------------------
// The monitor

interface FirstSeen {
  term: number;
  hash: number;
  node: string;
  command: unknown;
  kind: string | undefined;
}

interface AppliedEntry {
  term: number;
  cmd: number;
  node: string;
  command: unknown;
  kind: string | undefined;
}

export function createSafetyMonitor(options: SafetyMonitorOptions = {}): SafetyMonitor {
  const maxKept = options.maxViolationsPerProperty ?? 20;
  const mirrors = new Map<string, Mirror>();

  // Command hashes, cached per command object (log entries are immutable and shared).
  const cmdCache = new WeakMap<object, number>();
  function commandHash(command: unknown, kind: string | undefined): number {
    const k = kind ?? 'command';
    if (typeof command === 'object' && command !== null) {
      const cached = cmdCache.get(command);
      if (cached !== undefined) return k === 'command' ? cached : chain(cached, 0, hashString(k));
      const h = hashString(stableStringify(command));
      cmdCache.set(command, h);
      return k === 'command' ? h : chain(h, 0, hashString(k));
    }
    const h = hashString(stableStringify(command));
    return k === 'command' ? h : chain(h, 0, hashString(k));
  }

  // Election Safety
  const leaderOfTerm = new Map<number, string>();
  // Log Matching: (index → [first prefix hash seen for each term at that index])
  const firstSeen: FirstSeen[][] = [];
  // Leader Completeness: the committed prefix
  const cTerm: number[] = [0];
  const cHash: number[] = [0];
  const cCommand: unknown[] = [null];
  const cKind: (string | undefined)[] = [undefined];
  const cBy: string[] = [''];
  /** Segments of the committed prefix: up to `end`, committed by a leader of `term`. */
  const segments: { end: number; term: number }[] = [];
  let committedMax = 0;
  /** Indexes of configuration entries in the committed prefix, and the last unknown committed index. */
  const cConfigs: number[] = [];
  let cUnknownMax = 0;
  const bootVoters = options.bootVoters?.slice();
  // State Machine Safety
  const applied: (AppliedEntry | undefined)[] = [];

  const status = new Map<PropertyId, { kept: Violation[]; count: number; keys: Set<string> }>();
  for (const id of PROPERTY_IDS) status.set(id, { kept: [], count: 0, keys: new Set() });
  const allKept: Violation[] = [];
  const warningList: string[] = [];
  let events = 0;
  let fresh: Violation[] = [];
  let now = 0;

  function warn(message: string): void {
    if (warningList.length < 50) warningList.push(`at ${now} ms: ${message}`);
  }

  function report(property: PropertyId, key: string, v: Omit<Violation, 'property' | 'at' | 'event'>): void {
    const s = status.get(property);
    if (s === undefined || s.keys.has(key)) return;
    s.keys.add(key);
    s.count++;
    const violation: Violation = { property, at: now, event: events, ...v };
    fresh.push(violation);
    if (s.kept.length < maxKept) {
      s.kept.push(violation);
      allKept.push(violation);
    }
  }

  function mirror(id: string): Mirror {
    let m = mirrors.get(id);
    if (m === undefined) {
      m = newMirror(id);
      mirrors.set(id, m);
    }
    return m;
  }

  function entryOf(m: Mirror, index: number): ViolationEntry {
    return { node: m.id, index, term: m.terms[index] ?? 0, command: m.commands[index] };
  }

  // ---- appending one entry to a mirror, with the Log Matching check ----

  function pushEntry(m: Mirror, index: number, term: number, command: unknown, kind: string | undefined): void {
    const prev = m.hashes[index - 1];
    const hash = prev === UNKNOWN || prev === undefined ? UNKNOWN : chain(prev, term, commandHash(command, kind));
    m.terms.push(term);
    m.hashes.push(hash);
    m.commands.push(command);
    m.kinds.push(kind);
    if (hash === UNKNOWN) return;
    let seen = firstSeen[index];
    if (seen === undefined) {
      seen = [];
      firstSeen[index] = seen;
    }
    const same = seen.find((s) => s.term === term);
    if (same === undefined) {
      seen.push({ term, hash, node: m.id, command, kind });
      return;
    }
    if (same.hash === hash) return;
    // Same index and term, different prefix: find where the two logs part, if the other log
    // still holds that prefix.
    const other = mirrors.get(same.node);
    const nodes = same.node === m.id ? [m.id] : [same.node, m.id].sort();
    let where = index;
    const entries: ViolationEntry[] = [];
    if (other !== undefined && other !== m && other.hashes[index] === same.hash) {
      where = firstDifference(m.hashes, other.hashes, index);
      if (where <= lastIndex(other)) entries.push(entryOf(other, where));
      entries.push(entryOf(m, where));
    } else {
      entries.push({ node: same.node, index, term, command: same.command });
      entries.push(entryOf(m, index));
    }
    const whereText =
      where === index
        ? `but hold different commands there (${describeEntry(term, same.command, same.kind)} vs ${describeEntry(term, command, kind)})`
        : `but their logs differ at index ${where}`;
    const who = nodes.length === 1 ? `${m.id}'s log` : `${listNodes(nodes)}`;
    report('log-matching', `${nodes.join('|')}@${where}`, {
      nodes,
      message:
        nodes.length === 1
          ? `${who} held two different entries of term ${term} at index ${index} at different times, ${whereText}.`
          : `${who} both have an entry of term ${term} at index ${index}, ${whereText}.`,
      entries,
    });
  }

  /** The first index ≤ upTo at which two prefix-hash arrays differ (binary search on prefixes). */
  function firstDifference(a: readonly number[], b: readonly number[], upTo: number): number {
    let lo = 1;
    let hi = upTo;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const x = a[mid];
      const y = b[mid];
      if (x === y && x !== UNKNOWN) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- Leader Completeness helpers ----

  /** The last committed index whose entry was committed by a leader of a term before `term`. */
  function committedBefore(term: number): number {
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i];
      if (s.term < term) return s.end;
    }
    return 0;
  }

  /** True when the mirror holds the committed prefix up to `index` (unknown prefixes pass). */
  function holdsCommitted(m: Mirror, index: number): boolean {
    if (index === 0) return true;
    if (lastIndex(m) < index) return false;
    const h = m.hashes[index];
    const c = cHash[index];
    return h === UNKNOWN || c === UNKNOWN || h === c;
  }

  function missingCommitted(m: Mirror, index: number, why: string, key: string): void {
    const diff = Math.min(firstDifference(m.hashes, cHash, Math.min(index, lastIndex(m) + 1)), index);
    const entries: ViolationEntry[] = [
      { node: cBy[diff] ?? '', index: diff, term: cTerm[diff] ?? 0, command: cCommand[diff] },
    ];
    const has = diff <= lastIndex(m);
    if (has) entries.push(entryOf(m, diff));
    const committed = describeEntry(cTerm[diff] ?? 0, cCommand[diff], cKind[diff]);
    const instead = has
      ? `it has ${describeEntry(m.terms[diff], m.commands[diff], m.kinds[diff])} there instead`
      : `its log ends at index ${lastIndex(m)}`;
    report('leader-completeness', key, {
      nodes: [m.id],
      message: `${m.id} ${why}, but its log lacks the entry committed at index ${diff} (${committed}): ${instead}.`,
      entries,
    });
  }

  function onLeaderCommit(m: Mirror, commitIndex: number): void {
    const upTo = Math.min(commitIndex, lastIndex(m));
    if (upTo < commitIndex) warn(`${m.id} committed index ${commitIndex} beyond its log (${lastIndex(m)} entries)`);
    // What this leader commits must agree with what was committed before.
    const overlap = Math.min(upTo, committedMax);
    if (overlap > 0 && !holdsCommitted(m, overlap)) {
      const diff = firstDifference(m.hashes, cHash, overlap);
      const earlierTerm = segmentTermOf(diff);
      const entries: ViolationEntry[] = [
        { node: cBy[diff] ?? '', index: diff, term: cTerm[diff] ?? 0, command: cCommand[diff] },
        entryOf(m, diff),
      ];
      const mine = describeEntry(m.terms[diff], m.commands[diff], m.kinds[diff]);
      const theirs = describeEntry(cTerm[diff] ?? 0, cCommand[diff], cKind[diff]);
      report('leader-completeness', `conflict@${diff}`, {
        nodes: [cBy[diff] ?? '', m.id].filter((n, i, a) => n !== '' && a.indexOf(n) === i),
        message:
          `Index ${diff} was committed twice with different entries: ${theirs} by ${cBy[diff]} as leader of term ${earlierTerm}, ` +
          `then ${mine} by ${m.id} as leader of term ${m.term}; the leader of the later term ${Math.max(earlierTerm, m.term)} lacked the entry committed in term ${Math.min(earlierTerm, m.term)}.`,
        entries,
      });
    }
    if (upTo <= committedMax) return;
    for (let i = committedMax + 1; i <= upTo; i++) {
      if (m.kinds[i] === 'config') cConfigs.push(i);
      if (m.terms[i] === UNKNOWN) cUnknownMax = i;
      cTerm.push(m.terms[i]);
      cHash.push(m.hashes[i]);
      cCommand.push(m.commands[i]);
      cKind.push(m.kinds[i]);
      cBy.push(m.id);
    }
    committedMax = upTo;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.term === m.term) last.end = upTo;
    else segments.push({ end: upTo, term: m.term });
    // Current leaders of later terms must hold it too.
    for (const other of mirrors.values()) {
      if (other === m || other.role !== 'leader' || other.term <= m.term) continue;
      if (!holdsCommitted(other, upTo)) {
        missingCommitted(other, upTo, `is leader of term ${other.term}`, `${other.id}@${other.term}`);
      }
    }
  }

  function segmentTermOf(index: number): number {
    for (const s of segments) if (index <= s.end) return s.term;
    return 0;
  }

  // ---- event handlers ----

  function onRole(node: string, role: Role, term: number): void {
    const m = mirror(node);
    const wasLeaderOfTerm = m.role === 'leader' && m.term === term;
    m.role = role;
    m.term = term;
    if (role !== 'leader' || wasLeaderOfTerm) return;
    const first = leaderOfTerm.get(term);
    if (first === undefined) leaderOfTerm.set(term, node);
    else if (first !== node) {
      const nodes = [first, node].sort();
      report('election-safety', `${term}|${node}`, {
        nodes,
        message: `${first} and ${node} were both leader of term ${term}.`,
      });
    }
    const mustHold = committedBefore(term);
    if (!holdsCommitted(m, mustHold)) {
      missingCommitted(m, mustHold, `became leader of term ${term}`, `${node}@${term}`);
    }
  }

  function onAppend(node: string, from: number, entries: readonly LogEntryView[]): void {
    const m = mirror(node);
    let start = 0;
    if (from <= lastIndex(m)) {
      // Overlap with what we already mirror: identical entries are a no-op (e.g. initial logs
      // given both as seed and as time-0 appends); a different one overwrites.
      while (start < entries.length) {
        const e = entries[start];
        const i = from + start;
        if (i > lastIndex(m)) break;
        if (i <= m.snapshotIndex || (m.terms[i] === e.term && sameCommand(m, i, e))) {
          start++;
          continue;
        }
        if (m.role === 'leader') overwriteOnLeader(m, i, 'overwrote');
        truncateMirror(m, i);
        break;
      }
      if (start >= entries.length) return;
    }
    const firstIndex = from + start;
    if (firstIndex > lastIndex(m) + 1) {
      warn(`${node} appended at index ${firstIndex} but its log has ${lastIndex(m)} entries`);
      while (lastIndex(m) < firstIndex - 1) {
        m.terms.push(UNKNOWN);
        m.hashes.push(UNKNOWN);
        m.commands.push(undefined);
        m.kinds.push(undefined);
      }
    }
    for (let k = start; k < entries.length; k++) {
      const e = entries[k];
      pushEntry(m, from + k, e.term, entryCommand(e), e.kind);
    }
  }

  function sameCommand(m: Mirror, i: number, e: LogEntryView): boolean {
    return commandHash(m.commands[i], m.kinds[i]) === commandHash(entryCommand(e), e.kind);
  }

  function overwriteOnLeader(m: Mirror, from: number, verb: string): void {
    const removed: ViolationEntry[] = [];
    for (let i = from; i <= lastIndex(m) && removed.length < 5; i++) removed.push(entryOf(m, i));
    const last = lastIndex(m);
    const range = last > from ? `entries ${from}–${last}` : `entry ${from}`;
    report('leader-append-only', `${m.id}@${m.term}`, {
      nodes: [m.id],
      message: `${m.id} ${verb} ${range} of its own log while leader of term ${m.term}.`,
      entries: removed,
    });
  }

  function onTruncate(node: string, from: number): void {
    const m = mirror(node);
    if (from > lastIndex(m)) return;
    if (m.role === 'leader') overwriteOnLeader(m, from, 'deleted');
    truncateMirror(m, from);
  }

  /** Thesis §5.1: the snapshot's configuration is the one in force at its last included index. */
  function checkSnapshotConfiguration(node: string, index: number, term: number, voters: readonly string[]): void {
    if (index > committedMax || cTerm[index] !== term) return; // not the committed prefix: other properties judge it
    let j = cConfigs.length - 1;
    while (j >= 0 && cConfigs[j] > index) j--;
    const at = j >= 0 ? cConfigs[j] : 0;
    if (cUnknownMax > at) return; // a configuration entry may hide in a prefix the monitor never saw
    const inForce = at > 0 ? configVoters(cCommand[at]) : bootVoters;
    if (inForce === undefined) return;
    const same = inForce.length === voters.length && [...inForce].sort().join('\u0000') === [...voters].sort().join('\u0000');
    if (same) return;
    const where = at > 0 ? `the configuration entry at index ${at}` : 'the boot configuration';
    report('snapshot-configuration', `${node}@${index}`, {
      nodes: [node],
      message:
        `${node}'s snapshot through index ${index} records the configuration {${voters.join(', ')}}, ` +
        `but the configuration in force there is {${inForce.join(', ')}} (${where}).`,
    });
  }

  function onSnapshot(node: string, index: number, term: number): void {
    const m = mirror(node);
    if (index <= lastIndex(m) && (m.terms[index] === term || m.terms[index] === UNKNOWN)) {
      // Compaction of (or a snapshot matching) the node's own log: entries stay, logically.
      m.snapshotIndex = Math.max(m.snapshotIndex, index);
      return;
    }
    // InstallSnapshot replaced the log: the entries up to `index` are the snapshot's.
    let keep = Math.min(lastIndex(m), index);
    if (index <= committedMax && cTerm[index] === term) {
      keep = Math.min(keep, firstDifference(m.hashes, cHash, keep + 1) - 1);
      truncateMirror(m, keep + 1);
      for (let i = keep + 1; i <= index; i++) {
        m.terms.push(cTerm[i]);
        m.hashes.push(cHash[i]);
        m.commands.push(cCommand[i]);
        m.kinds.push(cKind[i]);
      }
    } else {
      const seen = firstSeen[index]?.find((s) => s.term === term);
      truncateMirror(m, keep + 1);
      while (lastIndex(m) < index - 1) {
        m.terms.push(UNKNOWN);
        m.hashes.push(UNKNOWN);
        m.commands.push(undefined);
        m.kinds.push(undefined);
      }
      m.terms.push(term);
      m.hashes.push(seen?.hash ?? UNKNOWN);
      m.commands.push(seen?.command);
      m.kinds.push(seen?.kind);
      if (seen === undefined) warn(`${node} installed a snapshot through index ${index} (term ${term}) of unknown content`);
    }
    m.snapshotIndex = index;
  }

  function onApply(node: string, index: number, term: number, command: unknown, kind: string | undefined): void {
    const cmd = commandHash(command, kind);
    const first = applied[index];
    if (first === undefined) {
      applied[index] = { term, cmd, node, command, kind };
      return;
    }
    if (first.term === term && first.cmd === cmd) return;
    const nodes = first.node === node ? [node] : [first.node, node].sort();
    const theirs = describeEntry(first.term, first.command, first.kind);
    const mine = describeEntry(term, command, kind);
    report('state-machine-safety', `${index}|${node}`, {
      nodes,
      message:
        first.node === node
          ? `${node} applied ${theirs} at index ${index}, and later ${mine} at the same index.`
          : `${first.node} applied ${theirs} at index ${index}, but ${node} applied ${mine} there.`,
      entries: [
        { node: first.node, index, term: first.term, command: first.command },
        { node, index, term, command },
      ],
    });
  }

  function observe(event: TraceEvent): Violation[] {
    fresh = [];
    now = event.at;
    switch (event.type) {
      case 'role':
        onRole(event.node, event.role, event.term);
        break;
      case 'append':
        onAppend(event.node, event.from, event.entries);
        break;
      case 'truncate':
        onTruncate(event.node, event.from);
        break;
      case 'snapshot':
        onSnapshot(event.node, event.index, event.term);
        if (Array.isArray(event.voters)) checkSnapshotConfiguration(event.node, event.index, event.term, event.voters);
        break;
      case 'commit': {
        const m = mirror(event.node);
        if (m.role === 'leader') onLeaderCommit(m, event.commitIndex);
        break;
      }
      case 'apply':
        onApply(event.node, event.index, event.term, event.command, event.kind);
        break;
      case 'crash':
        mirror(event.node).role = 'down';
        break;
      case 'restart':
        mirror(event.node).role = 'follower';
        break;
      case 'server':
        mirror(event.node);
        break;
      default:
        break;
    }
    events++;
    return fresh;
  }

  // ---- seeding ----

  for (const [id, init] of Object.entries(options.initial ?? {})) {
    const m = mirror(id);
    m.term = init.term ?? 0;
    (init.log ?? []).forEach((e, i) => pushEntry(m, i + 1, e.term, e.command, 'command'));
  }
  for (const seed of options.nodes ?? []) {
    const m = mirror(seed.id);
    m.term = seed.term ?? m.term;
    const snap = seed.snapshotIndex ?? 0;
    if (snap > 0) {
      onSnapshot(seed.id, snap, seed.snapshotTerm ?? 0);
    }
    const log = seed.log ?? [];
    if (log.length > 0) {
      const first = log[0].index;
      onAppend(
        seed.id,
        first,
        log.map((e) => ({ index: e.index, term: e.term, command: e.command, kind: (e.kind ?? 'command') as LogEntryView['kind'] })),
      );
    }
    if (seed.alive === false) m.role = 'down';
    else if (seed.role !== undefined) {
      if (seed.role === 'leader') leaderOfTerm.set(m.term, seed.id);
      m.role = seed.role;
    }
  }
  warningList.length = 0;

  return {
    observe,
    properties(): PropertyStatus[] {
      return PROPERTY_IDS.map((id) => {
        const s = status.get(id);
        const kept = s?.kept ?? [];
        return {
          id,
          name: PROPERTY_NAMES[id],
          description: PROPERTY_DESCRIPTIONS[id],
          state: (s?.count ?? 0) > 0 ? 'violated' : 'holding',
          violations: kept.slice(),
          count: s?.count ?? 0,
        };
      });
    },
    ok(): boolean {
      for (const s of status.values()) if (s.count > 0) return false;
      return true;
    },
    violations(): Violation[] {
      return allKept.slice();
    },
    get events() {
      return events;
    },
    warnings(): string[] {
      return warningList.slice();
    },
  };
}

/** A monitor subscribed to a cluster's trace (seeded from its current state). */
export interface AttachedSafetyMonitor extends SafetyMonitor {
  /** Stop listening. */
  detach: () => void;
}

/**
 * Subscribes a SafetyMonitor to `cluster`. It starts from the nodes' current state, so it can be
 * attached to a fresh cluster (before its first step) or to one already running; a cluster that
 * has compacted logs before the monitor was attached leaves those prefixes unverified.
 */
export function attachSafetyMonitor(
  cluster: Pick<Cluster, 'ids' | 'node' | 'subscribe'> & { readonly options?: { readonly nodes: readonly string[] } },
  options: Omit<SafetyMonitorOptions, 'nodes'> & { onViolation?: (v: Violation) => void } = {},
): AttachedSafetyMonitor {
  const nodes: NodeView[] = cluster.ids.map((id) => cluster.node(id));
  const monitor = createSafetyMonitor({ bootVoters: cluster.options?.nodes, ...options, nodes });
  const onViolation = options.onViolation;
  const detach = cluster.subscribe((e) => {
    const found = monitor.observe(e);
    if (onViolation !== undefined) for (const v of found) onViolation(v);
  });
  return {
    observe: monitor.observe,
    properties: monitor.properties,
    ok: monitor.ok,
    violations: monitor.violations,
    warnings: monitor.warnings,
    get events() {
      return monitor.events;
    },
    detach,
  };
}
