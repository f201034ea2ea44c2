// What a node reports about itself as it steps: the node-level half of the trace
// (the simulator adds network, client and fault events).

import type { EntryKind, Role } from './types.ts';

export interface LogEntryView {
  index: number;
  term: number;
  command: unknown;
  kind: EntryKind;
  /** A configuration entry's voters (thesis §4.1). */
  voters?: string[];
}

export type NodeEvent =
  | { type: 'role'; at: number; node: string; role: Role; term: number }
  | { type: 'vote'; at: number; node: string; term: number; votedFor: string }
  | { type: 'append'; at: number; node: string; from: number; entries: LogEntryView[] }
  | { type: 'truncate'; at: number; node: string; from: number; entries: LogEntryView[] }
  | { type: 'commit'; at: number; node: string; commitIndex: number }
  | { type: 'apply'; at: number; node: string; index: number; term: number; command: unknown; kind: EntryKind }
  /** `voters`: the configuration the snapshot records (thesis §5.1: the one in force at `index`). */
  | { type: 'snapshot'; at: number; node: string; index: number; term: number; voters: string[] }
  | { type: 'timer'; at: number; node: string; kind: 'election' | 'heartbeat'; deadline: number | null }
  | { type: 'config'; at: number; node: string; voters: string[]; learners: string[] }
  /** The leader gave up catching up a new server (thesis §4.2.1): it never answered, or is too slow. */
  | { type: 'catch-up-aborted'; at: number; node: string; server: string; reason: 'silent' | 'slow' };
