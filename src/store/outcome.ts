// What a run has come to, as a student compares two runs (compare side by side): who leads, the
// highest term, what is committed, and whether a safety property is violated. Two runs can
// differ in many events (a message sooner, a timer later) and still agree on all four; the
// compare bar marks where the *outcomes* first differ, aspect by aspect.
//
// Each aspect is a step function of simulated time, recorded as its changes; two runs are
// compared change point by change point (firstOutcomeDifferences), so a difference is found at
// the exact ms it appears, not at the resolution of the scout's slices.

import { createSafetyMonitor, PROPERTY_NAMES, type SafetyMonitor } from '../check/invariants.ts';
import type { ResolvedOptions, Role, TraceEvent } from '../sim/index.ts';

export type OutcomeAspect = 'leader' | 'term' | 'committed' | 'safety';

export const OUTCOME_ASPECTS: readonly OutcomeAspect[] = ['leader', 'term', 'committed', 'safety'];

/** One aspect's value from `at` on: `key` compares, `words` is what a student reads. */
export interface OutcomeValue {
  at: number;
  key: string;
  words: string;
}

/** Where one aspect of two runs first differs. */
export interface OutcomeDifference {
  aspect: OutcomeAspect;
  at: number;
  a: string;
  b: string;
}

const INITIAL: Record<OutcomeAspect, OutcomeValue> = {
  leader: { at: 0, key: '', words: 'no leader' },
  term: { at: 0, key: '0', words: 'term 0' },
  committed: { at: 0, key: '0', words: 'nothing committed' },
  safety: { at: 0, key: '', words: 'safe' },
};

interface Server {
  role: Role;
  term: number;
  alive: boolean;
  commitIndex: number;
}

/** FNV-1a over a string, continued from `h`: the committed entries' digest grows entry by entry. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** Follows one run's trace events and records every change of its outcome. */
export class OutcomeTracker {
  readonly changes: Record<OutcomeAspect, OutcomeValue[]> = {
    leader: [{ ...INITIAL.leader }],
    term: [{ ...INITIAL.term }],
    committed: [{ ...INITIAL.committed }],
    safety: [{ ...INITIAL.safety }],
  };
  private readonly servers = new Map<string, Server>();
  private readonly monitor: SafetyMonitor;
  /** The committed entries as applied first, index by index (index → "term:command"). */
  private readonly applied = new Map<number, string>();
  private appliedDigest = 2166136261;
  private appliedThrough = 0;
  private violated: string[] = [];

  constructor(options: ResolvedOptions) {
    this.monitor = createSafetyMonitor({ initial: options.initial, bootVoters: options.nodes });
    for (const id of options.nodes) {
      const init = options.initial[id] as { term?: number } | undefined;
      this.servers.set(id, { role: 'follower', term: init?.term ?? 0, alive: true, commitIndex: 0 });
    }
    this.update(0);
  }

  private server(id: string): Server {
    let s = this.servers.get(id);
    if (s === undefined) {
      s = { role: 'follower', term: 0, alive: true, commitIndex: 0 };
      this.servers.set(id, s);
    }
    return s;
  }

  observe(e: TraceEvent): void {
    const before = this.violated.length;
    for (const v of this.monitor.observe(e)) {
      const name = PROPERTY_NAMES[v.property];
      if (!this.violated.includes(name)) this.violated.push(name);
    }
    let changed = this.violated.length !== before;
    switch (e.type) {
      case 'role': {
        const s = this.server(e.node);
        s.role = e.role;
        s.term = e.term;
        changed = true;
        break;
      }
      case 'crash':
        this.server(e.node).alive = false;
        changed = true;
        break;
      case 'restart': {
        const s = this.server(e.node);
        s.alive = true;
        s.role = 'follower';
        changed = true;
        break;
      }
      case 'commit':
        this.server(e.node).commitIndex = e.commitIndex;
        changed = true;
        break;
      case 'apply':
        if (!this.applied.has(e.index)) this.applied.set(e.index, `${e.term}:${JSON.stringify(e.command) ?? ''}`);
        while (this.applied.has(this.appliedThrough + 1)) {
          this.appliedThrough++;
          this.appliedDigest = fnv(this.appliedDigest, `${this.appliedThrough}=${this.applied.get(this.appliedThrough) ?? ''};`);
        }
        changed = true;
        break;
      default:
        break;
    }
    if (changed) this.update(e.at);
  }

  /** The value of an aspect now. */
  current(aspect: OutcomeAspect): OutcomeValue {
    const list = this.changes[aspect];
    return list[list.length - 1];
  }

  private set(aspect: OutcomeAspect, at: number, key: string, words: string): void {
    const list = this.changes[aspect];
    const last = list[list.length - 1];
    if (last.key === key) return;
    if (last.at !== at) {
      list.push({ at, key, words });
      return;
    }
    // several changes in one ms: the value at the end of that ms counts
    list[list.length - 1] = { at, key, words };
    if (list.length > 1 && list[list.length - 2].key === key) list.pop();
  }

  private update(at: number): void {
    let leader: string | null = null;
    let leaderTerm = -1;
    let term = 0;
    let commit = 0;
    for (const [id, s] of this.servers) {
      term = Math.max(term, s.term);
      commit = Math.max(commit, s.commitIndex);
      if (s.alive && s.role === 'leader' && s.term > leaderTerm) {
        leader = id;
        leaderTerm = s.term;
      }
    }
    this.set('leader', at, leader ?? '', leader === null ? 'no leader' : `leader ${leader}`);
    this.set('term', at, String(term), `term ${term}`);
    const n = Math.max(commit, this.appliedThrough);
    this.set('committed', at, `${n}#${this.appliedDigest}`, n === 0 ? 'nothing committed' : `${n} entr${n === 1 ? 'y' : 'ies'} committed`);
    const v = this.violated.join(', ');
    this.set('safety', at, v, v === '' ? 'safe' : `${v} violated`);
  }
}

/** Walks two runs' changes of one aspect in time order; resumable (the scout compares slice by slice). */
export class AspectComparer {
  private ia = 0;
  private ib = 0;
  found: OutcomeDifference | null = null;

  constructor(
    readonly aspect: OutcomeAspect,
    private readonly a: OutcomeValue[],
    private readonly b: OutcomeValue[],
  ) {}

  /** Compares up to and including simulated time `t` (both runs must have run to `t`). */
  advance(t: number): void {
    const { a, b } = this;
    while (this.found === null) {
      const na = a[this.ia + 1]?.at ?? Infinity;
      const nb = b[this.ib + 1]?.at ?? Infinity;
      const next = Math.min(na, nb);
      // values at the start (index 0) may already differ
      if (this.ia === 0 && this.ib === 0 && a[0].key !== b[0].key) {
        this.found = { aspect: this.aspect, at: 0, a: a[0].words, b: b[0].words };
        return;
      }
      if (next > t || next === Infinity) return;
      if (na === next) this.ia++;
      if (nb === next) this.ib++;
      if (a[this.ia].key !== b[this.ib].key) this.found = { aspect: this.aspect, at: next, a: a[this.ia].words, b: b[this.ib].words };
    }
  }
}

/** Where each aspect of two fully recorded runs first differs, earliest first (tests, small traces). */
export function firstOutcomeDifferences(
  optionsA: ResolvedOptions,
  a: readonly TraceEvent[],
  optionsB: ResolvedOptions,
  b: readonly TraceEvent[],
): OutcomeDifference[] {
  const ta = new OutcomeTracker(optionsA);
  const tb = new OutcomeTracker(optionsB);
  for (const e of a) ta.observe(e);
  for (const e of b) tb.observe(e);
  const out: OutcomeDifference[] = [];
  for (const aspect of OUTCOME_ASPECTS) {
    const c = new AspectComparer(aspect, ta.changes[aspect], tb.changes[aspect]);
    c.advance(Infinity);
    if (c.found !== null) out.push(c.found);
  }
  return out.sort((x, y) => x.at - y.at);
}

/** "committed entries differ at 1.2 s: A 1 entry committed, B 2 entries committed" (words only). */
export const ASPECT_NAMES: Readonly<Record<OutcomeAspect, string>> = {
  leader: 'leader',
  term: 'term',
  committed: 'committed entries',
  safety: 'safety',
};
