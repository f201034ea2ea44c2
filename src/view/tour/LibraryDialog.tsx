// The lecture library: every built-in scenario with its title and short explanation, grouped
// by topic. Opening one starts it paused at 0 ms with its guided tour.

import { LIBRARY } from '../../scenario/library.ts';
import { openScenario, setLibraryOpen, useTour } from '../../store/tour.ts';
import { Markdown } from '../markdown.tsx';
import { Modal } from '../Modal.tsx';

const TOPICS = [...new Set(LIBRARY.map((e) => e.topic))];

export function openLecture(id: string): boolean {
  const entry = LIBRARY.find((e) => e.id === id);
  if (entry === undefined) return false;
  const ok = openScenario(structuredClone(entry.scenario), null, { push: true });
  if (ok) setLibraryOpen(false);
  return ok;
}

export function LibraryDialog() {
  const open = useTour((s) => s.libraryOpen);
  if (!open) return null;
  return (
    <Modal title="Lectures" labelId="library-title" onClose={() => setLibraryOpen(false)} wide>
      <p className="sc-muted">
        Ready-made runs with a guided tour. Each opens paused at 0 ms; <strong>Next</strong> plays to the first step. Share any of them
        with the link button.
      </p>
      {TOPICS.map((topic) => (
        <section key={topic} className="sc-topic" aria-label={topic}>
          <h3>{topic}</h3>
          <ul className="sc-lectures">
            {LIBRARY.filter((e) => e.topic === topic).map((e) => (
              <li key={e.id}>
                <button className="sc-lecture" onClick={() => openLecture(e.id)} data-lecture={e.id}>
                  <span className="sc-lecture-title">{e.scenario.title ?? e.id}</span>
                  {e.scenario.description !== undefined && <Markdown text={e.scenario.description} className="sc-lecture-desc md" />}
                  <span className="sc-lecture-meta">
                    {e.scenario.options.nodes.length} servers · {e.scenario.tour?.length ?? 0} tour steps
                    {(e.scenario.tour ?? []).some((s) => s.question !== undefined) ? ' · with questions' : ''}
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
