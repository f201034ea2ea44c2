// The lecture library: every built-in scenario as a card (title, a short explanation, its size)
// in a dense grid grouped by topic, with a search field; the arrow keys move between cards,
// Enter opens one (libraryGrid.ts). Opening one loads its module, a chunk of its own, and starts
// it paused at 0 ms with its guided tour. Experiments open their dialog; challenges open at
// their start with the goal card (src/store/challenge.ts).

import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import './library.css';
import { LECTURES, loadLecture, preloadLecture } from '../../scenario/library/index.ts';
import { openScenario, setLibraryOpen, useTour } from '../../store/tour.ts';
import { Markdown } from '../markdown.tsx';
import { Modal } from '../Modal.tsx';

import { byTopic, challengeEntries, countText, experimentEntries, lectureEntries, moveInGrid, searchLibrary } from './libraryGrid.ts';
import { EXPERIMENT_CATALOG } from '../../experiment/catalog.ts';
import { openBuiltinExperiment } from '../../store/experimentsOpen.ts';
import { CHALLENGE_CATALOG } from '../../challenge/catalog.ts';
import { loadProgress, resetProgress } from '../../challenge/progress.ts';
import { openBuiltinChallenge, setChallengeEditorOpen } from '../../store/challenge.ts';

/** Every entry, challenges marked solved from this browser's progress (read when the library opens). */
function allEntries() {
  const solved = loadProgress();
  return [...lectureEntries(LECTURES), ...experimentEntries(EXPERIMENT_CATALOG), ...challengeEntries(CHALLENGE_CATALOG, (id) => solved[id] !== undefined)];
}

let latest = 0;

/** Loads and opens a lecture, unless another was chosen or the dialog was closed meanwhile. */
export async function openLecture(id: string): Promise<boolean> {
  const ticket = ++latest;
  const scenario = await loadLecture(id);
  if (scenario === undefined || ticket !== latest || !useTour.getState().libraryOpen) return false;
  const ok = openScenario(scenario, null, { push: true });
  if (ok) setLibraryOpen(false);
  return ok;
}

export function LibraryDialog() {
  const open = useTour((s) => s.libraryOpen);
  // the lecture being loaded, or the one that failed to load (offline) and why
  const [status, setStatus] = useState<{ id: string; error?: string } | null>(null);
  const [query, setQuery] = useState('');
  const grid = useRef<HTMLDivElement>(null);
  // bumped when progress is forgotten, so the cards lose their ✓
  const [progressEpoch, setProgressEpoch] = useState(0);
  const ENTRIES = useMemo(() => (open ? allEntries() : []), [open, progressEpoch]); // eslint-disable-line react-hooks/exhaustive-deps
  const anySolved = ENTRIES.some((e) => e.kind === 'challenge' && e.meta.startsWith('✓'));
  const found = useMemo(() => searchLibrary(ENTRIES, query), [ENTRIES, query]);
  const groups = useMemo(() => byTopic(found), [found]);
  const challengeGroups = groups.filter((g) => g.entries[0].kind === 'challenge');
  if (!open) return null;
  const choose = (id: string) => {
    if (ENTRIES.find((e) => e.id === id)?.kind === 'experiment') {
      // an experiment opens in its own dialog, chosen, not run
      close();
      openBuiltinExperiment(id);
      return;
    }
    if (ENTRIES.find((e) => e.id === id)?.kind === 'challenge') {
      // a challenge opens at its start with its goal card (its chunk loads first)
      setStatus({ id });
      void openBuiltinChallenge(id, { push: true }).then((ok) => {
        if (ok) close();
        else setStatus({ id, error: 'Could not load this challenge. Check the connection and try again.' });
      });
      return;
    }
    setStatus({ id });
    openLecture(id).then(
      () => setStatus((s) => (s?.id === id ? null : s)),
      () => setStatus({ id, error: 'Could not load this lecture. Check the connection and try again.' }),
    );
  };
  const close = () => {
    setStatus(null);
    setQuery('');
    setLibraryOpen(false);
  };
  const cards = () => [...(grid.current?.querySelectorAll<HTMLButtonElement>('[data-entry]') ?? [])];
  // arrow keys between cards (by where they are drawn), Home/End; kept from the simulation's keys
  const onGridKey = (e: KeyboardEvent) => {
    const all = cards();
    const at = all.indexOf(e.target as HTMLButtonElement);
    if (at < 0) return;
    if (e.key === 'ArrowUp' && at >= 0 && moveInGrid(boxesOf(all), at, 'ArrowUp') === null) {
      e.preventDefault();
      e.stopPropagation();
      document.getElementById('library-search')?.focus();
      return;
    }
    const to = moveInGrid(boxesOf(all), at, e.key);
    if (to === null) {
      if (e.key.startsWith('Arrow')) e.stopPropagation(); // at an edge: nothing moves, not the simulation either
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    all[to].focus();
  };
  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && found.length > 0)) {
      e.preventDefault();
      e.stopPropagation();
      const first = cards()[0];
      if (e.key === 'Enter' && found.length === 1) choose(found[0].id);
      else first?.focus();
    }
  };
  const topic = (g: (typeof groups)[number]) => (
    <section key={`${g.group ?? ''}/${g.topic}`} className="sc-topic lib-topic" aria-label={g.group === undefined ? g.topic : `${g.group}: ${g.topic}`}>
      {g.group === undefined ? <h3>{g.topic}</h3> : <h4>{g.topic}</h4>}
      <ul className="lib-cards">
        {g.entries.map((e) => (
          <li key={e.id}>
            <button
              className="sc-lecture lib-card"
              onClick={() => choose(e.id)}
              onPointerEnter={() => preloadLecture(e.id)}
              onFocus={() => preloadLecture(e.id)}
              data-entry={e.id}
              data-lecture={e.kind === 'lecture' ? e.id : undefined}
              data-experiment={e.kind === 'experiment' ? e.id : undefined}
              data-challenge={e.kind === 'challenge' ? e.id : undefined}
              data-kind={e.kind}
              aria-busy={status?.id === e.id && status.error === undefined}
            >
              <span className="sc-lecture-title">
                {e.kind !== 'lecture' && <span className="lib-kind">{e.kind}</span>}
                {e.title}
              </span>
              <Markdown text={e.description} className="sc-lecture-desc lib-desc md" />
              <span className="sc-lecture-meta" role={status?.id === e.id && status.error !== undefined ? 'alert' : undefined}>
                {status?.id !== e.id ? e.meta : (status.error ?? 'Loading…')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <Modal title="Lectures" labelId="library-title" onClose={close} wide>
      <div className="lib-top">
        <input
          id="library-search"
          type="search"
          className="lib-search"
          placeholder="Search: figure 8, prevote, split vote, snapshot…"
          aria-label="Search the library"
          aria-controls="library-grid"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          autoFocus
        />
        <span className="sc-muted lib-count" role="status">
          {countText(found, ENTRIES)}
        </span>
      </div>
      <p className="sc-muted lib-intro">
        Lectures are ready-made runs with a guided tour (each opens paused at 0 ms; <strong>Next</strong> plays to the first step); experiments
        ask a question over many seeds; challenges set a goal for you to reach. Arrow keys move between cards, Enter opens one.{' '}
        <button
          className="btn small"
          onClick={() => {
            close();
            setChallengeEditorOpen(true);
          }}
          data-testid="challenge-new"
        >
          New challenge from this run…
        </button>
        {anySolved && (
          <>
            {' '}
            <button
              className="btn small"
              onClick={() => {
                resetProgress();
                setProgressEpoch((n) => n + 1);
              }}
              title="Forget which challenges this browser solved"
              data-testid="challenge-forget-progress"
            >
              Forget solved challenges
            </button>
          </>
        )}
      </p>
      {/* lectures first, in a grid of their own, so a projector shows most of them at once; then
          experiments; then the challenges under their heading, a sub-heading per topic */}
      <div id="library-grid" className="lib-grids" ref={grid} onKeyDown={onGridKey}>
        {groups.length === 0 && <p className="sc-muted">Nothing matches “{query}”.</p>}
        {[groups.filter((g) => g.entries[0].kind === 'lecture'), groups.filter((g) => g.entries[0].kind === 'experiment')]
          .filter((part) => part.length > 0)
          .map((part, k) => (
            <div key={k} className="lib-grid">
              {part.map((g) => topic(g))}
            </div>
          ))}
        {challengeGroups.length > 0 && (
          <section className="lib-part" aria-labelledby="library-challenges">
            <h3 id="library-challenges">Challenges</h3>
            <div className="lib-grid">{challengeGroups.map((g) => topic(g))}</div>
          </section>
        )}
      </div>
    </Modal>
  );
}

function boxesOf(els: readonly HTMLElement[]) {
  return els.map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
}
