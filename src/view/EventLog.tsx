// The event log: every trace event up to the displayed time, filterable by server and kind,
// windowed (a long run has hundreds of thousands of events), following the displayed time.
// Leader elections and leaders' commits carry "Why?" links. Readable by a screen reader: a
// list of plain-text lines (the live announcements are made elsewhere, throttled).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../sim/index.ts';
import { pause, seek, setWhy, useApp } from '../store/app.ts';
import { EVENT_KINDS, describeEvent, eventKind, eventNodes, formatTime, type EventKind } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { upperBound } from '../store/traceIndex.ts';
import { whyCommitted, whyLeader } from '../store/why.ts';
import { useScrollBox } from './hooks.ts';

const ROW = 20;

interface FilterCache {
  key: string;
  generation: number;
  scanned: number;
  indices: number[];
}

export function EventLog() {
  const ids = useApp((s) => s.snap.ids);
  const traceLength = useApp((s) => s.snap.traceLength);
  const why = useApp((s) => s.why);
  const [kinds, setKinds] = useState<Set<EventKind>>(() => new Set(['roles', 'log', 'messages', 'faults', 'clients', 'actions']));
  const [nodes, setNodes] = useState<Set<string>>(() => new Set());
  const cache = useRef<FilterCache>({ key: '', generation: -1, scanned: 0, indices: [] });
  const listRef = useRef<HTMLDivElement>(null);
  const box = useScrollBox(listRef);
  const [follow, setFollow] = useState(true);
  const { tm } = session();

  const key = [...kinds].sort().join(',') + '|' + [...nodes].sort().join('\u0000');
  const c = cache.current;
  if (c.key !== key || c.generation !== tm.generation) {
    cache.current = { key, generation: tm.generation, scanned: 0, indices: [] };
  }
  const cc = cache.current;
  // scan what the trace gained since last time (the trace up to the horizon only grows)
  const limit = tm.trace.length;
  for (let i = cc.scanned; i < limit; i++) {
    const e = tm.trace[i];
    if (!kinds.has(eventKind(e))) continue;
    if (nodes.size > 0 && !eventNodes(e).some((n) => nodes.has(n))) continue;
    cc.indices.push(i);
  }
  cc.scanned = limit;
  const count = upperBound(cc.indices, traceLength - 1, (i) => i);
  const whyEvents = useMemo(() => new Set(why?.events ?? []), [why]);

  useEffect(() => {
    const el = listRef.current;
    if (el !== null && follow) el.scrollTop = el.scrollHeight;
  }, [count, follow]);

  const first = Math.max(0, Math.floor(box.top / ROW) - 5);
  const last = Math.min(count, Math.ceil((box.top + box.height) / ROW) + 5);
  const rows: React.ReactNode[] = [];
  for (let k = first; k < last; k++) {
    const i = cc.indices[k];
    const e = tm.trace[i];
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
          const w = whyLeader(tm.trace, tm.traceLength, e.node, e.term);
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
          const w = whyCommitted(tm.trace, tm.traceLength, e.commitIndex);
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
