// The properties the safety monitor checks (Figure 3, and Snapshot Configuration of thesis
// §5.1): their ids, names and the paper's wording, and the monitor's public types.

import type { InitialNodeState, Role, TraceEvent } from '../../sim/types.ts';

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
