// Settings (cluster size and names, timing, network, features, workload, seed) and the keyboard
// shortcuts ("?"); the legend of every shape and colour is LegendDialog.tsx.

import { useState, type ReactNode } from 'react';
import type { VARIANTS, ClusterOptions, ResolvedOptions } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { restartScenario } from '../store/actions.ts';
import { openDialog } from '../store/ui.ts';
import { LegendDialog } from './LegendDialog.tsx';
import { Modal } from './Modal.tsx';
import { VariantOptions } from './VariantOptions.tsx';
import { SHORTCUTS } from './shortcuts.ts';

export function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  if (dialog === null) return null;
  if (dialog === 'settings') return <SettingsDialog />;
  if (dialog === 'help') return <HelpDialog />;
  return <LegendDialog />;
}

function Dialog({ title, children, footer, labelId }: { title: string; children: ReactNode; footer?: ReactNode; labelId: string }) {
  return (
    <Modal title={title} labelId={labelId} onClose={() => openDialog(null)} footer={footer}>
      {children}
    </Modal>
  );
}

// ------------------------------------------------------------------ settings

interface Draft {
  sizeMode: 'count' | 'names';
  count: string;
  names: string;
  electionTimeoutMin: string;
  electionTimeoutMax: string;
  heartbeatInterval: string;
  /** A write to stable storage takes this long (0 and 0: at once, the default). */
  diskLatencyMin: string;
  diskLatencyMax: string;
  latencyMin: string;
  latencyMax: string;
  lossRate: string;
  duplicateRate: string;
  manual: boolean;
  preVote: boolean;
  checkQuorum: boolean;
  readIndex: boolean;
  noopOnElection: boolean;
  /** Fast backtracking by the conflict hint (thesis §5.3); off: Figure 2's decrement nextIndex. */
  conflictHint: boolean;
  snapshotThreshold: string;
  variant: string;
  clients: string;
  opsPerSecond: string;
  keys: string;
  readRatio: string;
  seed: string;
}

function toDraft(o: ResolvedOptions): Draft {
  const isDefaultNames = o.nodes.every((id, i) => id === `S${i + 1}`);
  return {
    sizeMode: isDefaultNames ? 'count' : 'names',
    count: String(o.nodes.length),
    names: o.nodes.join(', '),
    electionTimeoutMin: String(o.timing.electionTimeoutMin),
    electionTimeoutMax: String(o.timing.electionTimeoutMax),
    heartbeatInterval: String(o.timing.heartbeatInterval),
    diskLatencyMin: String(o.timing.diskLatencyMin ?? 0),
    diskLatencyMax: String(o.timing.diskLatencyMax ?? 0),
    latencyMin: String(o.network.latencyMin),
    latencyMax: String(o.network.latencyMax),
    lossRate: String(o.network.lossRate),
    duplicateRate: String(o.network.duplicateRate),
    manual: o.network.manual,
    preVote: o.features.preVote,
    checkQuorum: o.features.checkQuorum,
    readIndex: o.features.readIndex,
    noopOnElection: o.features.noopOnElection,
    conflictHint: o.features.conflictHint !== false,
    snapshotThreshold: String(o.features.snapshotThreshold),
    variant: o.features.variant,
    clients: String(o.workload.clients),
    opsPerSecond: String(o.workload.opsPerSecond),
    keys: String(o.workload.keys),
    readRatio: String(o.workload.readRatio),
    seed: String(o.seed),
  };
}

/** Draft → ClusterOptions (the simulator validates the rest and explains what is wrong). */
export function draftToOptions(d: Draft, initial: ResolvedOptions['initial'] = {}): ClusterOptions {
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
  const nodes =
    d.sizeMode === 'count'
      ? num(d.count)
      : d.names
          .split(/[,\n]/)
          .map((x) => x.trim())
          .filter((x) => x !== '');
  const names = Array.isArray(nodes) ? nodes : null;
  const keptInitial = names === null ? {} : Object.fromEntries(Object.entries(initial).filter(([k]) => names.includes(k)));
  // a field added after format v1: written only when the disk is not instant
  const disk = d.diskLatencyMin.trim() === '0' && d.diskLatencyMax.trim() === '0' ? {} : { diskLatencyMin: num(d.diskLatencyMin), diskLatencyMax: num(d.diskLatencyMax) };
  return {
    seed: num(d.seed),
    nodes,
    timing: {
      electionTimeoutMin: num(d.electionTimeoutMin),
      electionTimeoutMax: num(d.electionTimeoutMax),
      heartbeatInterval: num(d.heartbeatInterval),
      ...disk,
    },
    network: {
      latencyMin: num(d.latencyMin),
      latencyMax: num(d.latencyMax),
      lossRate: num(d.lossRate),
      duplicateRate: num(d.duplicateRate),
      manual: d.manual,
    },
    features: {
      preVote: d.preVote,
      checkQuorum: d.checkQuorum,
      readIndex: d.readIndex,
      noopOnElection: d.noopOnElection,
      snapshotThreshold: num(d.snapshotThreshold),
      variant: d.variant as (typeof VARIANTS)[number] | 'none',
      // a field added after format v1: written only when it departs from the default
      ...(d.conflictHint ? {} : { conflictHint: false }),
    },
    workload: { clients: num(d.clients), opsPerSecond: num(d.opsPerSecond), keys: num(d.keys), readRatio: num(d.readRatio) },
    initial: keptInitial,
  };
}

const PRESETS: { label: string; apply: (d: Draft) => Draft }[] = [
  { label: 'Default: 5 servers', apply: (d) => ({ ...d, sizeMode: 'count', count: '5' }) },
  {
    label: 'Classic lab: 127.0.0.1:8000–8002',
    apply: (d) => ({ ...d, sizeMode: 'names', names: '127.0.0.1:8000, 127.0.0.1:8001, 127.0.0.1:8002' }),
  },
  { label: 'Steady client load', apply: (d) => ({ ...d, clients: '3', opsPerSecond: '20' }) },
  { label: 'Lossy network', apply: (d) => ({ ...d, lossRate: '0.1', duplicateRate: '0.05' }) },
];

function SettingsDialog() {
  const options = useApp((s) => s.options);
  const [d, setD] = useState<Draft>(() => toDraft(options));
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const apply = (e?: React.FormEvent) => {
    e?.preventDefault();
    if (d.sizeMode === 'count') {
      const n = Number(d.count);
      if (!Number.isInteger(n) || n < 1 || n > 25) {
        setError('Cluster size: a whole number from 1 to 25 (9 or fewer stay easy to read).');
        return;
      }
    }
    const ok = restartScenario(draftToOptions(d, options.initial));
    if (ok) openDialog(null);
    else setError('These settings were refused; see the message at the bottom right.');
  };
  const field = (label: string, key: keyof Draft, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <label className="field">
      <span>
        {label}
        {hint !== undefined && <span className="hint"> {hint}</span>}
      </span>
      <input type="number" value={d[key] as string} onChange={(e) => set(key, e.target.value as never)} {...props} />
    </label>
  );
  const check = (label: string, key: keyof Draft, hint?: string) => (
    <label className="field" style={{ gridTemplateColumns: 'auto 1fr' }}>
      <input type="checkbox" checked={d[key] as boolean} onChange={(e) => set(key, e.target.checked as never)} />
      <span>
        {label}
        {hint !== undefined && <span className="hint"> — {hint}</span>}
      </span>
    </label>
  );
  return (
    <Dialog
      title="Settings"
      labelId="settings-title"
      footer={
        <>
          {error !== null && (
            <span className="error-text" role="alert" style={{ marginRight: 'auto' }}>
              {error}
            </span>
          )}
          <button className="btn" onClick={() => openDialog(null)}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => apply()} data-testid="apply-settings">
            Restart with these settings
          </button>
        </>
      }
    >
      <form onSubmit={apply}>
        <p className="hint" style={{ marginTop: 0 }}>
          Changing settings restarts the run from time 0. The same settings and seed always give the same run.
        </p>
        <div className="row" role="group" aria-label="Presets">
          {PRESETS.map((p) => (
            <button type="button" key={p.label} className="btn small" onClick={() => setD((x) => p.apply(x))}>
              {p.label}
            </button>
          ))}
        </div>
        <div className="settings-grid">
          <fieldset>
            <legend>Servers</legend>
            <div className="row">
              <label>
                <input type="radio" name="sizemode" checked={d.sizeMode === 'count'} onChange={() => set('sizeMode', 'count')} /> Count
              </label>
              <label>
                <input type="radio" name="sizemode" checked={d.sizeMode === 'names'} onChange={() => set('sizeMode', 'names')} /> Names
              </label>
            </div>
            {d.sizeMode === 'count' ? (
              <label className="field">
                <span>
                  Cluster size <span className="hint">1–9 (up to 25)</span>
                </span>
                <span style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                  <input
                    type="range"
                    min={1}
                    max={9}
                    value={Math.min(9, Number(d.count) || 1)}
                    onChange={(e) => set('count', e.target.value)}
                    aria-label="Cluster size slider"
                  />
                  <input type="number" min={1} max={25} value={d.count} onChange={(e) => set('count', e.target.value)} aria-label="Cluster size" style={{ width: 56 }} />
                </span>
              </label>
            ) : (
              <label className="field full">
                <span>
                  Names <span className="hint">comma-separated, e.g. 127.0.0.1:8000</span>
                </span>
                <input type="text" className="wide" value={d.names} onChange={(e) => set('names', e.target.value)} />
              </label>
            )}
            <label className="field">
              <span>Seed</span>
              <span style={{ display: 'flex', gap: 4 }}>
                <input type="number" min={0} value={d.seed} onChange={(e) => set('seed', e.target.value)} aria-label="Seed" />
                <button
                  type="button"
                  className="btn small"
                  title="A new random seed"
                  onClick={() => set('seed', String(Math.floor(Math.random() * 1_000_000)))}
                >
                  random
                </button>
              </span>
            </label>
          </fieldset>
          <fieldset>
            <legend>Timing (ms)</legend>
            {field('Election timeout min', 'electionTimeoutMin', { min: 1 })}
            {field('Election timeout max', 'electionTimeoutMax', { min: 1 })}
            {field('Heartbeat interval', 'heartbeatInterval', { min: 1 })}
          </fieldset>
          <fieldset>
            <legend>Network</legend>
            {field('Latency min (ms)', 'latencyMin', { min: 0 })}
            {field('Latency max (ms)', 'latencyMax', { min: 0 })}
            {field('Loss rate', 'lossRate', { min: 0, max: 1, step: 0.01 }, '0–1')}
            {field('Duplicate rate', 'duplicateRate', { min: 0, max: 1, step: 0.01 }, '0–1')}
            {check('Manual delivery', 'manual', 'you are the network')}
            {field('Disk write min (ms)', 'diskLatencyMin', { min: 0, max: 10000 }, '0 = instant')}
            {field('Disk write max (ms)', 'diskLatencyMax', { min: 0, max: 10000 }, 'a reply waits for its write')}
          </fieldset>
          <fieldset>
            <legend>Features</legend>
            {check('PreVote', 'preVote', 'thesis §9.6')}
            {check('CheckQuorum', 'checkQuorum', 'leader steps down without a majority')}
            {check('ReadIndex reads', 'readIndex', 'reads without the log')}
            {check('No-op on election', 'noopOnElection', 'off shows Figure 8 purely')}
            {check('Conflict hint', 'conflictHint', 'off: Figure 2, decrement nextIndex')}
            {field('Snapshot every', 'snapshotThreshold', { min: 0 }, 'entries, 0 = off')}
            <label className="field">
              <span>Broken variant</span>
              <select value={d.variant} onChange={(e) => set('variant', e.target.value)}>
                <VariantOptions />
              </select>
            </label>
          </fieldset>
          <fieldset>
            <legend>Client load</legend>
            {field('Clients', 'clients', { min: 0, max: 100 })}
            {field('Operations / s', 'opsPerSecond', { min: 0 })}
            {field('Keys', 'keys', { min: 1 })}
            {field('Read ratio', 'readRatio', { min: 0, max: 1, step: 0.05 }, '0–1')}
          </fieldset>
        </div>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

// ------------------------------------------------------------------ help

function HelpDialog() {
  const groups = ['Playback', 'Servers', 'Network', 'View'] as const;
  return (
    <Dialog title="Keyboard shortcuts" labelId="help-title">
      <p className="hint" style={{ marginTop: 0 }}>
        Everything is reachable with Tab; servers and links are buttons. Scripting: open the browser console and use{' '}
        <code>raftlab.cluster</code>, <code>raftlab.play()</code>, <code>raftlab.seek(t)</code> (see docs/api.md).
      </p>
      <div className="settings-grid">
        {groups.map((g) => (
          <section key={g}>
            <h3 style={{ margin: '6px 0' }}>{g}</h3>
            <table className="shortcut-table">
              <tbody>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <tr key={s.keys}>
                    <td>
                      <kbd>{s.keys}</kbd>
                    </td>
                    <td>{s.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
