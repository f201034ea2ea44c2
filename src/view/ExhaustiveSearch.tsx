// The exhaustive "Find a counterexample" (issue 12): every run of 2–4 servers within bounds,
// explored breadth-first in a Web Worker, with progress (states, distinct states, depth), a
// cancel and the bound reached; what "no violation within bounds" covers, in words; and the
// shortest counterexample, opened paused at its start and advanced one event at a time.

import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/app.ts';
import {
  cancelExhaustiveSearch,
  defaultDepth,
  dismissExhaustive,
  isWalkthroughShown,
  MAX_SERVERS,
  MIN_SERVERS,
  nextExhaustiveStep,
  openExhaustiveCounterexample,
  previousExhaustiveStep,
  setExhaustiveDepth,
  setExhaustiveServers,
  showExhaustiveStep,
  startExhaustiveSearch,
  stepAt,
  useExhaustive,
  type ExhaustiveDone,
} from '../store/exhaustive.ts';
import type { ExploreCounterexample } from '../check/exploreSearch.ts';

const count = (n: number) => n.toLocaleString('en');

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Wall time since the search started, ticking between the worker's per-depth reports. */
function useElapsed(running: boolean, startedAt: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(id);
  }, [running]);
  return running ? Math.max(0, now - startedAt) : 0;
}

export function ExhaustiveSearch() {
  const variant = useApp((s) => s.options.features.variant);
  const phase = useExhaustive((s) => s.phase);
  const servers = useExhaustive((s) => s.servers);
  const depth = useExhaustive((s) => s.depth);
  const progress = useExhaustive((s) => s.progress);
  const done = useExhaustive((s) => s.done);
  const cx = useExhaustive((s) => s.counterexample);
  const error = useExhaustive((s) => s.error);
  const startedAt = useExhaustive((s) => s.startedAt);
  const running = phase === 'running';
  const elapsed = useElapsed(running, startedAt);
  const maxDepth = depth ?? defaultDepth(variant);

  return (
    <div data-testid="cx-exhaustive">
      {!running && phase !== 'found' && phase !== 'clean' && (
        <p className="cx-text">
          Explores <em>every</em> run of a small cluster, breadth-first: every order of delivering the messages in flight (each may
          arrive again), every server’s election or heartbeat timer fired, a crash and a restart, a client request — up to {maxDepth}{' '}
          events. The first violation found is a shortest one. Partitions and lost messages need no choice of their own: a message
          never delivered is one.
        </p>
      )}
      <div className="cx-row">
        <label className="cx-variant">
          <span>Servers</span>
          <select value={servers} disabled={running} onChange={(e) => setExhaustiveServers(Number(e.target.value))} data-testid="cx-servers">
            {Array.from({ length: MAX_SERVERS - MIN_SERVERS + 1 }, (_, i) => MIN_SERVERS + i).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="cx-variant">
          <span>Events (depth)</span>
          <input
            type="number"
            min={1}
            max={30}
            value={maxDepth}
            disabled={running}
            onChange={(e) => setExhaustiveDepth(e.target.value === '' ? null : Number(e.target.value))}
            className="cx-depth"
            data-testid="cx-depth"
          />
        </label>
        {!running ? (
          <button className="btn primary" onClick={() => startExhaustiveSearch()} data-testid="cx-start-exhaustive">
            Explore every run
          </button>
        ) : (
          <button className="btn" onClick={cancelExhaustiveSearch} data-testid="cx-cancel">
            Cancel
          </button>
        )}
      </div>
      {running && progress !== null && (
        <div className="cx-status" aria-live="polite" data-testid="cx-progress">
          <div className="cx-bar" role="progressbar" aria-label="Depth explored" aria-valuemin={0} aria-valuemax={maxDepth} aria-valuenow={progress.depth}>
            <div className="cx-bar-fill" style={{ width: `${Math.min(100, (100 * progress.depth) / maxDepth)}%` }} />
          </div>
          <p className="cx-numbers">
            <span>
              depth {progress.depth} / {maxDepth}
            </span>
            <span>{count(progress.states)} states</span>
            <span>{count(progress.distinct)} distinct</span>
            <span>{seconds(elapsed)}</span>
          </p>
        </div>
      )}
      {phase === 'cancelled' && (
        <p className="cx-status" role="status" data-testid="cx-cancelled">
          Search cancelled
          {progress !== null ? ` at depth ${progress.depth} (${count(progress.distinct)} distinct states): runs up to ${progress.depth} events were all explored` : ''}.
        </p>
      )}
      {phase === 'error' && error !== null && (
        <p className="cx-status cx-error" role="alert">
          {error}
        </p>
      )}
      {phase === 'clean' && done !== null && <Covered done={done} />}
      {phase === 'found' && cx !== null && done !== null && <Walkthrough cx={cx} done={done} />}
    </div>
  );
}

/** What "no violation within bounds" means: what was explored, and what was reached. */
function Covered({ done }: { done: ExhaustiveDone }) {
  const c = done.config;
  const v = done.coverage;
  const stopped = done.finished === 'max-states';
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' }); // the answer in view (the Safety tab is long)
  }, []);
  return (
    <div className="cx-status cx-covered" role="status" data-testid="cx-covered" ref={ref}>
      <p>
        <strong>No violation within the bounds.</strong>{' '}
        {stopped
          ? `Stopped at ${count(done.distinct)} distinct states (the browser’s limit) in depth ${done.depth}: every run of up to ${Math.max(0, done.depth - 1)} events was explored, longer ones only in part.`
          : `Every run of ${c.servers} servers of up to ${c.depth} events was explored: ${count(done.distinct)} distinct states (${count(done.states)} visited) in ${seconds(done.elapsedMs)}.`}
      </p>
      <p>
        Bounds: terms ≤ {c.maxTerm}, logs ≤ {c.maxLog} {c.maxLog === 1 ? 'entry' : 'entries'}, ≤ {c.maxCrashes} crash{c.maxCrashes === 1 ? '' : 'es'}, ≤{' '}
        {c.maxRequests} client request{c.maxRequests === 1 ? '' : 's'} (a state past a term or log bound is checked, not explored further); events:{' '}
        {c.actions.join(', ')}.
      </p>
      <p>
        Reached: term {v.maxTerm}, a leader in {v.termsWithLeader} term{v.termsWithLeader === 1 ? '' : 's'}, entries committed up to index{' '}
        {v.maxCommitted}, {v.crashes} crash{v.crashes === 1 ? '' : 'es'}.
      </p>
      <p className="cx-text">
        So no run this small breaks a Figure 3 property. It says nothing about longer runs, more servers, higher terms or longer
        logs — a bug that needs those is not ruled out: raise the bounds or use the random search.
      </p>
      <button className="btn small" onClick={dismissExhaustive}>
        Dismiss
      </button>
    </div>
  );
}

/** The shortest counterexample, one event at a time; the violated property at the end. */
function Walkthrough({ cx, done }: { cx: ExploreCounterexample; done: ExhaustiveDone }) {
  const options = useApp((s) => s.options);
  const shown = useExhaustive((s) => isWalkthroughShown(s, options));
  const t = useApp((s) => s.displayedTime);
  const step = shown ? stepAt(cx, t) : 0;
  const n = cx.steps.length;
  const atEnd = shown && step === n;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // opened: the walk-through's buttons in view (the Safety tab is long)
    if (shown) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [shown]);
  return (
    <div className="cx-result" role="status" data-testid="cx-result" ref={ref}>
      <p className="cx-result-title">
        <strong>{cx.name}</strong> can be violated in {n} events
      </p>
      <p className="cx-text">
        Found at depth {done.depth} after {count(done.distinct)} distinct states ({seconds(done.elapsedMs)}); breadth-first, so no shorter
        run breaks a property. The run opens with the network in your hands and the timers frozen: each step below is one event.
      </p>
      {shown ? (
        <>
          <div className="cx-row">
            <button className="btn small" onClick={previousExhaustiveStep} disabled={step === 0} data-testid="cx-prev">
              ← Back
            </button>
            <button className="btn small primary" onClick={nextExhaustiveStep} disabled={step === n} data-testid="cx-next">
              Next event →
            </button>
            <span className="cx-step-count" data-testid="cx-step">
              {step === 0 ? `At the start (${n} events to go)` : `Event ${step} of ${n}`}
            </span>
          </div>
          {step > 0 && (
            <p className="cx-current" data-testid="cx-current">
              {cx.steps[step - 1]}
            </p>
          )}
          <ol className="cx-steps" data-testid="cx-steps">
            {cx.steps.map((line, i) => (
              <li key={i} className={i < step ? (i === step - 1 ? 'current' : 'done') : undefined} aria-current={i === step - 1 ? 'step' : undefined}>
                <button className="cx-step-link" onClick={() => showExhaustiveStep(i + 1)}>
                  {line}
                </button>
              </li>
            ))}
          </ol>
          {atEnd && (
            <p className="cx-message" data-testid="cx-message">
              Violated: <strong>{cx.name}</strong> — {cx.message}
            </p>
          )}
        </>
      ) : (
        <div className="cx-row">
          <button className="btn small primary" onClick={() => openExhaustiveCounterexample()} data-testid="cx-open">
            Open the counterexample
          </button>
        </div>
      )}
      <div className="cx-row">
        <button className="btn small" onClick={dismissExhaustive}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
