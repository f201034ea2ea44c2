// "Find a counterexample" in the Safety tab: with a broken variant on, search random runs of it
// in a Web Worker (progress, cancel), then open the shrunk failing run paused just before the
// violation. All text is rendered as text (React escapes it), never as HTML.

import { useEffect, useRef, useState } from 'react';
import { formatTime } from '../store/describe.ts';
import { useApp } from '../store/app.ts';
import {
  cancelCounterexampleSearch,
  chooseVariant,
  dismissCounterexample,
  isBrokenVariant,
  SEARCH_BUDGET,
  showCounterexample,
  startCounterexampleSearch,
  stepToViolation,
  useCounterexample,
  useHighlightedProperty,
  type Counterexample,
} from '../store/counterexample.ts';
import { setSearchMode, useExhaustive } from '../store/exhaustive.ts';
import { ExhaustiveSearch } from './ExhaustiveSearch.tsx';
import { Segmented } from './Segmented.tsx';
import { VariantOptions } from './VariantOptions.tsx';
import './counterexample.css';

const WHAT: Record<string, string> = {
  'commit-old-terms': 'a leader commits entries of earlier terms by counting replicas (Figure 8)',
  'vote-without-log-check': 'votes are granted without the “at least as up-to-date” log check',
  'forget-vote': 'votedFor is not persisted: a crash forgets the vote',
  'truncate-always': 'followers truncate their log on every AppendEntries, even a matching one',
  'local-reads': 'the leader serves reads from its own state without confirming leadership',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function VariantPicker({ variant }: { variant: string }) {
  const searching = useCounterexample((s) => s.phase === 'searching' || s.phase === 'shrinking');
  const exploring = useExhaustive((s) => s.phase === 'running');
  const busy = searching || exploring;
  // another variant restarts the run: asked first, never done silently
  const [pending, setPending] = useState<string | null>(null);
  const actions = useApp((s) => s.frame.actions);
  return (
    <>
      <label className="cx-variant">
        <span>Broken variant</span>
        <select
          value={pending ?? variant}
          disabled={busy}
          onChange={(e) => setPending(e.target.value === variant ? null : e.target.value)}
          data-testid="cx-variant"
        >
          <VariantOptions />
        </select>
      </label>
      {pending !== null && (
        <div className="cx-confirm" role="alert" data-testid="cx-variant-confirm">
          <p>
            Switching to {pending === 'none' ? 'correct Raft' : `the broken variant “${pending}”`} restarts the run from 0 s with the same{' '}
            {actions} action{actions === 1 ? '' : 's'}: the run on screen is replaced.
          </p>
          <button
            className="btn small primary"
            onClick={() => {
              chooseVariant(pending);
              setPending(null);
            }}
          >
            Restart with {pending === 'none' ? 'correct Raft' : `“${pending}”`}
          </button>{' '}
          <button className="btn small" onClick={() => setPending(null)}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}

function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, (100 * value) / max) : 0;
  return (
    <div className="cx-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
      <div className="cx-bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function CounterexampleSearch() {
  const variant = useApp((s) => s.options.features.variant);
  const nodes = useApp((s) => s.options.nodes.length);
  const phase = useCounterexample((s) => s.phase);
  const progress = useCounterexample((s) => s.progress);
  const shrinkState = useCounterexample((s) => s.shrink);
  const result = useCounterexample((s) => s.result);
  const error = useCounterexample((s) => s.error);
  const startSeed = useCounterexample((s) => s.startSeed);
  const searchedVariant = useCounterexample((s) => s.variant);
  const mode = useExhaustive((s) => s.mode);
  const exploring = useExhaustive((s) => s.phase === 'running');
  const broken = isBrokenVariant(variant);
  const busy = phase === 'searching' || phase === 'shrinking';

  const modes = (
    <Segmented
      name="cx-mode"
      label="Search"
      segments={[
        { id: 'random', label: 'Random runs' },
        { id: 'exhaustive', label: 'Every run (2–4 servers)' },
      ]}
      value={mode}
      onChange={setSearchMode}
      disabled={busy || exploring}
    />
  );
  if (mode === 'exhaustive') {
    return (
      <section className="panel-section cx" aria-labelledby="cx-title" data-testid="counterexample">
        <h3 id="cx-title">Find a counterexample</h3>
        {modes}
        <div className="cx-row">
          <VariantPicker variant={variant} />
        </div>
        <ExhaustiveSearch />
      </section>
    );
  }

  return (
    <section className="panel-section cx" aria-labelledby="cx-title" data-testid="counterexample">
      <h3 id="cx-title">Find a counterexample</h3>
      {modes}
      {!broken && (
        <p className="cx-text">
          Correct Raft has no counterexample to find. Switch on a deliberately broken variant and the search looks for a
          run that breaks a safety property.
        </p>
      )}
      {broken && !busy && phase !== 'found' && (
        <p className="cx-text">
          With “{variant}”, {WHAT[variant] ?? 'Raft is deliberately broken'}. The search tries up to {SEARCH_BUDGET} random runs of{' '}
          {Math.min(nodes, 15)} servers (crashes, partitions, loss, client load) in the background, shrinks the first failing run and
          opens it here, paused just before the violation.
        </p>
      )}
      <div className="cx-row">
        <VariantPicker variant={variant} />
        {!busy && (
          <button
            className="btn primary"
            disabled={!broken}
            onClick={() => startCounterexampleSearch()}
            title={broken ? undefined : 'Choose a broken variant first'}
            data-testid="cx-start"
          >
            Find a counterexample
          </button>
        )}
        {busy && (
          <button className="btn" onClick={cancelCounterexampleSearch} data-testid="cx-cancel">
            Cancel
          </button>
        )}
      </div>

      {phase === 'searching' && progress !== null && (
        <div className="cx-status" aria-live="polite" data-testid="cx-progress">
          <Bar value={progress.seedsDone} max={progress.budget} label="Seeds searched" />
          <p className="cx-numbers">
            <span>
              {progress.seedsDone} / {progress.budget} seeds
            </span>
            <span>{progress.seedsPerSecond.toFixed(1)} seeds/s</span>
            <span>{seconds(progress.elapsedMs)}</span>
          </p>
        </div>
      )}
      {phase === 'shrinking' && shrinkState !== null && (
        <div className="cx-status" aria-live="polite" data-testid="cx-shrinking">
          <Bar value={shrinkState.attempts} max={shrinkState.maxAttempts} label="Shrinking" />
          <p className="cx-numbers">
            <span>Seed {shrinkState.seed} fails. Shrinking…</span>
            <span>
              {shrinkState.actions} actions, {shrinkState.nodes} servers, {formatTime(shrinkState.until)}
            </span>
            <span>{shrinkState.attempts} replays</span>
          </p>
        </div>
      )}
      {phase === 'exhausted' && progress !== null && (
        <div className="cx-status" role="status" data-testid="cx-exhausted">
          <p>
            No counterexample for “{searchedVariant}” in {progress.seedsDone} seeds ({startSeed}–{startSeed + progress.seedsDone - 1},{' '}
            {seconds(progress.elapsedMs)}). Some bugs need rare timing: search further.
          </p>
          <button className="btn small" disabled={!broken} onClick={() => startCounterexampleSearch(startSeed + progress.seedsDone)}>
            Search {SEARCH_BUDGET} more seeds
          </button>
        </div>
      )}
      {phase === 'cancelled' && (
        <p className="cx-status" role="status" data-testid="cx-cancelled">
          Search cancelled{progress !== null ? ` after ${progress.seedsDone} seeds` : ''}.
        </p>
      )}
      {phase === 'error' && error !== null && (
        <p className="cx-status cx-error" role="alert">
          {error}
        </p>
      )}
      {phase === 'found' && result !== null && <Result r={result} />}
    </section>
  );
}

function Result({ r }: { r: Counterexample }) {
  const [copied, setCopied] = useState(false);
  const shown = useHighlightedProperty() !== null;
  const v = r.violation;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(r.link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="cx-result" role="status" data-testid="cx-result">
      <p className="cx-result-title">
        <strong>{v.name}</strong> violated at {formatTime(v.at)}
        {v.nodes.length > 0 ? ` (${v.nodes.join(', ')})` : ''}
      </p>
      <p className="cx-message" data-testid="cx-message">
        {v.message}
      </p>
      <p className="cx-text">
        Found at seed {r.seed} after {r.seedsDone} {r.seedsDone === 1 ? 'seed' : 'seeds'} ({seconds(r.elapsedMs)}); shrunk from{' '}
        {r.original.actions} actions, {r.original.nodes} servers, {formatTime(r.original.until)} to {r.scenario.actions.length} actions,{' '}
        {r.scenario.options.nodes.length} servers, {formatTime(r.until)}.
        {shown ? ` Paused at ${formatTime(r.pausedAt)}, just before the violation: step forward to watch it happen.` : ''}
      </p>
      <div className="cx-row">
        {shown ? (
          <button className="btn small primary" onClick={stepToViolation}>
            Show the violation
          </button>
        ) : (
          <button className="btn small primary" onClick={() => showCounterexample()}>
            Open the counterexample
          </button>
        )}
        <button className="btn small" onClick={() => startCounterexampleSearch(r.seed + 1)}>
          Search from seed {r.seed + 1}
        </button>
        <button className="btn small" onClick={dismissCounterexample}>
          Dismiss
        </button>
      </div>
      {r.link !== '' && (
        <div className="cx-link">
          <input readOnly value={r.link} aria-label="Share link of the counterexample" onFocus={(e) => e.currentTarget.select()} data-testid="cx-link" />
          <button className="btn small" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      )}
    </div>
  );
}

/** Under the violated property's row: what the counterexample shows, scrolled into view. */
export function CounterexampleNote({ property }: { property: string }) {
  const highlighted = useHighlightedProperty();
  const result = useCounterexample((s) => s.result);
  const options = useApp((s) => s.options);
  const randomShown = useCounterexample((s) => s.result !== null && s.loadedOptions === options);
  const exhaustive = useExhaustive((s) => s.counterexample);
  const ref = useRef<HTMLParagraphElement>(null);
  const text =
    highlighted !== property
      ? null
      : randomShown && result !== null
        ? `Counterexample: violated at ${formatTime(result.violation.at)} — ${result.violation.message}`
        : exhaustive !== null && exhaustive.property === property
          ? `Counterexample (exhaustive search, ${exhaustive.steps.length} events): ${exhaustive.message}`
          : null;
  const show = text !== null;
  useEffect(() => {
    if (show) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [show]);
  if (!show) return null;
  return (
    <p ref={ref} className="cx-note" data-testid="cx-note">
      {text}
    </p>
  );
}

