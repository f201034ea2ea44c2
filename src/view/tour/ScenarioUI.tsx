// Everything of the scenario UI mounted once beside the app: the tour panel and its
// highlights, the lecture library, share/export, the broken-input box, the notice about a link
// or file made with an older engine, a drop zone for
// scenario files, the offer to resume an unfinished tour, and presentation mode in the URL.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { hasScenario } from '../../scenario/url.ts';
import { useApp } from '../../store/app.ts';
import { currentScenarioOf } from '../../store/share.ts';
import {
  dismissNotice,
  followPlayback,
  openScenario,
  setBrokenInput,
  setLibraryOpen,
  setShareOpen,
  setTourOpen,
  startEditing,
  useTour,
} from '../../store/tour.ts';
import { clearDraft, loadDraft, saveDraft, type Draft } from '../../store/tourDraft.ts';
import { AboveModals } from '../Modal.tsx';
import { LibraryDialog } from './LibraryDialog.tsx';
import { ShareDialog, openScenarioFile } from './ShareDialog.tsx';
import { TourHighlightStyle } from './TourPanel.tsx';
import './tour.css';
import './tour-highlights.css';
import './tour-dock.css';

/** Toolbar buttons: Lectures, and the tour (open it, or the editor); the toolbar groups them. */
export function ScenarioButtons() {
  const hasTour = useTour((s) => s.tour.length > 0 && s.owner !== null);
  const open = useTour((s) => s.open);
  const editing = useTour((s) => s.editing);
  return (
    <>
      <button className="btn" onClick={() => setLibraryOpen(true)} title="Lectures: ready-made runs with guided tours" data-testid="lectures">
        Lectures
      </button>
      {hasTour && !open && !editing && (
        <button className="btn" onClick={() => setTourOpen(true)} title="Show the guided tour again" data-testid="show-tour">
          Show tour
        </button>
      )}
      <button
        className={`btn${editing ? ' active' : ''}`}
        onClick={() => (editing ? setTourOpen(true) : startEditing())}
        aria-pressed={editing}
        title="Tour editor: add steps with text and questions at moments of this run, then share it"
        aria-label="Edit tour"
        data-testid="edit-tour"
      >
        ✎ Edit
      </button>
    </>
  );
}

export function openShare(): void {
  setShareOpen(true);
}

function BrokenInput() {
  const raw = useTour((s) => s.brokenInput);
  if (raw === null) return null;
  return (
    <div className="sc-broken" role="region" aria-label="The input that could not be opened">
      <label>
        What was given (not opened; copy it to report or repair it):
        <textarea readOnly rows={2} value={raw} data-testid="broken-input" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="sc-row">
        <button className="btn small" onClick={() => void navigator.clipboard?.writeText(raw).catch(() => undefined)}>
          Copy
        </button>
        <button className="btn small" onClick={() => setBrokenInput(null)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/**
 * A link, file or raftlab.load(…) made with an older engine: it opened (on this engine), and
 * the run may differ from the one shared. Plain text, not an error; dismissable. A bar of its
 * own under the toolbar (App.tsx), so it covers nothing while the run plays; its height is
 * --sc-notice-h on the page, which moves the tour panel (fixed at the top right) below it. The
 * live region is always there (empty and 0 px high without a notice) so screen readers announce it.
 */
export function EngineNotice() {
  const notice = useTour((s) => s.notice);
  const slot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = slot.current;
    if (el === null) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty('--sc-notice-h', `${Math.round(el.getBoundingClientRect().height)}px`);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--sc-notice-h');
    };
  }, []);
  return (
    <div className="sc-notice-slot" role="status" ref={slot}>
      {notice !== null && (
        <div className="sc-notice" data-testid="engine-notice">
          <span className="sc-notice-mark" aria-hidden="true">
            i
          </span>
          <p>{notice}</p>
          <button className="btn small" onClick={dismissNotice} data-testid="engine-notice-dismiss">
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

function DraftOffer() {
  const [draft, setDraft] = useState<Draft | null>(() =>
    typeof location !== 'undefined' && hasScenario(location.hash.replace(/^#/, '')) ? null : loadDraft(),
  );
  // a shared scenario opened meanwhile (a link pasted into this tab, a lecture, a file): the
  // offer would replace it, so it goes (the draft stays kept for the next visit)
  const opened = useTour((s) => s.owner !== null && !s.editing);
  if (draft === null || opened) return null;
  const s = draft.scenario;
  return (
    <div className="sc-draft" role="region" aria-label="Unfinished tour" data-testid="draft-offer">
      <span>
        You have an unfinished tour{s.title !== undefined ? ` “${s.title}”` : ''} ({plural(s.tour?.length ?? 0, 'step')}, {plural(s.actions.length, 'action')}). Continue
        editing it?
      </span>
      <button
        className="btn primary small"
        onClick={() => {
          if (openScenario(s, 0)) startEditing();
          setDraft(null);
        }}
      >
        Resume
      </button>
      <button
        className="btn small"
        onClick={() => {
          clearDraft();
          setDraft(null);
        }}
      >
        Discard
      </button>
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const f = e.dataTransfer?.files[0];
      if (f !== undefined) void openScenarioFile(f);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  if (!over) return null;
  return (
    <AboveModals>
      <div className="sc-dropzone">Drop a scenario .json to open it</div>
    </AboveModals>
  );
}

/** ?present=1 in the address: presentation mode, kept in the URL when toggled. */
function usePresentationInUrl(): void {
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const p = params.get('present');
    if (p === '1' || p === '0') useApp.setState({ presentation: p === '1' });
    return useApp.subscribe((s, prev) => {
      if (s.presentation === prev.presentation) return;
      try {
        const url = new URL(location.href);
        if (s.presentation) url.searchParams.set('present', '1');
        else url.searchParams.delete('present');
        history.replaceState(history.state, '', url.toString());
      } catch {
        /* some embeddings forbid it */
      }
    });
  }, []);
}

/** While the editor is open, keep the draft (scenario with its tour) in localStorage. */
function useDraftSaving(): void {
  useEffect(() => {
    const save = () => {
      const s = useTour.getState();
      if (!s.editing) return;
      try {
        saveDraft(currentScenarioOf());
      } catch {
        /* not valid yet (e.g. a text over the limit): keep the last good draft */
      }
    };
    const offTour = useTour.subscribe((s, prev) => {
      if (s.tour !== prev.tour || s.title !== prev.title || (s.editing && !prev.editing)) save();
    });
    const offApp = useApp.subscribe((s, prev) => {
      if (s.frame.actions !== prev.frame.actions) save();
    });
    return () => {
      offTour();
      offApp();
    };
  }, []);
}

let pageTitle: string | null = null;

/** document.title names the open lecture or shared scenario ("Figure 8 … · raftlab"). */
function useDocumentTitle(): void {
  const title = useTour((s) => (s.owner !== null ? s.title : null));
  useEffect(() => {
    pageTitle ??= document.title; // index.html's
    document.title = title === null ? pageTitle : `${title} · raftlab`;
  }, [title]);
}

export function ScenarioUI() {
  useEffect(() => followPlayback(), []);
  usePresentationInUrl();
  useDraftSaving();
  useDocumentTitle();
  return (
    <>
      <TourHighlightStyle />
      <LibraryDialog />
      <ShareDialog />
      <BrokenInput />
      <DraftOffer />
      <DropZone />
    </>
  );
}
