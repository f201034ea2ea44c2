// The Experiments dialog (issue 15): choose a built-in experiment or edit one as JSON, run it on
// Web Workers with progress and cancel, watch the CDF (or histogram) and the statistics grow as
// trials come back, click any point to open that run in the simulator paused just before the
// crash, export the trials (CSV, JSON) or share the experiment as a link. Lazy-loaded.

import { useEffect, useMemo, useState } from 'react';
import { stableStringify } from '../../check/stable.ts';
import { BUILTINS } from '../../experiment/builtins.ts';
import { isFigure16, PAPER_FINDINGS, RAFTLAB_DIFFERENCES } from '../../experiment/figure16.ts';
import { assemble } from '../../experiment/run.ts';
import { METRIC_UNITS, parseExperiment, valuePoints, withTrials } from '../../experiment/spec.ts';
import type { ExperimentSpec } from '../../experiment/types.ts';
import { cancelExperiment, copyExperimentLink, download, openTrial, runExperimentInPage, setExperiment, trialsCsv, useExperiment } from '../../store/experiments.ts';
import { closeExperiments, useExperimentsOpen } from '../../store/experimentsOpen.ts';
import { Modal } from '../Modal.tsx';
import { ExperimentTable } from './ExperimentTable.tsx';
import { ExperimentPlot } from './ExperimentPlot.tsx';
import './experiment.css';

function builtinOf(spec: ExperimentSpec | null): string {
  if (spec === null) return '';
  // key order may differ after a link's round trip
  const json = stableStringify(spec);
  return BUILTINS.find((b) => stableStringify(b.spec) === json)?.id ?? '';
}

export default function ExperimentDialog() {
  const handed = useExperimentsOpen((s) => s.spec);
  const builtin = useExperimentsOpen((s) => s.builtin);
  const generation = useExperimentsOpen((s) => s.generation);
  const { spec, phase, trials, total, workers, elapsedMs, broadcast, error } = useExperiment();
  const [kind, setKind] = useState<'cdf' | 'histogram'>('cdf');
  const [log, setLog] = useState<'auto' | 'log' | 'linear'>('auto');
  const [draft, setDraft] = useState<string | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);

  // adopt an experiment handed over (a link, the console), else start on Figure 16
  useEffect(() => {
    const chosenBuiltin = BUILTINS.find((b) => b.id === builtin);
    if (handed !== null) setExperiment(handed);
    else if (chosenBuiltin !== undefined) {
      if (useExperiment.getState().spec !== chosenBuiltin.spec) setExperiment(chosenBuiltin.spec);
    } else if (useExperiment.getState().spec === null) setExperiment(BUILTINS[0].spec);
  }, [handed, builtin, generation]);

  const points = useMemo(() => (spec === null ? [] : valuePoints(spec)), [spec]);
  const result = useMemo(() => (spec === null ? null : assemble(spec, trials, broadcast)), [spec, trials, broadcast]);
  const chosen = builtinOf(spec);
  // the line whose leader stayed leader longest measured the most heartbeat rounds
  const bt = broadcast.reduce<(typeof broadcast)[number]>((best, b) => (b !== undefined && (best === undefined || b.rounds > best.rounds) ? b : best), undefined);
  const running = phase === 'running';
  const done = trials.length;

  const applyDraft = () => {
    if (draft === null) return;
    let input: unknown;
    try {
      input = JSON.parse(draft);
    } catch {
      setDraftError('This is not JSON: check the brackets and quotes.');
      return;
    }
    const r = parseExperiment(input);
    if (!r.ok) {
      setDraftError(`${r.error}.`);
      return;
    }
    setDraftError(null);
    setDraft(null);
    setExperiment(r.spec);
  };

  const setTrials = (n: number) => {
    if (spec === null || !Number.isInteger(n) || n < 1) return;
    const r = parseExperiment(withTrials(spec, n));
    if (r.ok) setExperiment(r.spec);
    else setDraftError(`${r.error}.`);
  };

  return (
    <Modal title="Experiments" labelId="experiments-title" onClose={closeExperiments} wide>
      <div className="xp" data-testid="experiments">
        <div className="xp-controls">
          <label>
            Experiment{' '}
            <select
              value={chosen}
              disabled={running}
              onChange={(e) => {
                const b = BUILTINS.find((x) => x.id === e.target.value);
                if (b !== undefined) setExperiment(b.spec);
              }}
              data-testid="experiment-choice"
            >
              {chosen === '' && <option value="">{spec?.title ?? 'Your experiment'}</option>}
              {BUILTINS.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Trials per value{' '}
            <input
              type="number"
              min={1}
              max={5000}
              value={spec?.trials ?? 1}
              disabled={running}
              onChange={(e) => setTrials(Number(e.target.value))}
              data-testid="experiment-trials"
              className="xp-trials"
            />
          </label>
          {running ? (
            <button className="btn" onClick={cancelExperiment} data-testid="experiment-cancel">
              Cancel
            </button>
          ) : (
            <button className="btn primary" onClick={() => spec !== null && runExperimentInPage(spec)} disabled={spec === null} data-testid="experiment-run">
              Run
            </button>
          )}
          <button className="btn" onClick={() => setDraft(draft === null ? JSON.stringify(spec, null, 2) : null)} disabled={running} aria-expanded={draft !== null}>
            Edit as JSON
          </button>
          <span className="xp-spacer" />
          <button className="btn" onClick={() => void copyExperimentLink()} disabled={spec === null} title="Copy a link that opens this experiment (not its results)">
            Copy link
          </button>
          <button className="btn" disabled={done === 0 || spec === null} onClick={() => spec !== null && download('experiment-trials.csv', 'text/csv', trialsCsv(spec, trials))}>
            CSV
          </button>
          <button className="btn" disabled={done === 0 || result === null} onClick={() => result !== null && download('experiment.json', 'application/json', JSON.stringify(result, null, 1))}>
            JSON
          </button>
        </div>
        {BUILTINS.find((b) => b.id === chosen) !== undefined && <p className="sc-muted">{BUILTINS.find((b) => b.id === chosen)?.description}</p>}
        {draft !== null && (
          <div className="xp-draft">
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={12} spellCheck={false} aria-label="The experiment as JSON" />
            <div>
              <button className="btn primary" onClick={applyDraft}>
                Use this experiment
              </button>{' '}
              {draftError !== null && (
                <span className="xp-error" role="alert">
                  {draftError}
                </span>
              )}
            </div>
          </div>
        )}
        <div className="xp-status" aria-live="polite" data-testid="experiment-status" data-phase={phase}>
          {phase === 'idle' && `${valuePoints(spec ?? BUILTINS[0].spec).reduce((a, p) => a + p.trials, 0)} trials; press Run.`}
          {phase !== 'idle' && (
            <>
              <progress max={Math.max(1, total)} value={done} />{' '}
              {`${done} / ${total} trials · ${workers} worker${workers === 1 ? '' : 's'} · ${(elapsedMs / 1000).toFixed(1)} s`}
              {phase === 'done' && ' · done'}
              {phase === 'cancelled' && ' · cancelled (partial results)'}
            </>
          )}
          {error !== null && (
            <span className="xp-error" role="alert">
              {' '}
              {error}
            </span>
          )}
        </div>
        <div className="xp-main">
          <div className="xp-left">
            <div className="xp-plot-controls" role="group" aria-label="Plot">
              <button className={`btn small${kind === 'cdf' ? ' active' : ''}`} aria-pressed={kind === 'cdf'} onClick={() => setKind('cdf')}>
                CDF
              </button>
              <button className={`btn small${kind === 'histogram' ? ' active' : ''}`} aria-pressed={kind === 'histogram'} onClick={() => setKind('histogram')}>
                Histogram
              </button>
              <label>
                Time axis{' '}
                <select value={log} onChange={(e) => setLog(e.target.value as typeof log)}>
                  <option value="auto">auto</option>
                  <option value="log">log</option>
                  <option value="linear">linear</option>
                </select>
              </label>
              <span className="sc-muted">
                {kind === 'cdf' ? 'Click a point: its run opens paused just before the crash.' : 'Click a bar: its middle trial’s run opens paused just before the crash.'}
              </span>
            </div>
            {spec !== null && (
              <ExperimentPlot
                trials={trials}
                labels={points.map((p) => p.label)}
                unit={METRIC_UNITS[spec.metric]}
                kind={kind}
                log={log === 'auto' ? null : log === 'log'}
                onOpen={openTrial}
              />
            )}
            {result !== null && <ExperimentTable result={result} />}
          </div>
          {spec !== null && isFigure16(spec) && (
            <aside className="xp-aside" aria-label="The paper’s findings">
              <h3>The paper found (§9.3)</h3>
              <ul>
                {PAPER_FINDINGS.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              <h3>Broadcast time</h3>
              <p>
                Paper: about 15 ms (§5.6). raftlab:{' '}
                <strong data-testid="broadcast-time">
                  {bt?.medianMs != null ? `${bt.medianMs} ms` : 'measured when run'}
                </strong>{' '}
                (median over {bt?.rounds ?? 200} heartbeat rounds of a settled leader; no disk).
              </p>
              <h3>Where raftlab differs</h3>
              <ul>
                {RAFTLAB_DIFFERENCES.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </aside>
          )}
        </div>
      </div>
    </Modal>
  );
}
