// Each server's console (the lines a student would print from their own Raft: "term 3: became
// leader", "applied #12 put x=1", "LEADER => S2"), kept compactly: a line is the trace index of
// the event it describes, and its text is written from that event when the console is drawn
// (an event's text is a pure function of the event). Only lines that depend on what came before
// (who a server believes leads, what it restarted with) keep their text. Under heavy load the
// consoles made ~1,800 lines per simulated second; as text that was ~330 KB per second, as
// indexes ~4 KB, each kept as its distance from the line before (deltaList.ts; issue 14, bounded memory).

import type { TraceEvent } from '../sim/index.ts';
import { describeCommand } from './describe.ts';
import { DeltaList } from './deltaList.ts';

export interface ConsoleLine {
  index: number;
  at: number;
  text: string;
}

interface NodeConsole {
  /** Trace index of each line's event, in order. */
  indices: DeltaList;
  /** The text of lines not written from their event alone, by position. */
  texts: Map<number, string>;
}

/** The console line an event writes by itself, or null (none, or it is not for a console). */
export function eventLine(e: TraceEvent): string | null {
  switch (e.type) {
    case 'role': {
      if (e.at === 0 && e.role === 'follower') return null;
      const why = e.role === 'candidate' ? ' (starts an election)' : e.role === 'precandidate' ? ' (asks for pre-votes)' : '';
      return `term ${e.term}: became ${e.role}${why}`;
    }
    case 'vote':
      return `term ${e.term}: voted for ${e.votedFor}`;
    case 'append': {
      if (e.at === 0 || e.entries.length === 0) return null;
      const first = e.entries[0];
      return e.entries.length === 1
        ? `appended #${first.index} ${describeCommand(first.command, first.kind)} (term ${first.term})`
        : `appended #${first.index}–#${first.index + e.entries.length - 1} (term ${e.entries[e.entries.length - 1].term})`;
    }
    case 'truncate':
      return `deleted conflicting entries #${e.from}–#${e.from + e.entries.length - 1}`;
    case 'commit':
      return `commit index => ${e.commitIndex}`;
    case 'apply':
      return `applied #${e.index} ${describeCommand(e.command, e.kind)}`;
    case 'snapshot':
      return `snapshot through #${e.index} (term ${e.term})`;
    case 'config':
      return `configuration: voters {${e.voters.join(', ')}}`;
    case 'crash':
      return '*** crashed: volatile state lost';
    default:
      return null;
  }
}

export class Consoles {
  private byNode = new Map<string, NodeConsole>();

  private of(node: string): NodeConsole {
    let c = this.byNode.get(node);
    if (c === undefined) {
      c = { indices: new DeltaList(), texts: new Map() };
      this.byNode.set(node, c);
    }
    return c;
  }

  /** A line written from the event at trace index `index` (eventLine). */
  fromEvent(node: string, index: number): void {
    this.of(node).indices.push(index);
  }

  /** A line with its own text (it depends on what came before the event). */
  text(node: string, index: number, text: string): void {
    const c = this.of(node);
    c.texts.set(c.indices.length, text);
    c.indices.push(index);
  }

  /** Lines of all servers. */
  get size(): number {
    let n = 0;
    for (const c of this.byNode.values()) n += c.indices.length;
    return n;
  }

  /**
   * The last `max` lines of `node` before trace index `upTo` (exclusive), with their text;
   * `event(i)` reads the trace.
   */
  lines(node: string, upTo: number, event: (i: number) => TraceEvent | undefined, max = Infinity): ConsoleLine[] {
    const c = this.byNode.get(node);
    if (c === undefined) return [];
    const end = c.indices.lowerBound(upTo); // the first line at or after upTo
    const out: ConsoleLine[] = [];
    c.indices.forEach(Math.max(0, end - max), end, (index, k) => {
      const e = event(index);
      const text = c.texts.get(k) ?? (e === undefined ? null : eventLine(e));
      if (text !== null && e !== undefined) out.push({ index, at: e.at, text });
    });
    return out;
  }
}
