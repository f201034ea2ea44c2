// The guided-tour panel over the stage: the current step's text (Markdown, rendered safely),
// its question, Back / Next and a dot per step to jump to. Next plays the simulation to the
// step's time and pauses there; playing on with the main Play button stops at each step too.
// Also the highlight layer: the step's nodes, messages and log entries are outlined in the
// cluster view, the space-time diagram and the log grid.

import { formatTime } from '../../store/describe.ts';
import { choose, currentHighlights, goToStep, isRevealed, nextStep, prevStep, setTourOpen, useTour } from '../../store/tour.ts';
import { useApp } from '../../store/app.ts';
import { Markdown } from '../markdown.tsx';
import { TourEditor } from './TourEditor.tsx';

export function TourPanel() {
  const open = useTour((s) => s.open);
  const editing = useTour((s) => s.editing);
  if (!open) return null;
  return editing ? <TourEditor /> : <TourPlayer />;
}

function TourPlayer() {
  const tour = useTour((s) => s.tour);
  const step = useTour((s) => s.step);
  const title = useTour((s) => s.title);
  const description = useTour((s) => s.description);
  const chosen = useTour((s) => s.chosen);
  const revealed = useTour((s) => (s.step >= 0 ? isRevealed(s, s.step) : false));
  const playing = useApp((s) => s.playing);
  const current = step >= 0 ? tour[step] : undefined;
  const heading = title ?? 'Guided tour';
  const q = current?.question;
  const pick = q !== undefined ? chosen.get(step) : undefined;

  return (
    <aside className="sc-tour" aria-label="Guided tour" data-testid="tour">
      <header>
        <span className="sc-tour-title" title={heading}>
          {heading}
        </span>
        <span className="sc-tour-count" data-testid="tour-count">
          {step < 0 ? `${tour.length} steps` : `Step ${step + 1} of ${tour.length}`}
        </span>
        <button className="btn small" onClick={() => setTourOpen(false)} aria-label="Close the tour" title="Close the tour (it stays in the scenario)">
          ✕
        </button>
      </header>
      <div className="sc-tour-body" aria-live="polite" data-testid="tour-text">
        {current === undefined ? (
          description !== null ? (
            <Markdown text={description} />
          ) : (
            <p>Press Next to play to the first step.</p>
          )
        ) : (
          <>
            <div className="sc-tour-at">at {formatTime(current.at)}</div>
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
                {!revealed && <p className="sc-muted">Choose an answer, or press Next to play on and see.</p>}
              </div>
            )}
          </>
        )}
      </div>
      <footer>
        <button className="btn" onClick={prevStep} disabled={step < 0} aria-label="Previous step">
          ◀ Back
        </button>
        <nav className="sc-dots" aria-label="Jump to a step">
          {tour.map((s, i) => (
            <button
              key={i}
              className={`sc-dot${i === step ? ' current' : ''}${i < step ? ' done' : ''}`}
              onClick={() => goToStep(i, false)}
              aria-label={`Step ${i + 1} at ${formatTime(s.at)}`}
              aria-current={i === step ? 'step' : undefined}
              title={`Step ${i + 1} at ${formatTime(s.at)}`}
            />
          ))}
        </nav>
        <button className="btn primary" onClick={nextStep} disabled={step >= tour.length - 1 || playing} data-testid="tour-next">
          {step < 0 ? 'Start ▶' : playing ? 'Playing…' : 'Next ▶'}
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
  const hl = useTour(currentHighlights);
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
  const css =
    (shapes.length > 0 ? `${shapes.join(',\n')} { stroke: var(--tour-hl) !important; stroke-width: 5px !important; }\n` : '') +
    (arrows.length > 0 ? `${arrows.join(',\n')} { stroke: var(--tour-hl) !important; stroke-width: 4px !important; stroke-dasharray: none !important; }\n` : '') +
    (cells.length > 0 ? `${cells.join(',\n')} { outline: 3px solid var(--tour-hl) !important; outline-offset: 1px; z-index: 2; }` : '');
  return <style data-testid="tour-highlights">{css}</style>;
}
