// The selected node: its persistent state (the node's "disk": currentTerm, votedFor, log, as
// the classic lab's three files), its volatile state (commitIndex, lastApplied, role, timers;
// leaders: nextIndex and matchIndex), the key-value state machine, and its console.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClientOp, NodeView } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { seek, pause } from '../store/playback.ts';
import { clientRequest, isolate, removeServer, addServer, timeoutNode, toggleCrash, transferLeadership } from '../store/actions.ts';
import { isMember } from '../store/membership.ts';
import { setWhy } from '../store/ui.ts';
import { describeCommand, formatTime } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { whyLeader } from '../store/why.ts';
import { DiskWrites } from './DiskWrites.tsx';
import { shortName } from './names.ts';
import { roleStyle } from './visuals.ts';

export function NodePanel() {
  const id = useApp((s) => s.selectedNode);
  const n = useApp((s) => (s.selectedNode === null ? undefined : s.frame.nodes.get(s.selectedNode)));
  const ids = useApp((s) => s.frame.ids);
  if (id === null || n === undefined) {
    return (
      <div className="empty">
        <p>Select a server to see its disk, its memory, its state machine and its console.</p>
        <p className="hint">Click a server on the ring, or press its number (1–9).</p>
        <div className="actions-row" role="group" aria-label="Servers">
          {ids.map((x, i) => (
            <button key={x} className="btn small" onClick={() => useApp.setState({ selectedNode: x })} title={i < 9 ? `${x} (key ${i + 1})` : x}>
              {shortName(x, ids, 16)}
            </button>
          ))}
        </div>
      </div>
    );
  }
  return <NodeDetails n={n} />;
}

function NodeDetails({ n }: { n: NodeView }) {
  const st = roleStyle(n.role, n.alive);
  const leader = useApp((s) => s.frame.leader);
  const member = useApp((s) => isMember(s.frame, n.id));
  const options = useApp((s) => s.options);
  const lastIndex = n.snapshotIndex + n.log.length;
  const storage = JSON.stringify({ term: n.term, voted_for: n.votedFor });
  const tail = n.log.slice(-40);
  const logFile = [
    ...(n.snapshotIndex > 0 ? [`(snapshot through #${n.snapshotIndex}, term ${n.snapshotTerm})`] : []),
    ...(n.log.length > tail.length ? [`… ${n.log.length - tail.length} earlier entries`] : []),
    ...tail.map((e) => `#${e.index} ${JSON.stringify({ term: e.term, command: e.kind === 'noop' ? 'no-op' : e.command })}`),
  ].join('\n');
  const kv = Object.entries(n.state);

  return (
    <div className="node-panel">
      <div className="panel-section">
        <div className="node-header">
          <span className="title" data-testid="node-title">
            {n.id}
          </span>
          <span className={`role-pill ${st.cls}`} data-testid="node-role">
            {st.label}
          </span>
          {n.leaderId !== null && n.leaderId !== n.id && <span className="hint">knows leader {n.leaderId}</span>}
        </div>
        <div className="actions-row" style={{ marginTop: 6 }} role="group" aria-label={`Actions on ${n.id}`}>
          <button className={`btn small${n.alive ? ' danger' : ''}`} onClick={() => toggleCrash(n.id)} title="Crash / restart (C / R)">
            {n.alive ? 'Crash' : 'Restart'}
          </button>
          <button className="btn small" onClick={() => timeoutNode(n.id)} disabled={!n.alive || n.role === 'leader'} title="Force the election timeout now (E)">
            Timeout
          </button>
          <button className="btn small" onClick={() => clientRequest(n.id)} title="A client sends the next put to this server (Q)">
            Request here
          </button>
          <button
            className="btn small"
            onClick={() => transferLeadership(n.id)}
            disabled={leader === null || leader === n.id || !n.alive}
            title="Leader transfer to this server (L)"
          >
            Make leader
          </button>
          <button className="btn small" onClick={() => isolate(n.id)} title="Partition this server away from the others (I)">
            Isolate
          </button>
          {member ? (
            <button className="btn small" onClick={() => removeServer(n.id)} disabled={leader === null} title="Remove from the configuration">
              Remove
            </button>
          ) : (
            <button className="btn small" onClick={() => addServer(n.id)} title="Add this removed server back: the leader catches it up, then it votes again">
              Add back
            </button>
          )}
        </div>
        {n.role === 'leader' && n.alive && (
          <button
            className="btn small"
            style={{ marginTop: 6 }}
            onClick={() => {
              const w = whyLeader(session().tm.trace, session().tm.traceLength, n.id, n.term, session().index.milestones);
              if (w !== null) {
                setWhy(w);
                useApp.setState({ bottomTab: 'spacetime' });
              }
            }}
          >
            Why is {n.id} leader?
          </button>
        )}
      </div>

      <section className="panel-section" aria-labelledby="disk-h">
        <h3 id="disk-h">
          Disk <span className="hint">persistent: survives a crash</span>
        </h3>
        <dl className="kv">
          <dt>currentTerm</dt>
          <dd data-testid="current-term">{n.term}</dd>
          <dt>votedFor</dt>
          <dd data-testid="voted-for">{n.votedFor ?? 'null'}</dd>
          <dt>log</dt>
          <dd data-testid="log-length">
            {lastIndex} entr{lastIndex === 1 ? 'y' : 'ies'}
            {n.snapshotIndex > 0 ? ` (${n.snapshotIndex} in the snapshot)` : ''}
          </dd>
        </dl>
        <div className="file-name mono">storage.json</div>
        <pre className="file mono">{storage}</pre>
        <div className="file-name mono">log.json</div>
        <pre className="file mono" data-testid="log-file">
          {logFile === '' ? '(empty)' : logFile}
        </pre>
        <DiskWrites id={n.id} />
      </section>

      <section className="panel-section" aria-labelledby="mem-h">
        <h3 id="mem-h">
          Memory <span className="hint">volatile: lost on a crash</span>
        </h3>
        <dl className="kv">
          <dt>role</dt>
          <dd>{n.alive ? n.role : 'crashed'}</dd>
          <dt>commitIndex</dt>
          <dd data-testid="commit-index">{n.commitIndex}</dd>
          <dt>lastApplied</dt>
          <dd data-testid="last-applied">{n.lastApplied}</dd>
          <dt>leader known</dt>
          <dd>{n.leaderId ?? 'None'}</dd>
          <dt>election timer</dt>
          <dd>
            {n.electionDeadline === null
              ? '—'
              : (
                <>
                  fires at {formatTime(n.electionDeadline)} <TimeUntil at={n.electionDeadline} />
                </>
              )}
          </dd>
          {n.role === 'leader' && (
            <>
              <dt>heartbeat</dt>
              <dd>{n.heartbeatDue === null ? '—' : `next at ${formatTime(n.heartbeatDue)} (every ${options.timing.heartbeatInterval} ms)`}</dd>
            </>
          )}
          <dt>voters</dt>
          <dd>{n.config.voters.join(', ')}</dd>
          {n.config.learners.length > 0 && (
            <>
              <dt>catching up</dt>
              <dd>{n.config.learners.join(', ')}</dd>
            </>
          )}
        </dl>
        {n.nextIndex !== undefined && n.matchIndex !== undefined && (
          <table className="data" style={{ marginTop: 6 }} aria-label="Leader replication progress">
            <thead>
              <tr>
                <th>follower</th>
                <th>nextIndex</th>
                <th>matchIndex</th>
              </tr>
            </thead>
            <tbody>
              {Object.keys(n.nextIndex).map((f) => (
                <tr key={f}>
                  <td>{f}</td>
                  <td>{n.nextIndex?.[f]}</td>
                  <td>{n.matchIndex?.[f]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel-section" aria-labelledby="sm-h">
        <h3 id="sm-h">
          State machine <span className="hint">applied through #{n.lastApplied}</span>
        </h3>
        {kv.length === 0 ? (
          <p className="hint" style={{ margin: 0 }}>
            (empty)
          </p>
        ) : (
          <table className="data" data-testid="kv-table">
            <thead>
              <tr>
                <th>key</th>
                <th>value</th>
              </tr>
            </thead>
            <tbody>
              {kv.slice(0, 200).map(([k, v]) => (
                <tr key={k}>
                  <td className="mono">{k}</td>
                  <td className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <RequestForm node={n.id} />
      </section>

      <section className="panel-section" aria-labelledby="console-h">
        <h3 id="console-h">
          Console <span className="hint">what {n.id} would print</span>
        </h3>
        <NodeConsole id={n.id} />
      </section>
    </div>
  );
}

/** "(in 42 ms)": the only part of the panel that changes every frame, so it renders alone. */
function TimeUntil({ at }: { at: number }) {
  const left = useApp((s) => Math.max(0, Math.ceil(at - s.displayedTime)));
  return <span className="hint">(in {formatTime(left)})</span>;
}

function RequestForm({ node }: { node: string }) {
  const [type, setType] = useState<ClientOp['type']>('put');
  const [key, setKey] = useState('x');
  const [value, setValue] = useState('1');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const op: ClientOp = type === 'get' ? { type, key } : { type, key, value };
    clientRequest(node, op);
  };
  return (
    <form className="row" onSubmit={submit} aria-label={`Send a client operation to ${node}`} style={{ marginTop: 6 }}>
      <select className="compact" value={type} onChange={(e) => setType(e.target.value as ClientOp['type'])} aria-label="Operation">
        <option value="put">put</option>
        <option value="get">get</option>
        <option value="append">append</option>
      </select>
      <input className="num" value={key} onChange={(e) => setKey(e.target.value)} aria-label="Key" maxLength={40} />
      {type !== 'get' && <input className="num" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Value" maxLength={200} />}
      <button className="btn small" type="submit" disabled={key === ''}>
        Send to {node.length > 10 ? 'it' : node}
      </button>
    </form>
  );
}

function NodeConsole({ id }: { id: string }) {
  const traceLength = useApp((s) => s.frame.traceLength);
  const ref = useRef<HTMLPreElement>(null);
  const { index, tm } = session();
  // the last 300 lines up to the displayed moment, their text written from the trace (consoles.ts)
  const version = index.version;
  const shown = useMemo(() => {
    void version;
    return index.consoles.lines(id, traceLength, (i) => tm.trace.get(i), 300);
  }, [index, tm, id, traceLength, version]);
  const stick = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el !== null && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown]);
  return (
    <pre
      className="console mono"
      ref={ref}
      tabIndex={0}
      aria-label={`Console of ${id}`}
      data-testid="node-console"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
      }}
    >
      {shown.length === 0 ? '(nothing yet)' : null}
      {shown.map((l) => {
        const leaderMatch = /^term (\d+): became leader/.exec(l.text);
        const cls = l.text.startsWith('LEADER') ? 'leader-line' : l.text.startsWith('***') ? 'crash-line' : undefined;
        return (
          <div key={l.index + ':' + l.text}>
            <span className="t">[{String(l.at).padStart(6, ' ')}] </span>
            <span className={cls}>{l.text}</span>
            {leaderMatch !== null && (
              <button
                className="why"
                onClick={() => {
                  const w = whyLeader(session().tm.trace, session().tm.traceLength, id, Number(leaderMatch[1]), session().index.milestones);
                  if (w !== null) {
                    pause();
                    setWhy(w);
                    useApp.setState({ bottomTab: 'spacetime' });
                    if (useApp.getState().displayedTime < l.at) seek(l.at);
                  }
                }}
              >
                Why?
              </button>
            )}
          </div>
        );
      })}
    </pre>
  );
}

export { describeCommand };
