// The tour editor: play and act as usual (your actions are the action script; the app's
// shortcuts work while it is open), pause where a step belongs, "Add a step here", write its
// text (Markdown), an optional question, what the screen shows (ScreenPicker.tsx) and the
// servers, messages and log entries to highlight (HighlightPicker.tsx); reorder or delete
// steps, then Share. Docked in the side column beside the side panel (wide windows) or above
// it, the question comes right after the text so it is reached without scrolling. While it is
// open the draft is kept in localStorage and offered again on the next visit.

import type { TourStep } from '../../scenario/format.ts';
import { useApp } from '../../store/app.ts';
import { pause, seek } from '../../store/playback.ts';
import { formatTourTime } from '../../store/tourTime.ts';
import { clearDraft } from '../../store/tourDraft.ts';
import { addStepHere, deleteStep, moveStep, selectStep, setShareOpen, setTitle, stopEditing, updateStep, useTour } from '../../store/tour.ts';
import { markdownToText } from '../markdown.tsx';
import { HighlightPicker } from './HighlightPicker.tsx';
import { ScreenPicker } from './ScreenPicker.tsx';

function preview(text: string): string {
  const t = markdownToText(text).trim();
  return t === '' ? '(no text yet)' : t.length > 60 ? t.slice(0, 59) + '…' : t;
}

export function TourEditor() {
  const tour = useTour((s) => s.tour);
  const step = useTour((s) => s.step);
  const title = useTour((s) => s.title);
  const now = useApp((s) => Math.round(s.displayedTime));
  const actions = useApp((s) => s.frame.actions);
  const current = step >= 0 ? tour[step] : undefined;

  return (
    <aside className="sc-tour sc-editor" aria-label="Tour editor" data-testid="tour-editor">
      <header>
        <span className="sc-tour-title">Tour editor</span>
        <span className="sc-tour-count">
          {tour.length} step{tour.length === 1 ? '' : 's'} · {actions} action{actions === 1 ? '' : 's'}
        </span>
      </header>
      <div className="sc-tour-body">
        <label className="sc-field sc-title-field">
          Title
          <input type="text" value={title ?? ''} maxLength={200} onChange={(e) => setTitle(e.target.value)} placeholder="My lecture" />
        </label>
        <div className="sc-row sc-add-row">
          <button className="btn primary" onClick={() => addStepHere()} data-testid="add-step">
            + Add a step at {formatTourTime(now)}
          </button>
          <span className="sc-muted" title="Play and act as usual (the app's keys work): your actions are recorded. Pause where a step belongs, then add it.">
            Play and act as usual.
          </span>
        </div>
        <ol className="sc-steps">
          {tour.map((s, i) => (
            <li key={i} className={i === step ? 'current' : ''}>
              <button
                className="sc-step-pick"
                onClick={() => {
                  selectStep(i);
                  pause();
                  seek(s.at);
                }}
                aria-current={i === step ? 'step' : undefined}
              >
                <span className="sc-step-at">{formatTourTime(s.at)}</span> {preview(s.text)}
              </button>
              <button className="btn small" onClick={() => moveStep(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`} title="Move up (swaps texts; times stay)">
                ↑
              </button>
              <button className="btn small" onClick={() => moveStep(i, 1)} disabled={i === tour.length - 1} aria-label={`Move step ${i + 1} down`} title="Move down (swaps texts; times stay)">
                ↓
              </button>
              <button className="btn small" onClick={() => deleteStep(i)} aria-label={`Delete step ${i + 1}`} title="Delete">
                ✕
              </button>
            </li>
          ))}
        </ol>
        {current !== undefined && <StepForm key={step} index={step} s={current} now={now} />}
      </div>
      <footer>
        <button
          className="btn"
          onClick={() => {
            clearDraft();
            stopEditing();
          }}
          title="Close the editor; the tour stays in this scenario and its share link"
          data-testid="editor-done"
        >
          Done
        </button>
        <button className="btn primary" onClick={() => setShareOpen(true)} data-testid="editor-share">
          Share…
        </button>
      </footer>
    </aside>
  );
}

function StepForm({ index, s, now }: { index: number; s: TourStep; now: number }) {
  const q = s.question;
  const save = (next: TourStep) => updateStep(index, next);
  const setQuestion = (prompt: string, choices: string[], answer: number) => {
    const next: TourStep = { ...s };
    if (prompt === '' && choices.every((c) => c === '')) delete next.question;
    else next.question = { prompt, choices, answer: Math.max(0, Math.min(answer, Math.max(0, choices.length - 1))) };
    save(next);
  };
  const choices = q?.choices ?? ['', ''];
  return (
    <div className="sc-step-form" data-testid="step-form">
      <div className="sc-row">
        <span>
          Step {index + 1} at <strong>{formatTourTime(s.at)}</strong>
        </span>
        <button className="btn small" onClick={() => save({ ...s, at: now })} disabled={now === s.at} title="Move this step to the displayed time">
          Move to {formatTourTime(now)}
        </button>
      </div>
      <label className="sc-field">
        <span title="Markdown: **bold**, *em*, `code`, - lists, [links](https://…)">Text (Markdown)</span>
        <textarea rows={3} value={s.text} maxLength={10_000} onChange={(e) => save({ ...s, text: e.target.value })} data-testid="step-text" />
      </label>
      <fieldset>
        <legend>Question (optional)</legend>
        <label className="sc-field">
          Prompt
          <input type="text" value={q?.prompt ?? ''} onChange={(e) => setQuestion(e.target.value, choices, q?.answer ?? 0)} data-testid="question-prompt" />
        </label>
        {choices.map((c, i) => (
          <div key={i} className="sc-row">
            <input
              type="radio"
              name={`answer-${index}`}
              checked={(q?.answer ?? 0) === i}
              onChange={() => setQuestion(q?.prompt ?? '', choices, i)}
              aria-label={`Choice ${i + 1} is the answer`}
              title="The right answer"
            />
            <input
              type="text"
              value={c}
              onChange={(e) => setQuestion(q?.prompt ?? '', choices.map((x, j) => (j === i ? e.target.value : x)), q?.answer ?? 0)}
              aria-label={`Choice ${i + 1}`}
              data-testid={`choice-${i}`}
            />
            <button
              className="btn small"
              onClick={() => setQuestion(q?.prompt ?? '', choices.filter((_, j) => j !== i), Math.min(q?.answer ?? 0, choices.length - 2))}
              disabled={choices.length <= 2}
              aria-label={`Remove choice ${i + 1}`}
            >
              ✕
            </button>
          </div>
        ))}
        <button className="btn small" onClick={() => setQuestion(q?.prompt ?? '', [...choices, ''], q?.answer ?? 0)} disabled={choices.length >= 10}>
          + Choice
        </button>
      </fieldset>
      <ScreenPicker index={index} s={s} />
      <HighlightPicker s={s} />
    </div>
  );
}
