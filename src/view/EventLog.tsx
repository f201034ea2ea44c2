// The event log: every trace event up to the displayed time, filterable by server and kind,
// windowed (a long run has hundreds of thousands of events), following the displayed time.
// Leader elections and leaders' commits carry "Why?" links. Readable by a screen reader: a
// list of plain-text lines (the live announcements are made elsewhere, throttled).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { pause, seek } from '../store/playback.ts';
import { setWhy } from '../store/ui.ts';
import { EVENT_KINDS, describeEvent, eventKind, eventNodes, formatTime, type EventKind } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { upperBound } from '../store/traceIndex.ts';
import type { WindowedTrace } from '../store/traceWindow.ts';
import { whyCommitted, whyLeader } from '../store/why.ts';
import { useScrollBox } from './hooks.ts';

const ROW = 20;

/** Trace indices of the events that pass a filter, extended as the trace grows. */
class FilteredEvents {
  private key = '';
  private trace: WindowedTrace | null = null;
  private generation = -1;
  private scanned = 0;
  private indices: number[] = [];

  update(trace: WindowedTrace, generation: number, key: string, keep: (e: TraceEvent) => boolean): number[] {
    if (key !== this.key || generation !== this.generation || trace !== this.trace) {
      this.key = key;
      this.trace = trace;
      this.generation = generation;
      this.scanned = 0;
      this.indices = [];
    }
    trace.forEach(this.scanned, trace.length, (e, i) => {
      if (keep(e)) this.indices.push(i);
    });
    this.scanned = trace.length;
    return this.indices;
  }
}

export function EventLog() {
  const ids = useApp((s) => s.frame.ids);
  const traceLength = useApp((s) => s.frame.traceLength);
  const why = useApp((s) => s.why);
  const [kinds, setKinds] = useState<Set<EventKind>>(() => new Set(['roles', 'log', 'messages', 'faults', 'clients', 'actions']));
  const [nodes, setNodes] = useState<Set<string>>(() => new Set());
  const listRef = useRef<HTMLDivElement>(null);
  const box = useScrollBox(listRef);
  const [follow, setFollow] = useState(true);
  const { tm } = session();
  // The filtered list grows with the trace; it is kept between renders and extended in place.
  const [filter] = useState(() => new FilteredEvents());
  const key = [...kinds].sort().join(',') + '|' + [...nodes].sort().join('\u0000');
  const indices = filter.update(tm.trace, tm.generation, key, (e) => kinds.has(eventKind(e)) && (nodes.size === 0 || eventNodes(e).some((n) => nodes.has(n))));
  const count = upperBound(indices, traceLength - 1, (i) => i);
  const whyEvents = useMemo(() => new Set(why?.events ?? []), [why]);

  useEffect(() => {
    const el = listRef.current;
    if (el !== null && follow) el.scrollTop = el.scrollHeight;
  }, [count, follow]);

  const first = Math.max(0, Math.floor(box.top / ROW) - 5);
  const last = Math.min(count, Math.ceil((box.top + box.height) / ROW) + 5);
  const rows: React.ReactNode[] = [];
  for (let k = first; k < last; k++) {
    const i = indices[k];
    const e = tm.trace.get(i);
    rows.push(<EventRow key={i} i={i} e={e} top={k * ROW} highlighted={whyEvents.has(i)} />);
  }

  const toggleKind = (k: EventKind) =>
    setKinds((s) => {
      const n = new Set(s);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  const toggleNode = (id: string) =>
    setNodes((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <div className="eventlog">
      <div className="eventlog-filters">
        <fieldset>
          <legend>Kinds</legend>
          {EVENT_KINDS.map((k) => (
            <label key={k.id}>
              <input type="checkbox" checked={kinds.has(k.id)} onChange={() => toggleKind(k.id)} /> {k.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Servers {nodes.size === 0 ? '(all)' : ''}</legend>
          {ids.map((id) => (
            <label key={id}>
              <input type="checkbox" checked={nodes.has(id)} onChange={() => toggleNode(id)} /> {id}
            </label>
          ))}
        </fieldset>
      </div>
      <div
        className="eventlog-list"
        ref={listRef}
        role="log"
        aria-live="off"
        aria-label={`Event log: ${count} events up to ${formatTime(useApp.getState().displayedTime)}`}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atEnd !== follow) setFollow(atEnd);
        }}
        data-testid="event-log"
      >
        <div style={{ height: count * ROW, position: 'relative' }} role="list">
          {rows}
        </div>
        {count === 0 && <p className="empty">No events of these kinds yet.</p>}
      </div>
    </div>
  );
}

function EventRow({ i, e, top, highlighted }: { i: number; e: TraceEvent; top: number; highlighted: boolean }) {
  const kind = eventKind(e);
  let whyButton: React.ReactNode = null;
  if (e.type === 'role' && e.role === 'leader') {
    whyButton = (
      <button
        className="why-link"
        onClick={(ev) => {
          ev.stopPropagation();
          const { tm } = session();
          const w = whyLeader(tm.trace, tm.traceLength, e.node, e.term, session().index.milestones);
          if (w !== null) {
            pause();
            setWhy(w);
          }
        }}
      >
        Why?
      </button>
    );
  } else if (e.type === 'commit') {
    whyButton = (
      <button
        className="why-link"
        onClick={(ev) => {
          ev.stopPropagation();
          const { tm } = session();
          const w = whyCommitted(tm.trace, tm.traceLength, e.commitIndex, session().index.milestones);
          if (w !== null) {
            pause();
            setWhy(w);
          }
        }}
      >
        Why?
      </button>
    );
  }
  return (
    <div
      className={`ev k-${kind}${highlighted ? ' why' : ''}`}
      style={{ top, height: ROW }}
      role="listitem"
      onClick={() => {
        pause();
        seek(e.at);
      }}
      title="Click to jump to this moment"
    >
      <span className="t">{formatTime(e.at)}</span>
      <span>{describeEvent(e)}</span>
      {whyButton}
      <span className="sr-only">event {i}</span>
    </div>
  );
}
