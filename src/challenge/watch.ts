// What the goal language reads from a run, kept up to date one trace event at a time: who is up,
// leader, candidate; the partition; a mirror of each log (index → term, kind) and which entries
// were stored on a majority or committed; the clients' history; and — only when a goal asks —
// the existing checkers (the safety monitor of src/check, the linearizability checker). It never
// touches the engine: a run's trace is all it needs, so the page grades the live run and tests
// grade a replay with the same code.

import { createSafetyMonitor, type SafetyMonitor, type Violation } from '../check/invariants.ts';
import { checkLinearizability } from '../check/linearizability.ts';
import type { ClientRecord, LogEntryView, Role, TraceEvent } from '../sim/index.ts';

type EntryKind = LogEntryView['kind'];

/** What the last event did that a goal may ask about (reset before each event). */
export interface EventFacts {
  /** An entry stored on a majority was removed from a log. */
  majorityOverwritten: boolean;
  /** An entry some server had committed was removed from a log. */
  committedErased: boolean;
  /** The leader committed entries nobody had committed before: which kinds, by whom. */
  commit: { node: string; kinds: Set<EntryKind> } | null;
  /** A candidate started term T+1 after a term T with two or more candidates and no leader. */
  splitVote: boolean;
  /** A live leader stopped leading: who, and whether its term stayed the same. */
  stepDown: { node: string; sameTerm: boolean } | null;
  violations: Violation[];
  staleRead: boolean;
}

const noFacts = (): EventFacts => ({ majorityOverwritten: false, committedErased: false, commit: null, splitVote: false, stepDown: null, violations: [], staleRead: false });

export interface WatchNeeds {
  /** Run the safety monitor (a `violation` goal). */
  monitor: boolean;
  /** Check linearizability after each completed read (a `stale-read` goal). */
  linearizability: boolean;
}

export class RunWatch {
  readonly servers: string[];
  readonly alive = new Set<string>();
  readonly roles = new Map<string, { role: Role; term: number }>();
  groups: string[][] | null = null;
  voters: string[];
  /** Each server's log as the trace built it: index → [term, kind]. */
  private readonly logs = new Map<string, Map<number, { term: number; kind: EntryKind }>>();
  private readonly commitIndex = new Map<string, number>();
  /** The highest index any leader committed, and the term committed at each index. */
  private committedUpTo = 0;
  private readonly committedTerm = new Map<number, number>();
  /** `index:term` → the servers holding it, and the entries that were ever on a majority. */
  private readonly holders = new Map<string, Set<string>>();
  private readonly onMajority = new Set<string>();
  private readonly candidates = new Map<number, Set<string>>();
  private readonly leaderTerms = new Set<number>();
  /** Every election won: when, who, which term. */
  readonly elections: { at: number; node: string; term: number }[] = [];
  /** Since when no server is leader while a majority is up (null: there is a leader, or a majority is down). */
  leaderlessSince: number | null = 0;
  private readonly records = new Map<number, ClientRecord>();
  private readonly monitor: SafetyMonitor | null;
  private readonly linearizability: boolean;
  private staleFound = false;
  facts: EventFacts = noFacts();

  constructor(nodes: readonly string[], needs: WatchNeeds) {
    this.servers = [...nodes];
    this.voters = [...nodes];
    for (const n of nodes) this.alive.add(n);
    this.monitor = needs.monitor ? createSafetyMonitor({ bootVoters: nodes }) : null;
    this.linearizability = needs.linearizability;
  }

  majority(): number {
    return Math.floor(this.voters.length / 2) + 1;
  }

  /** The live leader of the highest term, or null. */
  leader(): string | null {
    let best: string | null = null;
    let bestTerm = -1;
    for (const [id, r] of this.roles) {
      if (r.role === 'leader' && this.alive.has(id) && r.term > bestTerm) {
        best = id;
        bestTerm = r.term;
      }
    }
    return best;
  }

  /** Are `a` and `b` in different partition groups? */
  apart(a: string, b: string): boolean {
    if (this.groups === null) return false;
    const ga = this.groups.findIndex((g) => g.includes(a));
    const gb = this.groups.findIndex((g) => g.includes(b));
    return ga !== gb;
  }

  private majorityUp(): boolean {
    return this.voters.filter((v) => this.alive.has(v)).length >= this.majority();
  }

  private log(node: string): Map<number, { term: number; kind: EntryKind }> {
    let l = this.logs.get(node);
    if (l === undefined) {
      l = new Map();
      this.logs.set(node, l);
    }
    return l;
  }

  observe(e: TraceEvent): void {
    this.facts = noFacts();
    if (this.monitor !== null) this.facts.violations = this.monitor.observe(e);
    switch (e.type) {
      case 'role': {
        const before = this.roles.get(e.node);
        if (before?.role === 'leader' && e.role !== 'leader' && this.alive.has(e.node)) this.facts.stepDown = { node: e.node, sameTerm: e.term === before.term };
        this.roles.set(e.node, { role: e.role, term: e.term });
        if (e.role === 'candidate') {
          // the first candidate of a new term: did the term before end with its votes split?
          const prev = e.term - 1;
          if (!this.candidates.has(e.term) && (this.candidates.get(prev)?.size ?? 0) >= 2 && !this.leaderTerms.has(prev)) this.facts.splitVote = true;
          let c = this.candidates.get(e.term);
          if (c === undefined) this.candidates.set(e.term, (c = new Set()));
          c.add(e.node);
        }
        if (e.role === 'leader') {
          this.leaderTerms.add(e.term);
          this.elections.push({ at: e.at, node: e.node, term: e.term });
        }
        break;
      }
      case 'crash': {
        this.alive.delete(e.node);
        // a crashed leader leads no more (it restarts as a follower: not a step-down)
        const r = this.roles.get(e.node);
        if (r !== undefined) this.roles.set(e.node, { role: 'follower', term: r.term });
        break;
      }
      case 'restart':
        this.alive.add(e.node);
        break;
      case 'server':
        if (e.change === 'added' && !this.servers.includes(e.node)) {
          this.servers.push(e.node);
          this.alive.add(e.node);
        }
        break;
      case 'config':
        this.voters = [...e.voters];
        break;
      case 'partition':
        this.groups = e.groups.map((g) => [...g]);
        break;
      case 'heal':
        this.groups = null;
        break;
      case 'append': {
        const l = this.log(e.node);
        for (const x of e.entries) {
          const old = l.get(x.index);
          if (old !== undefined) this.holders.get(`${x.index}:${old.term}`)?.delete(e.node);
          l.set(x.index, { term: x.term, kind: x.kind });
          const key = `${x.index}:${x.term}`;
          let h = this.holders.get(key);
          if (h === undefined) this.holders.set(key, (h = new Set()));
          h.add(e.node);
          if (h.size >= this.majority()) this.onMajority.add(key);
        }
        break;
      }
      case 'truncate': {
        const l = this.log(e.node);
        for (const x of e.entries) {
          const key = `${x.index}:${x.term}`;
          if (this.onMajority.has(key)) this.facts.majorityOverwritten = true;
          if (this.committedTerm.get(x.index) === x.term) this.facts.committedErased = true;
          this.holders.get(key)?.delete(e.node);
          l.delete(x.index);
        }
        break;
      }
      case 'commit': {
        const from = this.commitIndex.get(e.node) ?? 0;
        this.commitIndex.set(e.node, e.commitIndex);
        const l = this.log(e.node);
        const kinds = new Set<EntryKind>();
        for (let i = Math.max(from, this.committedUpTo) + 1; i <= e.commitIndex; i++) {
          const x = l.get(i);
          if (x === undefined) continue;
          this.committedTerm.set(i, x.term);
          kinds.add(x.kind);
        }
        if (e.commitIndex > this.committedUpTo) {
          if (this.roles.get(e.node)?.role === 'leader' && kinds.size > 0) this.facts.commit = { node: e.node, kinds };
          this.committedUpTo = e.commitIndex;
        }
        break;
      }
      case 'client-invoke':
        this.records.set(e.record.id, { ...e.record });
        break;
      case 'client-ok':
        this.records.set(e.record.id, { ...e.record });
        if (this.linearizability && !this.staleFound && e.record.op.type === 'get') {
          const r = checkLinearizability([...this.records.values()], { timeLimitMs: 200 });
          if (r.ok === false) this.staleFound = this.facts.staleRead = true;
        }
        break;
      default:
        break;
    }
    // the time without a leader counts only while a majority of the voters is up
    if (this.leader() !== null || !this.majorityUp()) this.leaderlessSince = null;
    else if (this.leaderlessSince === null) this.leaderlessSince = e.at;
  }

  /** The record of a client operation (a copy of the trace's). */
  record(id: number): ClientRecord | undefined {
    return this.records.get(id);
  }
}
