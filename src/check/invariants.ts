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
// Commands are compared by a stable JSON rendering (object keys sorted), hashed when an entry is
// first seen; the same command object after the same prefix is the same entry, without hashing.
// Every entry seen is kept once, shared by the mirrors, the committed prefix and the applied
// record (bounded memory, issue 14). Nothing here imports the engine: it reads the trace types only.
//
// The parts, in src/check/invariants/: properties.ts (ids, names, the paper's wording, the public
// types), hash.ts (command hashes and the prefix hash chain), describe.ts (entries and nodes in
// words), entries.ts (the entries seen, and Log Matching's first seen), column.ts (typed columns),
// mirror.ts (a node's log as the monitor keeps it), monitor.ts (createSafetyMonitor),
// attach.ts (attachSafetyMonitor). stableStringify lives in src/check/stable.ts.

export {
  PROPERTY_DESCRIPTIONS,
  PROPERTY_IDS,
  PROPERTY_NAMES,
} from './invariants/properties.ts';
export type {
  MonitorSeedNode,
  PropertyId,
  PropertyStatus,
  SafetyMonitor,
  SafetyMonitorOptions,
  Violation,
  ViolationEntry,
} from './invariants/properties.ts';
export { stableStringify } from './stable.ts';
export { describeCommand } from './invariants/describe.ts';
export { createSafetyMonitor } from './invariants/monitor.ts';
export { attachSafetyMonitor } from './invariants/attach.ts';
export type { AttachedSafetyMonitor } from './invariants/attach.ts';
