// Compare side by side: what tells pane B's options from pane A's, said in a lecturer's words
// ("PreVote off" / "PreVote on"), and the presets that make pane B from pane A by changing
// one option (PreVote, CheckQuorum, the read path, a broken variant, latency). Pure functions
// over resolved options; the panes themselves live in src/store/compare.ts.

import type { ClusterOptions, ResolvedOptions, VARIANTS } from '../sim/index.ts';

export type Variant = (typeof VARIANTS)[number];

/** How reads are served: the thing the "ReadIndex vs local reads" comparison is about. */
export type ReadPath = 'read-index' | 'local' | 'log';

export function readPath(o: ResolvedOptions): ReadPath {
  if (o.features.readIndex) return 'read-index';
  return o.features.variant === 'local-reads' ? 'local' : 'log';
}

const READ_PATH_LABEL: Record<ReadPath, string> = {
  'read-index': 'ReadIndex reads',
  local: 'local reads (broken)',
  log: 'reads through the log',
};

export function readPathLabel(p: ReadPath): string {
  return READ_PATH_LABEL[p];
}

const onOff = (name: string, on: boolean) => `${name} ${on ? 'on' : 'off'}`;
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * One phrase per aspect in which a and b differ, for each side: `{ a: ['PreVote off'], b: ['PreVote on'] }`.
 * Related fields are said together (latency min and max; ReadIndex and the local-reads variant).
 */
export function describeDifference(a: ResolvedOptions, b: ResolvedOptions): { a: string[]; b: string[] } {
  const out = { a: [] as string[], b: [] as string[] };
  const add = (phrase: (o: ResolvedOptions) => string) => {
    const pa = phrase(a);
    const pb = phrase(b);
    if (pa !== pb) {
      out.a.push(pa);
      out.b.push(pb);
    }
  };
  add((o) => `seed ${o.seed}`);
  add((o) => onOff('PreVote', o.features.preVote));
  add((o) => onOff('CheckQuorum', o.features.checkQuorum));
  add((o) => readPathLabel(readPath(o)));
  // the local-reads variant is part of the read path; any other broken variant is said on its own
  const variant = (o: ResolvedOptions) => (o.features.variant === 'none' || o.features.variant === 'local-reads' ? 'correct Raft' : `broken: ${o.features.variant}`);
  add(variant);
  add((o) => (o.features.noopOnElection ? 'no-op on election' : 'no no-op on election'));
  add((o) => (o.features.conflictHint === false ? 'decrement nextIndex (Figure 2)' : 'conflict hint'));
  add((o) => (o.features.snapshotThreshold > 0 ? `snapshot every ${o.features.snapshotThreshold} entries` : 'no snapshots'));
  add((o) => `election timeout ${o.timing.electionTimeoutMin}–${o.timing.electionTimeoutMax} ms`);
  add((o) => `heartbeat ${o.timing.heartbeatInterval} ms`);
  add((o) => `latency ${o.network.latencyMin}–${o.network.latencyMax} ms`);
  add((o) => ((o.timing.diskLatencyMax ?? 0) > 0 ? `disk ${o.timing.diskLatencyMin ?? 0}–${o.timing.diskLatencyMax} ms` : 'instant disk'));
  add((o) => `loss ${percent(o.network.lossRate)}`);
  add((o) => `duplicates ${percent(o.network.duplicateRate)}`);
  add((o) => (o.network.manual ? 'manual network' : 'automatic network'));
  add((o) => {
    const w = o.workload;
    return w.clients === 0 || w.opsPerSecond === 0 ? 'no client load' : `load ${w.clients} clients × ${w.opsPerSecond}/s, ${w.keys} keys, ${percent(w.readRatio)} reads`;
  });
  add((o) => `initial state ${JSON.stringify(o.initial)}`);
  // the initial state is too long to say: name it only
  const i = out.a.findIndex((x) => x.startsWith('initial state '));
  if (i >= 0) {
    out.a[i] = 'initial state A';
    out.b[i] = 'initial state B';
  }
  return out;
}

/** Pane titles: "PreVote off" / "PreVote on"; "same options" when nothing differs. */
export function paneTitles(a: ResolvedOptions, b: ResolvedOptions): { a: string; b: string } {
  const d = describeDifference(a, b);
  if (d.a.length === 0) return { a: 'same options', b: 'same options' };
  return { a: d.a.join(', '), b: d.b.join(', ') };
}

/**
 * Pane A's options with some fields changed, section by section (`{ features: { preVote: true } }`
 * changes that one field): what `raftlab.compare(change)` gives pane B. Unvalidated.
 */
export function withChange(a: ResolvedOptions, change: ClusterOptions): ClusterOptions {
  return {
    ...a,
    ...change,
    timing: { ...a.timing, ...change.timing },
    network: { ...a.network, ...change.network },
    features: { ...a.features, ...change.features },
    workload: { ...a.workload, ...change.workload },
  };
}

// ------------------------------------------------------------------ presets

export type ComparePresetId = 'preVote' | 'checkQuorum' | 'reads' | 'variant' | 'latency' | 'backtracking';

export interface ComparePreset {
  id: ComparePresetId;
  label: string;
  /** What the comparison shows, for the dialog. */
  hint: string;
}

export const COMPARE_PRESETS: readonly ComparePreset[] = [
  { id: 'preVote', label: 'PreVote on / off', hint: 'A server that rejoins with a higher term disrupts the leader without PreVote.' },
  { id: 'checkQuorum', label: 'CheckQuorum on / off', hint: 'An isolated leader steps down with CheckQuorum; without it, it stays leader of a stale term.' },
  { id: 'reads', label: 'ReadIndex vs local reads', hint: 'A deposed leader serving reads from its own state returns stale data; ReadIndex confirms leadership first.' },
  { id: 'variant', label: 'Broken variant vs correct Raft', hint: 'The same run with a deliberately broken rule: watch the safety panel.' },
  { id: 'latency', label: 'Different latency', hint: 'The same seed and actions on a slower (or faster) network.' },
  {
    id: 'backtracking',
    label: 'Conflict hint vs decrement nextIndex',
    hint: "A far-behind follower is repaired one term per round trip with the conflict hint (thesis §5.3), one entry per round trip with Figure 2's plain rule.",
  },
];

/** A preset's choice for pane B, where it has one. */
export interface PresetChoice {
  /** reads: pane B's read path. */
  readPath?: ReadPath;
  /** variant: pane B's variant. */
  variant?: Variant | 'none';
  /** latency: pane B's latency range, ms. */
  latencyMin?: number;
  latencyMax?: number;
}

/** The choice a preset starts with, given pane A (the other side of what A does). */
export function defaultChoice(id: ComparePresetId, a: ResolvedOptions): PresetChoice {
  switch (id) {
    case 'reads': {
      // local reads are a variant: with another broken variant in A, B keeps it and takes ReadIndex
      const path = readPath(a);
      return { readPath: path === 'read-index' ? 'local' : path === 'local' || a.features.variant !== 'none' ? 'read-index' : 'local' };
    }
    case 'variant':
      return { variant: a.features.variant === 'none' ? 'commit-old-terms' : 'none' };
    case 'latency':
      return { latencyMin: a.network.latencyMin * 3, latencyMax: a.network.latencyMax * 3 };
    default:
      return {};
  }
}

/** Pane B's options: pane A's with the one option the preset changes. */
export function presetOptions(id: ComparePresetId, a: ResolvedOptions, choice: PresetChoice = defaultChoice(id, a)): ResolvedOptions {
  const b = structuredClone(a);
  switch (id) {
    case 'preVote':
      b.features.preVote = !a.features.preVote;
      break;
    case 'checkQuorum':
      b.features.checkQuorum = !a.features.checkQuorum;
      break;
    case 'reads': {
      const path = choice.readPath ?? defaultChoice(id, a).readPath;
      b.features.readIndex = path === 'read-index';
      if (path === 'local') b.features.variant = 'local-reads';
      else if (a.features.variant === 'local-reads') b.features.variant = 'none';
      break;
    }
    case 'variant':
      b.features.variant = choice.variant ?? defaultChoice(id, a).variant ?? 'none';
      break;
    case 'backtracking':
      // Absent means the hint: pane B gets the other rule, written out.
      b.features.conflictHint = a.features.conflictHint === false;
      break;
    case 'latency': {
      const min = Math.max(0, Math.round(choice.latencyMin ?? a.network.latencyMin * 3));
      const max = Math.max(min, Math.round(choice.latencyMax ?? a.network.latencyMax * 3));
      b.network.latencyMin = min;
      b.network.latencyMax = max;
      break;
    }
  }
  return b;
}
