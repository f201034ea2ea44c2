// The Logs tab while comparing: both runs' logs side by side (A left, B right, as the stages
// above), or both runs' state machines — where Figure 8 with the broken commit rule differs:
// B commits and applies an entry that correct Raft never commits. Each side is titled with its
// difference and its outcome now (PaneOutcome).

import { useState } from 'react';
import { useStore } from 'zustand';
import { useCompare } from '../store/compare.ts';
import { paneA, type PaneStore } from '../store/panes.ts';
import { LogGrid } from './LogGrid.tsx';
import { PaneProvider, usePane } from './pane.ts';
import { PaneOutcome } from './PaneOutcome.tsx';

type View = 'logs' | 'machines';

export function CompareLogs() {
  const pane = useCompare((c) => c.pane);
  const titles = useCompare((c) => c.titles);
  const [view, setView] = useState<View>('logs');
  if (pane === null) return <LogGrid />;
  return (
    <div className="compare-logs" data-testid="compare-logs">
      <div className="compare-logs-panes">
        <Side letter="a" title={titles.a} other={pane} view={view} />
        <PaneProvider value={pane}>
          <Side letter="b" title={titles.b} other={paneA} view={view}>
            <Switch view={view} setView={setView} />
          </Side>
        </PaneProvider>
      </div>
    </div>
  );
}

/** Logs or state machines, for both sides at once. */
function Switch({ view, setView }: { view: View; setView: (v: View) => void }) {
  return (
    <span className="compare-logs-switch" role="group" aria-label="Show both runs'">
      <button className={`btn small${view === 'logs' ? ' active' : ''}`} aria-pressed={view === 'logs'} onClick={() => setView('logs')}>
        Logs
      </button>
      <button
        className={`btn small${view === 'machines' ? ' active' : ''}`}
        aria-pressed={view === 'machines'}
        onClick={() => setView('machines')}
        data-testid="compare-machines"
      >
        State machines
      </button>
    </span>
  );
}

function Side({ letter, title, other, view, children }: { letter: 'a' | 'b'; title: string; other: PaneStore; view: View; children?: React.ReactNode }) {
  return (
    <section className="compare-logs-side" aria-label={`Run ${letter.toUpperCase()}: ${title}`} data-pane={letter}>
      <header className="compare-logs-head">
        <span className={`compare-letter pane-${letter}`}>{letter.toUpperCase()}</span>
        <span className="compare-logs-title">{title}</span>
        <PaneOutcome other={other} letter={letter} />
        {children}
      </header>
      {view === 'logs' ? <LogGrid /> : <StateMachines other={other} letter={letter} />}
    </section>
  );
}

/** A server's state machine in one line: `x=1, y=2` (keys sorted), or "(empty)". */
export function machineText(state: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(state).sort();
  if (keys.length === 0) return '(empty)';
  return keys
    .map((k) => {
      const v = state[k];
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join(', ');
}

/** Every server's applied index and state machine; a server whose machine differs from the other run's is marked ≠. */
function StateMachines({ other, letter }: { other: PaneStore; letter: 'a' | 'b' }) {
  const frame = usePane((p) => p.frame);
  const theirs = useStore(other, (p) => p.frame);
  return (
    <div className="compare-machines" data-testid={`machines-${letter}`}>
      <table className="data">
        <thead>
          <tr>
            <th>server</th>
            <th>applied</th>
            <th>state machine</th>
          </tr>
        </thead>
        <tbody>
          {frame.ids.map((id) => {
            const n = frame.nodes.get(id);
            if (n === undefined) return null;
            const text = machineText(n.state);
            const o = theirs.nodes.get(id);
            const differs = o !== undefined && machineText(o.state) !== text;
            return (
              <tr key={id} className={differs ? 'differs' : undefined} data-testid={`machine-${letter}-${id}`}>
                <td className="mono" title={id}>
                  {id}
                  {n.alive ? '' : ' ✕'}
                </td>
                <td>#{n.lastApplied}</td>
                <td className="mono">
                  {differs && (
                    <span className="compare-ne" title="differs from the other run's">
                      ≠{' '}
                    </span>
                  )}
                  {text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
