// The challenge editor (lazy chunk): a challenge made from the current run — its settings and its
// actions up to the displayed moment are the base, the displayed moment the start — with a goal
// picked from a list and edited in the goal language, the allowed actions, a budget, a time limit
// and hints. Checked as you type; a problem is said in plain words naming the field. Play it,
// copy its link or download it as a file.

import { useMemo, useState } from 'react';
import './challenge.css';
import { ACTION_TYPES, type ActionType } from '../../sim/index.ts';
import { useApp } from '../../store/app.ts';
import { session } from '../../store/session.ts';
import { activeChallenge, openChallengeScenario, setChallengeEditorOpen } from '../../store/challenge.ts';
import { toast } from '../../store/ui.ts';
import { actionName, formatMs, goalLines } from '../../challenge/describe.ts';
import { buildChallenge, GOAL_TEMPLATES, type EditorFields } from '../../challenge/editorModel.ts';
import { shareUrl } from '../../scenario/url.ts';
import { scenarioToJson } from '../../scenario/api.ts';
import { download, fileBase } from '../export.ts';
import { Modal } from '../Modal.tsx';

function initialFields(): EditorFields {
  const a = activeChallenge();
  if (a !== null) {
    const s = a.spec;
    return {
      title: s.title,
      description: s.description ?? '',
      goal: JSON.stringify(s.goal, null, 2),
      allow: [...s.rules.allow],
      budget: s.rules.budget === undefined ? '' : String(s.rules.budget),
      timeLimitMs: s.rules.timeLimitMs === undefined ? '' : String(s.rules.timeLimitMs),
      hints: (s.hints ?? []).join('\n'),
    };
  }
  const nodes = session().tm.options.nodes;
  return { title: '', description: '', goal: JSON.stringify(GOAL_TEMPLATES[0].goal(nodes), null, 2), allow: ['crash', 'restart', 'timeout'], budget: '2', timeLimitMs: '', hints: '' };
}

export default function ChallengeEditor() {
  const [f, setF] = useState<EditorFields>(initialFields);
  const displayed = useApp((s) => Math.round(s.displayedTime));
  const options = useApp((s) => s.options);
  const set = (patch: Partial<EditorFields>) => setF((x) => ({ ...x, ...patch }));
  const { tm } = session();
  const built = useMemo(() => buildChallenge(f, { options: tm.options, actions: tm.actions, start: displayed }), [f, displayed, options]); // eslint-disable-line react-hooks/exhaustive-deps
  const setupCount = tm.actions.filter((a) => a.at <= displayed).length;
  const close = () => setChallengeEditorOpen(false);

  const play = () => {
    if (!built.ok) return;
    close();
    openChallengeScenario(built.scenario, null, { push: true });
  };
  const copy = async () => {
    if (!built.ok) return;
    const url = shareUrl(location.href, built.scenario);
    try {
      await navigator.clipboard.writeText(url);
      toast('Challenge link copied: it opens the challenge at its start.');
    } catch {
      history.replaceState(null, '', url);
      toast('The challenge link is in the address bar: copy it from there.');
    }
  };
  const save = () => {
    if (built.ok) download(`${fileBase(built.scenario.title, 'challenge')}.json`, scenarioToJson(built.scenario));
  };
  const toggle = (t: ActionType) => set({ allow: f.allow.includes(t) ? f.allow.filter((x) => x !== t) : [...f.allow, t] });

  return (
    <Modal
      title="Challenge editor"
      labelId="challenge-editor-title"
      onClose={close}
      wide
      footer={
        <>
          <button className="btn primary" disabled={!built.ok} onClick={play} data-testid="challenge-editor-play">
            Play it
          </button>
          <button className="btn" disabled={!built.ok} onClick={() => void copy()}>
            Copy link
          </button>
          <button className="btn" disabled={!built.ok} onClick={save}>
            Download file
          </button>
          <button className="btn" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <div className="ch-editor">
        <p className="sc-muted">
          The base is the current run: its settings ({tm.options.nodes.length} servers, seed {tm.options.seed}) and its {setupCount} action{setupCount === 1 ? '' : 's'} up to
          now; the student starts at {formatMs(displayed)} (pause where it should start). Goals are data in the goal language (docs/challenges.md).
        </p>
        <label htmlFor="ch-title">Title</label>
        <input id="ch-title" type="text" value={f.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} placeholder="Make S3 the leader" />
        <label htmlFor="ch-desc">What to do (Markdown)</label>
        <textarea id="ch-desc" rows={2} value={f.description} onChange={(e) => set({ description: e.target.value })} />
        <label htmlFor="ch-template">Start from a goal</label>
        <select
          id="ch-template"
          value=""
          onChange={(e) => {
            const t = GOAL_TEMPLATES[Number(e.target.value)];
            if (t !== undefined) set({ goal: JSON.stringify(t.goal(tm.options.nodes), null, 2) });
          }}
        >
          <option value="">Pick a goal…</option>
          {GOAL_TEMPLATES.map((t, i) => (
            <option key={i} value={i}>
              {t.label}
            </option>
          ))}
        </select>
        <label htmlFor="ch-goal">Goal (JSON)</label>
        <textarea id="ch-goal" className="ch-json" value={f.goal} spellCheck={false} onChange={(e) => set({ goal: e.target.value })} data-testid="challenge-editor-goal" />
        {!built.ok && (
          <p className="ch-error" role="alert" data-testid="challenge-editor-error">
            {built.error}
          </p>
        )}
        {built.ok && built.scenario.challenge !== undefined && (
          <p className="sc-muted" data-testid="challenge-editor-reads">
            Reads: {goalLines(built.scenario.challenge.goal).join(' ')}
          </p>
        )}
        <fieldset>
          <legend>Allowed actions</legend>
          <div className="ch-allow">
            {ACTION_TYPES.map((t) => (
              <label key={t}>
                <input type="checkbox" checked={f.allow.includes(t)} onChange={() => toggle(t)} /> {actionName(t)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="ch-row">
          <div>
            <label htmlFor="ch-budget">Actions allowed in all (empty: any)</label>
            <input id="ch-budget" type="text" inputMode="numeric" value={f.budget} onChange={(e) => set({ budget: e.target.value })} />
          </div>
          <div>
            <label htmlFor="ch-limit">Time limit, ms of simulated time (empty: none)</label>
            <input id="ch-limit" type="text" inputMode="numeric" value={f.timeLimitMs} onChange={(e) => set({ timeLimitMs: e.target.value })} />
          </div>
        </div>
        <label htmlFor="ch-hints">Hints, one per line</label>
        <textarea id="ch-hints" rows={2} value={f.hints} onChange={(e) => set({ hints: e.target.value })} />
      </div>
    </Modal>
  );
}
