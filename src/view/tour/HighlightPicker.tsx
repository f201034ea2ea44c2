// The highlights of the step being edited: servers (checkboxes), messages (those in flight at
// the displayed moment, or clicked on the ring / in the space-time diagram in pick mode) and
// log entries (server + index, or clicked in the log grid in pick mode). Each chosen one is a
// chip with a ✕ to remove it; the current step's highlights are drawn on screen meanwhile.

import { useEffect, useState } from 'react';
import type { TourStep } from '../../scenario/format.ts';
import type { MessageView } from '../../sim/index.ts';
import { useApp } from '../../store/app.ts';
import { messageLabel } from '../../store/describe.ts';
import { formatTourTime } from '../../store/tourTime.ts';
import { session } from '../../store/session.ts';
import { setPicking, toggleEntryHighlight, toggleMessageHighlight, toggleNodeHighlight, useTour } from '../../store/tour.ts';
import { hasEntry, nodesAt } from '../../store/tourEdit.ts';

/** Messages listed to pick from: enough for a lecture's moment, not a wall of checkboxes. */
const MAX_LISTED_MESSAGES = 24;

function describeMessage(m: MessageView): string {
  return `#${m.id} ${messageLabel(m)} ${m.from} → ${m.to}`;
}

/** A message by id, from the trace of this run (it may no longer be in flight). */
function describeMessageId(id: number): string {
  const { tm, index } = session();
  const fate = index.fates.get(id);
  const sent = fate === undefined ? undefined : tm.trace.get(fate.sent);
  return sent !== undefined && sent.type === 'send' ? describeMessage(sent.message) : `#${id} (not in this run)`;
}

export function HighlightPicker({ s }: { s: TourStep }) {
  const ids = useApp((st) => st.frame.ids);
  const inFlight = useApp((st) => st.frame.messages);
  const now = useApp((st) => Math.round(st.displayedTime));
  const picking = useTour((st) => st.picking);
  const present = nodesAt(session().tm.options.nodes, session().tm.actions, s.at);
  const nodes = s.highlights?.nodes ?? [];
  const messages = s.highlights?.messages ?? [];
  const entries = s.highlights?.entries ?? [];
  const missingNodes = nodes.filter((id) => !ids.includes(id));
  const notHere = (id: string) => (present.has(id) ? '' : ' (not in this run at this time: left out of links)');

  // Esc leaves pick mode (the app's own Esc handling still clears the selection)
  useEffect(() => {
    if (!picking) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPicking(false);
    };
    window.addEventListener('keydown', onKey);
    // a crosshair over what can be picked says clicks pick instead of select (tour-highlights.css)
    document.documentElement.dataset.picking = 'true';
    return () => {
      window.removeEventListener('keydown', onKey);
      delete document.documentElement.dataset.picking;
    };
  }, [picking]);
  useEffect(() => () => setPicking(false), []);

  return (
    <fieldset className="sc-highlights" data-testid="highlight-picker">
      <legend>Highlights</legend>
      <div className="sc-row">
        <button
          className={`btn small${picking ? ' active' : ''}`}
          aria-pressed={picking}
          onClick={() => setPicking(!picking)}
          data-testid="pick-on-screen"
          title="Click servers, messages (on the ring or in the space-time diagram) and log entries to highlight them; Esc stops"
        >
          ◎ Pick on screen
        </button>
        <span className="sc-muted" aria-live="polite">
          {picking ? 'Click servers, messages and log cells; Esc stops.' : 'Or choose below.'}
        </span>
      </div>

      <div className="sc-hl-group" role="group" aria-label="Servers to highlight">
        <span className="sc-hl-label">Servers</span>
        {ids.map((id) => (
          <label key={id} className="sc-check">
            <input type="checkbox" checked={nodes.includes(id)} onChange={() => toggleNodeHighlight(id)} /> {id}
          </label>
        ))}
        {missingNodes.map((id) => (
          <Chip key={id} label={`${id}${notHere(id)}`} warn onRemove={() => toggleNodeHighlight(id)} />
        ))}
      </div>

      <div className="sc-hl-group" role="group" aria-label="Messages to highlight">
        <span className="sc-hl-label">Messages</span>
        {messages.length === 0 && <span className="sc-muted">none</span>}
        {messages.map((id) => (
          <Chip key={id} label={describeMessageId(id)} onRemove={() => toggleMessageHighlight(id)} testId={`hl-message-${id}`} />
        ))}
        <details className="sc-inflight">
          <summary>
            In flight at {formatTourTime(now)} ({inFlight.length}){now !== s.at ? ' — not the step’s time' : ''}
          </summary>
          {inFlight.length === 0 && <p className="sc-muted">No message is in flight at this moment.</p>}
          <ul>
            {inFlight.slice(0, MAX_LISTED_MESSAGES).map((m) => (
              <li key={m.id}>
                <label className="sc-check">
                  <input type="checkbox" checked={messages.includes(m.id)} onChange={() => toggleMessageHighlight(m.id)} data-testid={`inflight-${m.id}`} />{' '}
                  {describeMessage(m)}
                </label>
              </li>
            ))}
          </ul>
          {inFlight.length > MAX_LISTED_MESSAGES && <p className="sc-muted">… {inFlight.length - MAX_LISTED_MESSAGES} more: pick them on screen.</p>}
        </details>
      </div>

      <div className="sc-hl-group" role="group" aria-label="Log entries to highlight">
        <span className="sc-hl-label">Log entries</span>
        {entries.length === 0 && <span className="sc-muted">none</span>}
        {entries.map((e) => (
          <Chip
            key={`${e.node}\u0000${e.index}`}
            label={`${e.node} #${e.index}${notHere(e.node)}`}
            warn={!present.has(e.node)}
            onRemove={() => toggleEntryHighlight(e)}
            testId={`hl-entry-${e.node}-${e.index}`}
          />
        ))}
        <EntryAdder ids={ids} s={s} />
      </div>
    </fieldset>
  );
}

function Chip({ label, onRemove, warn = false, testId }: { label: string; onRemove: () => void; warn?: boolean; testId?: string }) {
  return (
    <span className={`sc-chip${warn ? ' warn' : ''}`} data-testid={testId}>
      {warn && <span aria-hidden="true">⚠ </span>}
      {label}
      <button className="sc-chip-x" onClick={onRemove} aria-label={`Remove highlight ${label}`} title="Remove">
        ✕
      </button>
    </span>
  );
}

/** Keyboard way to add a log entry: server and index. */
function EntryAdder({ ids, s }: { ids: readonly string[]; s: TourStep }) {
  const [node, setNode] = useState(ids[0] ?? '');
  const [index, setIndex] = useState('1');
  const chosen = ids.includes(node) ? node : (ids[0] ?? '');
  const n = Number(index);
  const valid = chosen !== '' && Number.isInteger(n) && n >= 1 && !hasEntry(s, { node: chosen, index: n });
  return (
    <span className="sc-row sc-entry-add">
      <select value={chosen} onChange={(e) => setNode(e.target.value)} aria-label="Server of the log entry">
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <input
        type="number"
        min={1}
        step={1}
        value={index}
        onChange={(e) => setIndex(e.target.value)}
        aria-label="Log index (1-based)"
        data-testid="entry-index"
      />
      <button className="btn small" disabled={!valid} onClick={() => toggleEntryHighlight({ node: chosen, index: n })} data-testid="add-entry">
        + Entry
      </button>
    </span>
  );
}
