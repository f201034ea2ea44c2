// The Message tab's network section: the mode (automatic, you are the network, you are the
// scheduler), the waiting messages — grouped by type or destination, Deliver all, Drop stale, and
// a keyboard flow (↑/↓ move, Enter delivers, D drops) — and, in scheduler mode, every server's
// enabled events (fire its election timer or heartbeat, crash, restart).

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MessageView } from '../sim/index.ts';
import { crashNode, deliverMessage, dropMessage, restartNode } from '../store/actions.ts';
import { useApp } from '../store/app.ts';
import { messageLabel } from '../store/describe.ts';
import {
  deliverAll,
  dropStale,
  fireTimer,
  groupMessages,
  isStale,
  networkMode,
  serverChoices,
  setNetworkMode,
  waitingMessages,
  type GroupBy,
  type NetworkMode,
  type ServerChoice,
} from '../store/scheduler.ts';
import { selectMessage } from '../store/ui.ts';
import { shortName } from './names.ts';
import { Segmented, type Segment } from './Segmented.tsx';
import './scheduler.css';

const MODES: Segment<NetworkMode>[] = [
  { id: 'automatic', label: 'Automatic', title: 'The network delivers every message after its latency; timers fire on their own' },
  { id: 'manual', label: 'You are the network', title: 'Every message waits for you to deliver or drop it; timers still fire on their own' },
  {
    id: 'scheduler',
    label: 'You are the scheduler',
    title: 'Timers are frozen and every message waits: every event — a delivery, a timer, a crash — is your choice',
  },
];

export function NetworkSection() {
  const settings = useApp((s) => s.frame.network.settings);
  const mode = networkMode(settings);
  return (
    <section className="panel-section" aria-labelledby="net-h" data-testid="network-section">
      <h3 id="net-h">{mode === 'scheduler' ? 'You are the scheduler' : mode === 'manual' ? 'You are the network' : 'Manual network'}</h3>
      <Segmented name="net-mode" label="Network mode" className="net-modes" segments={MODES} value={mode} onChange={setNetworkMode} />
      {mode === 'automatic' && (
        <p className="hint" style={{ margin: 0 }}>
          Take over the network to deliver or drop every message yourself, in any order — or be the scheduler: timers frozen, every
          event your choice.
        </p>
      )}
      {mode === 'scheduler' && <ServerEvents />}
      {mode !== 'automatic' && <WaitingList scheduler={mode === 'scheduler'} />}
    </section>
  );
}

/** Scheduler mode: each server's enabled events. */
function ServerEvents() {
  const ids = useApp((s) => s.frame.ids);
  const nodes = useApp((s) => s.frame.nodes);
  const choices = useMemo(() => serverChoices(ids, nodes), [ids, nodes]);
  const act = (c: ServerChoice) => {
    if (c.kind === 'fire') fireTimer(c.node, c.timer);
    else if (c.kind === 'crash') crashNode(c.node);
    else restartNode(c.node);
  };
  return (
    <table className="data sched-servers" aria-label="Server events" data-testid="server-events">
      <tbody>
        {ids.map((id) => {
          const n = nodes.get(id);
          if (n === undefined) return null;
          return (
            <tr key={id}>
              <th scope="row" title={id}>
                {shortName(id, ids, 12)}
                <span className="sched-role">{n.alive ? `${n.role} t${n.term}` : 'crashed'}</span>
              </th>
              <td>
                {choices
                  .filter((c) => c.node === id)
                  .map((c) => (
                    <button
                      key={c.kind === 'fire' ? c.timer : c.kind}
                      className={`btn small${c.kind === 'crash' ? ' danger' : ''}`}
                      onClick={() => act(c)}
                      aria-label={`${c.label} of ${id}`.replace('Crash of', 'Crash').replace('Restart of', 'Restart')}
                    >
                      {c.label}
                    </button>
                  ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The waiting messages: grouped, delivered or dropped by click or keyboard. */
function WaitingList({ scheduler }: { scheduler: boolean }) {
  const messages = useApp((s) => s.frame.messages);
  const nodes = useApp((s) => s.frame.nodes);
  const ids = useApp((s) => s.frame.ids);
  const selected = useApp((s) => s.selectedMessage);
  const [by, setBy] = useState<GroupBy>('none');
  const waiting = useMemo(() => waitingMessages(messages), [messages]);
  const groups = useMemo(() => groupMessages(waiting, by), [waiting, by]);
  const ordered = useMemo(() => groups.flatMap((g) => g.messages), [groups]);
  const stale = waiting.filter((m) => isStale(m, nodes)).length;
  const listRef = useRef<HTMLUListElement>(null);
  // the row to focus after a delivery or drop: the one now at the same place in the list
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    const rows = listRef.current?.querySelectorAll<HTMLElement>('[role="option"]');
    if (rows === undefined || rows.length === 0) return;
    rows[Math.min(focusIndex, rows.length - 1)].focus();
    setFocusIndex(null);
  }, [focusIndex, ordered]);

  if (waiting.length === 0) {
    return (
      <p className="hint" data-testid="waiting-empty">
        {scheduler
          ? 'No message is waiting. Fire a timer above: an election timer starts an election, a heartbeat sends AppendEntries.'
          : 'No message is waiting. Let time run: timers will make servers send some.'}
      </p>
    );
  }

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[role="option"]');
    if (row === null) return;
    const index = Number(row.dataset.index);
    const m = ordered[index] as MessageView | undefined;
    if (m === undefined) return;
    const move = (to: number) => {
      const rows = listRef.current?.querySelectorAll<HTMLElement>('[role="option"]');
      rows?.[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
    };
    let handled = true;
    if (e.key === 'ArrowDown' || e.key === 'j') move(index + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(ordered.length - 1);
    else if (e.key === 'Enter') {
      deliverMessage(m.id);
      setFocusIndex(index);
    } else if (e.key === 'd' || e.key === 'D' || e.key === 'Delete' || e.key === 'Backspace') {
      dropMessage(m.id);
      setFocusIndex(index);
    } else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation(); // the page's own Enter / D act on the selected message: not twice
    }
  };

  let index = 0;
  return (
    <div className="waiting" data-testid="waiting">
      <div className="waiting-tools">
        <span>
          {waiting.length} waiting{stale > 0 ? `, ${stale} stale` : ''}
        </span>
        <label>
          Group{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as GroupBy)} aria-label="Group waiting messages" data-testid="group-by">
            <option value="none">none</option>
            <option value="type">by type</option>
            <option value="destination">by destination</option>
          </select>
        </label>
        <button className="btn small" onClick={() => deliverAll()} title="Deliver every waiting message, oldest first" data-testid="deliver-all">
          Deliver all
        </button>
        <button
          className="btn small"
          onClick={() => dropStale()}
          disabled={stale === 0}
          title="Drop every waiting message from an older term than its receiver’s (the receiver would reject or ignore it)"
          data-testid="drop-stale"
        >
          Drop stale
        </button>
      </div>
      <p className="hint waiting-keys">↑/↓ move · Enter delivers · D drops</p>
      <ul className="waiting-list" role="listbox" aria-label="Messages waiting for delivery" ref={listRef} onKeyDown={onKey} data-testid="waiting-list">
        {groups.map((g) => (
          <li key={g.key || 'all'} role="presentation">
            {g.key !== '' && (
              <div className="waiting-group" role="presentation">
                {g.key.startsWith('to ') ? `to ${shortName(g.key.slice(3), ids, 12)}` : g.key} ({g.messages.length})
              </div>
            )}
            <ul role="presentation">
              {g.messages.map((m) => {
                const i = index++;
                const old = isStale(m, nodes);
                return (
                  <li
                    key={m.id}
                    role="option"
                    tabIndex={i === 0 ? 0 : -1}
                    data-index={i}
                    aria-selected={selected === m.id}
                    className={`waiting-row${selected === m.id ? ' selected' : ''}${old ? ' stale' : ''}`}
                    onFocus={() => selectMessage(m.id)}
                    data-testid={`waiting-${m.id}`}
                  >
                    <span className="waiting-what">
                      #{m.id} {shortName(m.from, ids, 12)}→{shortName(m.to, ids, 12)} {messageLabel(m)}
                      {old && <span className="waiting-stale"> stale</span>}
                    </span>
                    <span className="waiting-buttons">
                      <button className="btn small" tabIndex={-1} onClick={() => deliverMessage(m.id)} aria-label={`Deliver message ${m.id}`}>
                        Deliver
                      </button>
                      <button className="btn small danger" tabIndex={-1} onClick={() => dropMessage(m.id)} aria-label={`Drop message ${m.id}`}>
                        Drop
                      </button>
                    </span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
