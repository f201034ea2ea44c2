// The goal card of the challenge being played (lazy chunk), docked in the side column like a
// guided tour: the goal's conditions ticked as they happen, the rules with the actions left, the
// time left, hints on demand, Reset; graded live as the student acts (store/challengeLive.ts);
// on success the time and actions used, a link that replays the solution, and progress saved.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ActionType } from '../../sim/index.ts';
import './challenge.css';
import { useApp } from '../../store/app.ts';
import { session } from '../../store/session.ts';
import { activeChallenge, challengeGradeNow, closeChallenge, resetChallenge, setChallengeEditorOpen, setLiveGrader, showHint, useChallenge } from '../../store/challenge.ts';
import { LiveGrader } from '../../store/challengeLive.ts';
import { toast } from '../../store/ui.ts';
import { deadlineOf } from '../../challenge/grade.ts';
import { actionName, formatMs, goalLines, rulesText } from '../../challenge/describe.ts';
import { loadProgress, recordSolved, type Solved } from '../../challenge/progress.ts';
import { shareUrl } from '../../scenario/url.ts';
import { Markdown } from '../markdown.tsx';
import { challengeKey } from './identity.ts';

setLiveGrader(new LiveGrader());
/** This browser's progress, read once and kept up to date by what the card records. */
let progress: Record<string, Solved> | null = null;

export default function ChallengeCard() {
  const active = useChallenge((s) => s.active);
  const hints = useChallenge((s) => s.hints);
  const displayed = useApp((s) => Math.floor(s.displayedTime));
  const options = useApp((s) => s.options);
  // a new frame: an action, a seek, a step (even at the same displayed time)
  const frame = useApp((s) => s.frame);
  const [copiedAt, setCopiedAt] = useState<string | null>(null);
  const a = activeChallenge();
  const key = useMemo(() => (a === null ? null : challengeKey(a.scenario, a.id)), [a]);
  progress ??= loadProgress();
  const best = key === null ? undefined : progress[key];
  const recorded = useRef<string | null>(null);


  // recomputed when the displayed time, the run or the script changes (incremental: cheap)
  const actionsCount = session().tm.actions.length;
  const grade = useMemo(() => challengeGradeNow(), [active, displayed, options, actionsCount, frame]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (grade === null || !grade.passed || key === null) return;
    const mark = `${key}:${grade.actionsUsed}:${grade.timeUsedMs}`;
    if (recorded.current === mark) return;
    recorded.current = mark;
    progress = recordSolved(key, { actions: grade.actionsUsed, timeMs: grade.timeUsedMs ?? 0 });
  }, [grade, key]);

  if (a === null || grade === null) return null;
  const spec = a.spec;
  const deadline = deadlineOf(spec);
  const budget = spec.rules.budget;
  const byType = new Map<ActionType, number>();
  for (const x of session().tm.actions.slice(spec.setup)) if (x.at <= (grade.doneAt ?? displayed)) byType.set(x.type, (byType.get(x.type) ?? 0) + 1);
  const timeUp = deadline !== null && grade.doneAt === null && displayed > deadline;
  const state = grade.passed ? 'passed' : grade.broken !== null ? 'broken' : grade.late || timeUp ? 'late' : grade.doneAt !== null ? 'broken' : 'playing';

  const copySolution = async () => {
    if (grade.doneAt === null) return;
    const solution = { ...a.scenario, actions: [...a.scenario.actions, ...session().tm.actions.slice(spec.setup).filter((x) => x.at <= (grade.doneAt ?? 0))] };
    const url = shareUrl(location.href, solution, grade.doneAt);
    try {
      await navigator.clipboard.writeText(url);
      setCopiedAt(url);
      toast('Solution link copied: it replays your solution to the moment the goal was reached.');
    } catch {
      history.replaceState(null, '', url);
      toast('The solution link is in the address bar: copy it from there.');
    }
  };

  return (
    <aside className={`sc-tour ch-card ch-state-${state}`} aria-label="Challenge" data-testid="challenge-card" data-state={state}>
      <header>
        <h2 className="sc-tour-title">
          <span className="ch-kind">Challenge</span> {spec.title}
        </h2>
        <button className="btn small" onClick={closeChallenge} aria-label="Close the challenge" title="Stop playing the challenge (the run stays)">
          ✕
        </button>
      </header>
      <div className="ch-strip">
        <p className="ch-meter" data-testid="challenge-meter">
          <span>
            Actions used: <strong>{grade.actionsUsed}</strong>
            {budget !== undefined && ` of ${budget}`}
            {budget !== undefined && grade.actionsUsed <= budget && ` (${budget - grade.actionsUsed} left)`}
          </span>
          {[...byType].map(([t, n]) => {
            const limit = spec.rules.limits?.[t];
            return (
              <span key={t} className="ch-chip">
                {actionName(t)} {n}
                {limit !== undefined && `/${limit}`}
              </span>
            );
          })}
          {deadline !== null && grade.doneAt === null && (
            <span>{displayed < spec.start ? `Starts at ${formatMs(spec.start)}` : timeUp ? 'Time is up' : `Time left: ${formatMs(deadline - displayed)}`}</span>
          )}
        </p>
        <div className="ch-status" role="status" aria-live="polite" data-testid="challenge-status">
          {state === 'passed' && (
            <p className="ch-passed">
              <strong>✓ Solved!</strong> The goal was reached {formatMs(grade.timeUsedMs ?? 0)} after the start, with {grade.actionsUsed} action
              {grade.actionsUsed === 1 ? '' : 's'}.
            </p>
          )}
          {state === 'broken' && <p className="ch-broken">{grade.broken ?? 'The goal was reached, but not within the rules.'} This attempt cannot count.</p>}
          {state === 'late' && <p className="ch-broken">{grade.late ? 'The goal was reached after the time limit.' : 'Time is up.'} Reset to try again.</p>}
          {state === 'playing' && <p className="sc-muted">{displayed < spec.start ? 'Play to the start, then act.' : 'Not yet: act on the cluster, then play.'}</p>}
        </div>
      </div>
      <div className="sc-tour-body ch-body">
        {spec.description !== undefined && <Markdown text={spec.description} />}
        <h3 className="ch-h">Goal{grade.conditions.length > 1 && goalLines(spec.goal)[0].endsWith(':') ? ` — ${goalLines(spec.goal)[0].toLowerCase().replace(/:$/, '')}` : ''}</h3>
        <ul className="ch-goal" data-testid="challenge-goal">
          {grade.conditions.map((c, i) => (
            <li key={i} className={c.doneAt !== null ? 'done' : ''}>
              <span className="ch-tick" aria-hidden="true">
                {c.doneAt !== null ? '✓' : '○'}
              </span>
              <span>
                {c.text}
                {c.doneAt !== null && <span className="sc-muted"> — at {formatMs(c.doneAt)}</span>}
                <span className="sr-only">{c.doneAt !== null ? ' (done)' : ' (not yet)'}</span>
              </span>
            </li>
          ))}
        </ul>
        <h3 className="ch-h">Rules</h3>
        <ul className="ch-rules">
          {rulesText(spec.rules).map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
        {best !== undefined && state !== 'passed' && (
          <p className="sc-muted ch-small">
            Solved before in this browser with {best.actions} action{best.actions === 1 ? '' : 's'}.
          </p>
        )}
        {hints > 0 && (
          <ol className="ch-hints" data-testid="challenge-hints">
            {(spec.hints ?? []).slice(0, hints).map((h, i) => (
              <li key={i}>
                <Markdown text={h} inline />
              </li>
            ))}
          </ol>
        )}
      </div>
      <footer className="ch-actions">
        {(spec.hints?.length ?? 0) > hints && (
          <button className="btn small" onClick={showHint} data-testid="challenge-hint">
            Hint {hints + 1}/{spec.hints?.length}
          </button>
        )}
        <button className="btn small" onClick={() => resetChallenge()} data-testid="challenge-reset" title="Start the challenge again from its start">
          Reset
        </button>
        {grade.passed && (
          <button className="btn small primary" onClick={() => void copySolution()} data-testid="challenge-solution-link">
            {copiedAt !== null && copiedAt.includes(`t=${grade.doneAt}`) ? 'Copied ✓' : 'Solution link'}
          </button>
        )}
        <button className="btn small" onClick={() => setChallengeEditorOpen(true)} title="Make a challenge of your own from the current run">
          Edit…
        </button>
      </footer>
    </aside>
  );
}
