// The guided-tour panel, docked in the side column above the side panel (never over the stage,
// the side panel's tabs or the selected server's controls; in an embed, a column of its own):
// the current step's text (Markdown, rendered safely), its question, Back / Next and a dot per
// step to jump to. Next plays the simulation to the step's time and pauses there; playing on
// with the main Play button stops at each step too. PageDown / PageUp (clickers) anywhere and
// → / ← while the panel has focus go to the next / previous step. When the viewer acts (a new
// branch) the tour is off script: it stops narrating and offers one click back to its branch.
// Also the highlight layer: the step's nodes, messages and log entries are outlined in the
// cluster view, the space-time diagram and the log grid, and the log grid scrolls to them.

import { useEffect, type KeyboardEvent } from 'react';
import { backToScript, choose, currentHighlights, goToStep, isRevealed, nextStep, prevStep, setTourOpen, useTour } from '../../store/tour.ts';
import { canGoNext } from '../../store/tourNav.ts';
import { formatTourTime } from '../../store/tourTime.ts';
import { useApp } from '../../store/app.ts';
import { Markdown } from '../markdown.tsx';
import { TourEditor } from './TourEditor.tsx';
import { scrollLogsTo } from './scrollLogs.ts';

export function TourPanel() {
  const open = useTour((s) => s.open);
  const editing = useTour((s) => s.editing);
  if (!open) return null;
  return editing ? <TourEditor /> : <TourPlayer />;
}

/** Whether a key press belongs to a text field (it keeps its arrows). */
function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(target.type);
}

/** → / ← while the tour panel has focus: next / previous step (not the app's one-event step). */
function onPanelKey(e: KeyboardEvent): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || inTextField(e.target)) return;
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  e.preventDefault();
  e.stopPropagation();
  if (e.key === 'ArrowRight') nextStep();
  else prevStep();
}

function TourPlayer() {
  const tour = useTour((s) => s.tour);
  const step = useTour((s) => s.step);
  const title = useTour((s) => s.title);
  const description = useTour((s) => s.description);
  const chosen = useTour((s) => s.chosen);
  const offScript = useTour((s) => s.offScript);
  const revealed = useTour((s) => (s.step >= 0 ? isRevealed(s, s.step) : false));
  const playing = useApp((s) => s.playing);
  const current = step >= 0 ? tour[step] : undefined;
  const heading = title ?? 'Guided tour';
  const q = current?.question;
  const pick = q !== undefined ? chosen.get(step) : undefined;
  const atLastQuestion = step === tour.length - 1 && q !== undefined && !revealed;
  const count = step < 0 ? `${tour.length} step${tour.length === 1 ? '' : 's'}` : `Step ${step + 1} of ${tour.length}`;

  return (
    <aside className={`sc-tour${offScript ? ' off-script' : ''}`} aria-label="Guided tour" data-testid="tour" onKeyDown={onPanelKey} tabIndex={-1}>
      <header>
        <h2 className="sc-tour-title">{heading}</h2>
        <span className="sc-tour-where">
          <span className="sc-tour-count" data-testid="tour-count">
            {count}
          </span>
          {current !== undefined && <span className="sc-tour-at">at {formatTourTime(current.at)}</span>}
        </span>
        <button className="btn small" onClick={() => setTourOpen(false)} aria-label="Close the tour" title="Close the tour (it stays in the scenario)">
          ✕
        </button>
      </header>
      {offScript && (
        <div className="sc-off-script" role="status" data-testid="tour-off-script">
          <p>
            <strong>Off script.</strong> You acted, so this run is a new branch: the tour’s text describes the lecture’s run, not this one.
          </p>
          <button className="btn primary small" onClick={backToScript} data-testid="tour-back-to-script">
            Back to the lecture
          </button>
        </div>
      )}
      <div className="sc-tour-body" aria-live="polite" data-testid="tour-text">
        {current === undefined ? (
          description !== null ? (
            <Markdown text={description} />
          ) : (
            <p>Press Next to play to the first step.</p>
          )
        ) : offScript ? (
          <details className="sc-said">
            <summary>What the lecture says at step {step + 1}</summary>
            <Markdown text={current.text} />
          </details>
        ) : (
          <>
            <Markdown text={current.text} />
            {q !== undefined && (
              <div className="sc-question" role="group" aria-label="Question">
                <Markdown text={q.prompt} className="md sc-prompt" />
                <div className="sc-choices">
                  {q.choices.map((c, i) => {
                    const state = !revealed ? '' : i === q.answer ? ' right' : pick === i ? ' wrong' : '';
                    return (
                      <button
                        key={i}
                        className={`btn sc-choice${state}${pick === i ? ' picked' : ''}`}
                        onClick={() => choose(step, i)}
                        aria-pressed={pick === i}
                        disabled={pick !== undefined}
                      >
                        <Markdown text={c} inline />
                        {revealed && i === q.answer && <span className="sc-mark"> ✓</span>}
                      </button>
                    );
                  })}
                </div>
                {revealed && (
                  <p className="sc-answer" data-testid="tour-answer">
                    {pick === undefined ? 'Answer: ' : pick === q.answer ? 'Right: ' : 'Not quite. The answer: '}
                    <Markdown text={q.choices[q.answer]} inline />
                  </p>
                )}
                {!revealed && <p className="sc-muted">Choose an answer, or press Next to {atLastQuestion ? 'see it' : 'play on and see'}.</p>}
              </div>
            )}
          </>
        )}
      </div>
      <footer>
        <button className="btn" onClick={prevStep} disabled={step < 0 || offScript} aria-label="Previous step" title="Previous step (PageUp)">
          ◀ Back
        </button>
        <nav className="sc-dots" aria-label="Jump to a step">
          {tour.map((s, i) => (
            <button
              key={i}
              className={`sc-dot${i === step ? ' current' : ''}${i < step ? ' done' : ''}`}
              onClick={() => goToStep(i, false)}
              disabled={offScript}
              aria-label={`Step ${i + 1} at ${formatTourTime(s.at)}`}
              aria-current={i === step ? 'step' : undefined}
              title={`Step ${i + 1} at ${formatTourTime(s.at)}`}
            />
          ))}
        </nav>
        <button
          className="btn primary"
          onClick={nextStep}
          disabled={!canGoNext(tour, step, revealed) || playing || offScript}
          data-testid="tour-next"
          title="Next step (PageDown)"
        >
          {step < 0 ? 'Start ▶' : playing ? 'Playing…' : atLastQuestion ? 'Answer ▶' : 'Next ▶'}
        </button>
      </footer>
    </aside>
  );
}

function cssString(s: string): string {
  // a quoted CSS string: escape backslashes, quotes and line breaks (node names are user text)
  return '"' + s.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ') + '"';
}

/** The current step's highlights, as a style sheet over the views' data attributes. */
export function TourHighlightStyle() {
  const hl = useTour((s) => (s.offScript ? null : currentHighlights(s)));
  const bottomTab = useApp((s) => s.bottomTab);
  // the log grid draws only the columns in view: scroll it to the highlighted entries
  useEffect(() => {
    const entries = hl?.entries ?? [];
    if (entries.length === 0 || bottomTab !== 'logs') return;
    const id = requestAnimationFrame(() => scrollLogsTo(entries));
    return () => cancelAnimationFrame(id);
  }, [hl, bottomTab]);
  if (hl === null) return null;
  const shapes: string[] = [];
  const arrows: string[] = [];
  const cells: string[] = [];
  for (const n of hl.nodes ?? []) shapes.push(`.stage [data-node=${cssString(n)}] .body`);
  for (const m of hl.messages ?? []) {
    if (!Number.isInteger(m)) continue;
    shapes.push(`.stage [data-message="${m}"] .shape`); // the messages' SVG in an export (on screen: the canvas draws it)
    arrows.push(`.st-arrow[data-message="${m}"]`);
  }
  for (const e of hl.entries ?? []) {
    if (Number.isInteger(e.index)) cells.push(`.lg-cell[aria-label^=${cssString(`${e.node} entry ${e.index},`)}]`);
  }
  if (shapes.length + cells.length === 0) return null;
  // the highlight colour and its short pulse: tour-highlights.css (--tour-hl, tour-pulse)
  const css =
    (shapes.length > 0 ? `${shapes.join(',\n')} { stroke: var(--tour-hl) !important; stroke-width: 5px !important; animation: tour-pulse-stroke 0.6s ease-out 3; }\n` : '') +
    (arrows.length > 0 ? `${arrows.join(',\n')} { stroke: var(--tour-hl) !important; stroke-width: 4px !important; stroke-dasharray: none !important; }\n` : '') +
    (cells.length > 0 ? `${cells.join(',\n')} { outline: 3px solid var(--tour-hl) !important; outline-offset: 1px; z-index: 2; animation: tour-pulse-outline 0.6s ease-out 3; }` : '');
  return <style data-testid="tour-highlights">{css}</style>;
}
