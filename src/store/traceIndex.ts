// Indexes over the trace of the current branch, built incrementally as events arrive and
// rebuilt when the trace is cut back (a new future): timeline marks, each node's console,
// message fates, the live safety monitor, and the series the charts draw.

import { createSafetyMonitor, type PropertyStatus, type SafetyMonitor, type Violation } from '../check/invariants.ts';
import { isClientName, type ClientRecord, type MessageType, type ResolvedOptions, type Role, type TraceEvent } from '../sim/index.ts';
import { dropReasonText, formatTime } from './describe.ts';
import { Consoles } from './consoles.ts';
import { FateTable } from './fates.ts';
import { describeAction } from './timeMachine.ts';
import { WindowedTrace } from './traceWindow.ts';
import { IntList } from './intList.ts';
import { DeltaList } from './deltaList.ts';
import { Series } from './series.ts';

export type MarkKind = 'leader' | 'crash' | 'restart' | 'partition' | 'heal' | 'network' | 'action' | 'violation';

export interface Mark {
  /** Position of the event in the trace. */
  index: number;
  at: number;
  kind: MarkKind;
  label: string;
  node?: string;
}

/**
 * A simulated client's invocations and completions, compactly (issue 14, bounded memory): the
 * trace index of each, twice, plus one for a completion (its record read back from the trace),
 * and the running count of completions, both as 16-bit steps (deltaList.ts).
 */
interface ClientTrack {
  events: DeltaList;
  /** Operations completed up to and including each event. */
  completed: DeltaList;
}

export interface ClientStatus {
  id: string;
  pending: ClientRecord | null;
  last: ClientRecord | null;
  completed: number;
}

const BIN_MS = 100;

interface NodeTrack {
  term: number;
  role: Role | 'crashed';
  votedFor: string | null;
  knownLeader: string | null;
  lastIndex: number;
}

export class TraceIndex {
  marks: Mark[] = [];
  /** Each server's console; its lines' text is written from the trace when drawn (consoles.ts). */
  consoles = new Consoles();
  fates = new FateTable();
  private sendList = new IntList();
  private milestoneList = new IntList();
  terms = new Map<string, Series>();
  commits = new Map<string, Series>();
  /** Messages sent per 100 ms bin, by type. */
  rate = new Map<MessageType | 'heartbeat', number[]>();
  violations: Violation[] = [];
  /** Per simulated client, its invocations and completions in order. */
  private clients = new Map<string, ClientTrack>();
  length = 0;
  /** Bumped on every change (for subscribers that memoise on it). */
  version = 0;
  private monitor: SafetyMonitor;
  private tracks = new Map<string, NodeTrack>();

  constructor(private readonly options: ResolvedOptions) {
    this.monitor = createSafetyMonitor({ initial: options.initial, bootVoters: options.nodes });
  }

  /** Trace indices of send events, in order (for the space-time diagram); valid until the next event. */
  get sends(): Int32Array {
    return this.sendList.view();
  }

  /** Trace indices of role and commit events (elections and commits on the space-time diagram, Why?). */
  get milestones(): Int32Array {
    return this.milestoneList.view();
  }

  properties(): PropertyStatus[] {
    return this.monitor.properties();
  }

  reset(): void {
    this.marks = [];
    this.consoles = new Consoles();
    this.fates = new FateTable();
    this.sendList = new IntList();
    this.milestoneList = new IntList();
    this.terms = new Map();
    this.commits = new Map();
    this.rate = new Map();
    this.violations = [];
    this.clients = new Map();
    this.length = 0;
    this.tracks = new Map();
    this.monitor = createSafetyMonitor({ initial: this.options.initial, bootVoters: this.options.nodes });
    this.version++;
  }

  /** Rebuilds from trace[0..length) after the trace was cut back. */
  rebuild(trace: readonly TraceEvent[] | WindowedTrace, length: number): void {
    this.reset();
    if (trace instanceof WindowedTrace) trace.forEach(0, length, (e) => this.add(e));
    else for (let i = 0; i < length && i < trace.length; i++) this.add(trace[i]);
  }

  private track(node: string): NodeTrack {
    let t = this.tracks.get(node);
    if (t === undefined) {
      t = { term: 0, role: 'follower', votedFor: null, knownLeader: null, lastIndex: 0 };
      this.tracks.set(node, t);
    }
    return t;
  }

  /** A console line whose text depends on what came before (who leads, what a restart kept). */
  private line(node: string, text: string): void {
    this.consoles.text(node, this.length, text);
  }

  /** A console line written from this event alone (consoles.ts, eventLine). */
  private eventLine(node: string): void {
    this.consoles.fromEvent(node, this.length);
  }

  private mark(kind: MarkKind, at: number, label: string, node?: string): void {
    const m: Mark = { index: this.length, at, kind, label };
    if (node !== undefined) m.node = node;
    this.marks.push(m);
  }

  private point(map: Map<string, Series>, node: string, at: number, value: number): void {
    let s = map.get(node);
    if (s === undefined) {
      s = new Series();
      map.set(node, s);
    }
    s.add(at, value);
  }

  private setLeader(node: string, leader: string | null): void {
    const t = this.track(node);
    if (t.knownLeader === leader) return;
    t.knownLeader = leader;
    this.line(node, `LEADER => ${leader ?? 'None'}`);
  }

  add(e: TraceEvent): void {
    const found = this.monitor.observe(e);
    for (const v of found) {
      this.violations.push(v);
      this.mark('violation', e.at, `${v.property}: ${v.message}`);
    }
    switch (e.type) {
      case 'send': {
        const m = e.message;
        this.fates.sent(m.id, this.length);
        this.sendList.push(this.length);
        const kind = m.type === 'AppendEntries' && m.entries.length === 0 ? 'heartbeat' : m.type;
        let bins = this.rate.get(kind);
        if (bins === undefined) {
          bins = [];
          this.rate.set(kind, bins);
        }
        const b = Math.floor(e.at / BIN_MS);
        while (bins.length <= b) bins.push(0);
        bins[b]++;
        break;
      }
      case 'deliver': {
        this.fates.ended(e.message.id, this.length);
        const m = e.message;
        if ((m.type === 'AppendEntries' || m.type === 'InstallSnapshot') && !this.isClient(m.to)) {
          const t = this.track(m.to);
          if (m.term >= t.term && t.role !== 'crashed') {
            if (m.term > t.term) t.term = m.term;
            this.setLeader(m.to, m.leaderId);
          }
        }
        break;
      }
      case 'drop': {
        this.fates.ended(e.message.id, this.length);
        if (e.reason === 'user') break;
        break;
      }
      case 'role': {
        const t = this.track(e.node);
        const newTerm = e.term !== t.term;
        t.term = e.term;
        t.role = e.role;
        if (newTerm) t.votedFor = null;
        this.point(this.terms, e.node, e.at, e.term);
        this.milestoneList.push(this.length);
        if (e.at > 0 || e.role !== 'follower') this.eventLine(e.node);
        if (e.role === 'leader') {
          this.mark('leader', e.at, `${e.node} became leader (term ${e.term})`, e.node);
          this.setLeader(e.node, e.node);
        } else if (newTerm) {
          this.setLeader(e.node, null);
        }
        break;
      }
      case 'vote': {
        const t = this.track(e.node);
        t.votedFor = e.votedFor;
        this.eventLine(e.node);
        break;
      }
      case 'append': {
        const t = this.track(e.node);
        if (e.entries.length > 0) t.lastIndex = e.from + e.entries.length - 1;
        if (e.at > 0 && e.entries.length > 0) this.eventLine(e.node);
        break;
      }
      case 'truncate':
        this.track(e.node).lastIndex = e.from - 1;
        this.eventLine(e.node);
        break;
      case 'commit':
        this.point(this.commits, e.node, e.at, e.commitIndex);
        this.milestoneList.push(this.length);
        this.eventLine(e.node);
        break;
      case 'apply':
        this.eventLine(e.node);
        break;
      case 'snapshot':
        this.eventLine(e.node);
        break;
      case 'config':
        this.eventLine(e.node);
        break;
      case 'client-invoke':
      case 'client-ok': {
        let track = this.clients.get(e.record.client);
        if (track === undefined) {
          track = { events: new DeltaList(), completed: new DeltaList() };
          this.clients.set(e.record.client, track);
        }
        const before = track.completed.length > 0 ? track.completed.lastValue : 0;
        const ok = e.type === 'client-ok';
        track.events.push(this.length * 2 + (ok ? 1 : 0));
        track.completed.push(before + (ok ? 1 : 0));
        break;
      }
      case 'crash': {
        const t = this.track(e.node);
        t.role = 'crashed';
        t.knownLeader = null;
        this.mark('crash', e.at, `${e.node} crashed`, e.node);
        this.eventLine(e.node);
        break;
      }
      case 'restart': {
        const t = this.track(e.node);
        t.role = 'follower';
        this.mark('restart', e.at, `${e.node} restarted`, e.node);
        this.line(
          e.node,
          `*** restarted from disk: term ${t.term}, voted for ${t.votedFor ?? 'nobody'}, ${t.lastIndex} log entr${t.lastIndex === 1 ? 'y' : 'ies'}`,
        );
        this.line(e.node, 'LEADER => None');
        break;
      }
      case 'partition':
        this.mark('partition', e.at, `partition ${e.groups.map((g) => `{${g.join(',')}}`).join(' | ')}`);
        break;
      case 'heal':
        this.mark('heal', e.at, 'network healed');
        break;
      case 'link':
        this.mark('network', e.at, `link ${e.from}→${e.to} ${e.link.up === false ? 'cut' : 'changed'}`);
        break;
      case 'network':
        this.mark('network', e.at, e.network.manual ? 'network: manual delivery' : 'network settings changed');
        break;
      case 'action': {
        const a = e.action;
        if (a.type === 'crash' || a.type === 'restart' || a.type === 'partition' || a.type === 'heal') break;
        if (a.type === 'setNetwork' || a.type === 'setLink') break;
        this.mark('action', e.at, `you: ${describeAction(a)}`, 'node' in a ? a.node : undefined);
        break;
      }
      default:
        break;
    }
    this.length++;
    this.version++;
  }

  /**
   * Each client's state at the moment the trace had `traceLength` events; `read` gives the
   * trace's event at an index (its records are read back from there).
   */
  clientStatus(traceLength: number, read: (i: number) => TraceEvent): ClientStatus[] {
    const out: ClientStatus[] = [];
    const record = (i: number): ClientRecord => {
      const e = read(i);
      if (e.type !== 'client-invoke' && e.type !== 'client-ok') throw new Error(`trace event ${i} is not a client's`);
      return e.record;
    };
    for (const [id, track] of this.clients) {
      const pos = track.events.lowerBound(traceLength * 2) - 1; // the last event before traceLength
      if (pos < 0) continue;
      const at = track.events.get(pos);
      const completed = track.completed.get(pos);
      // the last completion is where the count reached its value
      const last = completed > 0 ? record(Math.floor(track.events.get(track.completed.lowerBound(completed)) / 2)) : null;
      out.push({ id, pending: at % 2 === 1 ? null : record(Math.floor(at / 2)), last, completed });
    }
    return out.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  }

  private isClient(id: string): boolean {
    return isClientName(id);
  }
}

/** Index of the first element of a sorted-by-`key` array whose key is > x. */
export function upperBound<T>(arr: ArrayLike<T>, x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element whose key is ≥ x. */
export function lowerBound<T>(arr: ArrayLike<T>, x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { dropReasonText, formatTime, BIN_MS, Series };
export type { ConsoleLine } from './consoles.ts';
export type { MessageFate } from './fates.ts';
