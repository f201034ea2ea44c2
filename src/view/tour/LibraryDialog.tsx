// The lecture library: every built-in scenario with its title and short explanation, grouped
// by topic (the small index). Opening one loads its module, a chunk of its own, and starts it
// paused at 0 ms with its guided tour.

import { useState } from 'react';
import { LECTURES, loadLecture, preloadLecture } from '../../scenario/library/index.ts';
import { openScenario, setLibraryOpen, useTour } from '../../store/tour.ts';
import { Markdown } from '../markdown.tsx';
import { Modal } from '../Modal.tsx';

const TOPICS = [...new Set(LECTURES.map((e) => e.topic))];

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
  if (!open) return null;
  const choose = (id: string) => {
    setStatus({ id });
    openLecture(id).then(
      () => setStatus((s) => (s?.id === id ? null : s)),
      () => setStatus({ id, error: 'Could not load this lecture. Check the connection and try again.' }),
    );
  };
  const close = () => {
    setStatus(null);
    setLibraryOpen(false);
  };
  return (
    <Modal title="Lectures" labelId="library-title" onClose={close} wide>
      <p className="sc-muted">
        Ready-made runs with a guided tour. Each opens paused at 0 ms; <strong>Next</strong> plays to the first step. Share any of them
        with the link button.
      </p>
      {TOPICS.map((topic) => (
        <section key={topic} className="sc-topic" aria-label={topic}>
          <h3>{topic}</h3>
          <ul className="sc-lectures">
            {LECTURES.filter((e) => e.topic === topic).map((e) => (
              <li key={e.id}>
                <button
                  className="sc-lecture"
                  onClick={() => choose(e.id)}
                  onPointerEnter={() => preloadLecture(e.id)}
                  onFocus={() => preloadLecture(e.id)}
                  data-lecture={e.id}
                  aria-busy={status?.id === e.id && status.error === undefined}
                >
                  <span className="sc-lecture-title">{e.title}</span>
                  <Markdown text={e.description} className="sc-lecture-desc md" />
                  <span className="sc-lecture-meta" role={status?.id === e.id && status.error !== undefined ? 'alert' : undefined}>
                    {status?.id !== e.id
                      ? `${e.servers} servers · ${e.steps} tour steps${e.questions ? ' · with questions' : ''}`
                      : (status.error ?? 'Loading…')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Modal>
  );
}
