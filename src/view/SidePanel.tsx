// The side panel: the selected node, the message inspector (and the manual network's queue),
// the live safety panel, and the history of your actions with its branches.

import { useMemo } from 'react';
import type { MessageView } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { seek, pause } from '../store/playback.ts';
import { delayMessage, deliverMessage, dropMessage, duplicateMessage, redo, switchBranch, undo } from '../store/actions.ts';
import { selectMessage, setSideTab, setWhy, type SideTab } from '../store/ui.ts';
import { dropReasonText, formatTime, messageFields, messageLabel } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { describeAction } from '../store/timeMachine.ts';
import { useHighlightedProperty } from '../store/counterexample.ts';
import { CounterexampleNote, CounterexampleSearch } from './CounterexampleSearch.tsx';
import { CompareSafety } from './CompareSafety.tsx';
import { MessageGlyph, messageClass } from './Glyphs.tsx';
import { NodePanel } from './NodePanel.tsx';
import { NetworkSection } from './SchedulerPanel.tsx';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'node', label: 'Server' },
  { id: 'message', label: 'Message' },
  { id: 'safety', label: 'Safety' },
  { id: 'history', label: 'History' },
];

export function SidePanel() {
  const tab = useApp((s) => s.sideTab);
  const violations = useApp((s) => {
    void s.frame.traceLength;
    return session().index.violations.filter((v) => v.event < s.frame.traceLength).length;
  });
  const waiting = useApp((s) => s.frame.messages.filter((m) => m.deliverAt === null).length);
  return (
    <aside className="side" aria-label="Details">
      <WhyCard />
      <div className="tabs" role="tablist" aria-label="Details">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            id={`side-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`side-panel-${t.id}`}
            className="tab"
            onClick={() => setSideTab(t.id)}
          >
            {t.label}
            {t.id === 'safety' && violations > 0 && <span className="badge bad">{violations}</span>}
            {t.id === 'message' && waiting > 0 && <span className="badge">{waiting}</span>}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`side-panel-${tab}`} aria-labelledby={`side-tab-${tab}`}>
        {tab === 'node' && <NodePanel />}
        {tab === 'message' && <MessagePanel />}
        {tab === 'safety' && <SafetyPanel />}
        {tab === 'history' && <HistoryPanel />}
      </div>
    </aside>
  );
}

function WhyCard() {
  const why = useApp((s) => s.why);
  if (why === null) return null;
  return (
    <section className="panel-section" aria-live="polite" style={{ background: 'var(--panel-2)' }}>
      <h3>
        {why.title}
        <button className="btn small" onClick={() => setWhy(null)} aria-label="Close the explanation">
          ✕
        </button>
      </h3>
      {why.lines.map((l) => (
        <p key={l} style={{ margin: '2px 0' }}>
          {l}
        </p>
      ))}
    </section>
  );
}

// ------------------------------------------------------------------ messages

function MessagePanel() {
  const selected = useApp((s) => s.selectedMessage);
  const messages = useApp((s) => s.frame.messages);
  const manual = useApp((s) => s.frame.network.settings.manual);
  const traceLength = useApp((s) => s.frame.traceLength);
  const live = selected === null ? undefined : messages.find((m) => m.id === selected);

  // the network's mode and waiting list first: they stay put while the in-flight list below changes,
  // and choosing a waiting row (which inspects it below) does not move the list
  return (
    <div>
      <NetworkSection />
      {selected !== null ? (
        live !== undefined ? (
          <MessageDetails m={live} inFlight />
        ) : (
          <PastMessage id={selected} traceLength={traceLength} />
        )
      ) : (
        <>
          <p className="empty">Click a message on the ring or an arrow in the space-time diagram to inspect it, or choose one here.</p>
          {!manual && <InFlightList messages={messages} />}
        </>
      )}
    </div>
  );
}

/** The messages in flight as buttons: the keyboard's way to the inspector (the ring is a canvas). */
function InFlightList({ messages }: { messages: readonly MessageView[] }) {
  const shown = messages.slice(0, 40);
  if (shown.length === 0) return null;
  return (
    <section className="panel-section" aria-labelledby="inflight-h">
      <h3 id="inflight-h">In flight ({messages.length})</h3>
      <ul className="in-flight-list" data-testid="in-flight-list">
        {shown.map((m) => (
          <li key={m.id}>
            <button
              className="btn small"
              onClick={() => {
                pause();
                selectMessage(m.id);
              }}
              aria-label={`Inspect message #${m.id}: ${messageLabel(m)} from ${m.from} to ${m.to}`}
            >
              #{m.id} {messageLabel(m)} {m.from}→{m.to}
            </button>
          </li>
        ))}
      </ul>
      {messages.length > shown.length && <p className="hint">… and {messages.length - shown.length} more</p>}
    </section>
  );
}

function MessageDetails({ m, inFlight }: { m: MessageView; inFlight: boolean }) {
  const t = useApp((s) => s.displayedTime);
  const fields = messageFields(m);
  return (
    <section className="panel-section" aria-label={`Message ${m.id}`} data-testid="message-inspector">
      <h3>
        <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <svg width={24} height={24} viewBox="-12 -12 24 24" aria-hidden="true">
            <g className={messageClass(m)}>
              <MessageGlyph m={m} />
            </g>
          </svg>
          #{m.id} {m.type}
        </span>
        <button className="btn small" onClick={() => selectMessage(null)} aria-label="Close the message">
          ✕
        </button>
      </h3>
      <table className="data fields">
        <tbody>
          <tr>
            <td>from → to</td>
            <td>
              {m.from} → {m.to}
            </td>
          </tr>
          <tr>
            <td>sent at</td>
            <td>{formatTime(m.sentAt)}</td>
          </tr>
          <tr>
            <td>arrives at</td>
            <td>
              {m.deliverAt === null ? 'waiting for you (manual network)' : `${formatTime(m.deliverAt)}${inFlight ? ` (in ${formatTime(Math.max(0, m.deliverAt - t))})` : ''}`}
            </td>
          </tr>
          {m.copyOf !== undefined && (
            <tr>
              <td>copy of</td>
              <td>#{m.copyOf}</td>
            </tr>
          )}
          {fields.map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td className="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {inFlight && (
        <div className="actions-row" style={{ marginTop: 8 }} role="group" aria-label="Message actions">
          <button className="btn small" onClick={() => deliverMessage(m.id)} title="Deliver it now (Enter)">
            Deliver now
          </button>
          <button className="btn small danger" onClick={() => dropMessage(m.id)} title="Drop it (D / Delete)">
            Drop
          </button>
          <button className="btn small" onClick={() => duplicateMessage(m.id)} title="Put a second copy on the wire">
            Duplicate
          </button>
          {m.deliverAt !== null && (
            <>
              <button className="btn small" onClick={() => delayMessage(m.id, 50)}>
                Delay +50 ms
              </button>
              <button className="btn small" onClick={() => delayMessage(m.id, 300)}>
                +300 ms
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function PastMessage({ id, traceLength }: { id: number; traceLength: number }) {
  const { index, tm } = session();
  const fate = index.fates.get(id);
  if (fate === undefined || fate.sent >= traceLength) {
    return <p className="empty">Message #{id} has not been sent yet at this moment.</p>;
  }
  const sent = tm.trace.get(fate.sent);
  const end = fate.ended !== undefined && fate.ended < traceLength ? tm.trace.get(fate.ended) : undefined;
  if (sent.type !== 'send') return null;
  return (
    <div>
      <MessageDetails m={sent.message} inFlight={false} />
      <section className="panel-section">
        <p style={{ margin: 0 }}>
          {end === undefined
            ? 'Still on the wire.'
            : end.type === 'deliver'
              ? `Delivered at ${formatTime(end.at)}.`
              : end.type === 'drop'
                ? `Dropped at ${formatTime(end.at)}: ${dropReasonText(end.reason)}.`
                : ''}
        </p>
        <button
          className="btn small"
          style={{ marginTop: 6 }}
          onClick={() => {
            pause();
            seek(sent.at);
          }}
        >
          Go to when it was sent
        </button>
      </section>
    </div>
  );
}

// ------------------------------------------------------------------ safety

function SafetyPanel() {
  const traceLength = useApp((s) => s.frame.traceLength);
  const { index } = session();
  const props = useMemo(() => index.properties(), [index, traceLength]); // eslint-disable-line react-hooks/exhaustive-deps
  const variant = useApp((s) => s.options.features.variant);
  const highlighted = useHighlightedProperty();
  return (
    <div>
      <section className="panel-section">
        <h3>Raft safety properties (Figure 3, and the snapshot rule of thesis §5.1)</h3>
        <p className="hint" style={{ margin: '0 0 4px' }}>
          Checked after every event of this run{variant !== 'none' ? `. This run uses the deliberately broken variant “${variant}”.` : '.'}
        </p>
        <CompareSafety />
        {props.map((p) => {
          const shown = p.violations.filter((v) => v.event < traceLength);
          const bad = shown.length > 0;
          return (
            <div className={highlighted === p.id ? 'prop cx-highlight' : 'prop'} key={p.id} data-testid={`prop-${p.id}`}>
              <span className={bad ? 'bad' : 'ok'} aria-hidden="true">
                {bad ? '✗' : '✓'}
              </span>
              <strong>
                {p.name} <span className="sr-only">{bad ? 'violated' : 'holding'}</span>
                <span className="hint" style={{ fontWeight: 400 }}>
                  {' '}
                  {bad ? 'violated' : 'holds'}
                </span>
              </strong>
              <p>{p.description}</p>
              {shown.slice(0, 3).map((v) => (
                <p key={v.event} style={{ color: 'var(--danger)' }}>
                  <button
                    className="btn small"
                    onClick={() => {
                      pause();
                      seek(v.at);
                    }}
                  >
                    {formatTime(v.at)}
                  </button>{' '}
                  {v.message}
                </p>
              ))}
              <CounterexampleNote property={p.id} />
            </div>
          );
        })}
      </section>
      <CounterexampleSearch />
    </div>
  );
}

// ------------------------------------------------------------------ history

function HistoryPanel() {
  const actionsCount = useApp((s) => s.frame.actions);
  const futureCount = useApp((s) => s.frame.futureActions);
  const branchesCount = useApp((s) => s.frame.branches);
  const canUndo = useApp((s) => s.frame.canUndo);
  const canRedo = useApp((s) => s.frame.canRedo);
  const { tm } = session();
  const actions = tm.actions;
  const applied = actionsCount - futureCount;
  void branchesCount;
  return (
    <div>
      <section className="panel-section">
        <h3>
          Your actions
          <span className="actions-row">
            <button className="btn small" onClick={undo} disabled={!canUndo}>
              ↶ Undo
            </button>
            <button className="btn small" onClick={redo} disabled={!canRedo}>
              ↷ Redo
            </button>
          </span>
        </h3>
        {actions.length === 0 ? (
          <p className="hint">Nothing yet. Crash a server, partition the network or send a request: each action is recorded with its time, and the run replays exactly.</p>
        ) : (
          <ol style={{ margin: 0, paddingLeft: 22 }} data-testid="action-list">
            {actions.map((a, i) => (
              <li key={i} style={{ opacity: i < applied ? 1 : 0.55 }}>
                <button
                  className="btn small"
                  onClick={() => {
                    pause();
                    seek(a.at);
                  }}
                  title="Go to this moment"
                >
                  {formatTime(a.at)}
                </button>{' '}
                {describeAction(a)}
                {i >= applied ? ' (future)' : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="panel-section">
        <h3>Branches</h3>
        {tm.branches.length === 0 ? (
          <p className="hint" style={{ margin: 0 }}>
            Acting while in the past starts a new branch of the future. The futures you leave are kept here.
          </p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {tm.branches.map((b) => (
              <li key={b.id}>
                {b.label}{' '}
                <button className="btn small" onClick={() => switchBranch(b.id)}>
                  Switch
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
