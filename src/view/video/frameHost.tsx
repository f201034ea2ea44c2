// Inside the off-screen frame page of a video or GIF export (`?export=frames`, an iframe the
// exporter opens): the app's stage alone, filling the page, answering "draw time t" with exactly
// what the still-image export gives there (export.ts: clusterSvg) — the same renderer and the
// same stage component, at a paused time. With `&parts=stage+logs` the app's log grid sits under
// the stage as in the app, and is drawn as HTML in an SVG foreignObject (html-to-image, every
// computed style inlined). Nothing else of the app is mounted: a seek re-renders only these.

import { flushSync } from 'react-dom';
import { useApp } from '../../store/app.ts';
import { pause, seek } from '../../store/playback.ts';
import { freezePrefs, type Theme } from '../../store/prefs.ts';
import { clusterSvg } from '../export.ts';
import { ClusterView } from '../stage/ClusterView.tsx';
import { LogGrid } from '../LogGrid.tsx';
import type { VideoParts } from './options.ts';

/** A drawn region of the frame page, in page pixels (the page is the export's size). */
export interface FrameRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameHost {
  /** The theme and a clean stage (nothing selected, paused). */
  prepare(theme: Theme): void;
  /** The stage at simulated time t as a standalone SVG document (null: no stage on screen). */
  render(t: number): ({ svg: string; width: number; height: number } & Pick<FrameRegion, 'x' | 'y'>) | null;
  /** The log grid's region as last rendered, as an SVG image URL (HTML in a foreignObject); null without logs. */
  logs(): Promise<(FrameRegion & { url: string }) | null>;
  /** The page's background colour (what shows between the regions). */
  background(): string;
}

export const FRAME_HOST_QUERY = 'export=frames';

export function isFramePage(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('export') === 'frames';
}

/** The parts the frame page shows (its address says; the exporter sets it). */
export function frameParts(): VideoParts {
  return new URLSearchParams(location.search).get('parts') === 'stage+logs' ? 'stage+logs' : 'stage';
}

/** The frame page's whole UI: the stage (and the log grid under it), laid out as in the app. */
export function FrameStage() {
  return (
    <div className="app">
      <main className="main">
        <ClusterView />
      </main>
      {frameParts() === 'stage+logs' && (
        <section className="bottom" aria-label="Logs">
          <div className="tabpanel">
            <LogGrid />
          </div>
        </section>
      )}
    </div>
  );
}

const FRAME_PAGE_CSS = `
html[data-export-frame='true'] .app { grid-template-rows: minmax(0, 1fr) auto; }
html[data-export-frame='true'] .app > :not(.main):not(.bottom), html[data-export-frame='true'] .main > :not(.stage) { display: none !important; }
html[data-export-frame='true'] * { scrollbar-width: none; }
html[data-export-frame='true'] .main { grid-template-columns: minmax(0, 1fr) !important; border: 0; }
`;

/**
 * The copy html-to-image draws is not scrolled: a grid that follows its tail (scrolled left by s)
 * is shifted by -s instead while it is copied, and what sticks to its left edge (the server
 * names) back by +s, so the copy shows what the scrolled grid shows. Returns the undo.
 */
function holdScroll(region: HTMLElement): () => void {
  const undo: (() => void)[] = [];
  for (const scroller of region.querySelectorAll<HTMLElement>('[data-testid="log-grid"]')) {
    const s = scroller.scrollLeft;
    const inner = scroller.firstElementChild;
    if (s === 0 || !(inner instanceof HTMLElement)) continue;
    const shift = (el: HTMLElement, dx: number) => {
      const before = el.style.transform;
      el.style.transform = `translateX(${dx}px)`;
      undo.push(() => (el.style.transform = before));
    };
    shift(inner, -s);
    for (const el of inner.querySelectorAll<HTMLElement>('*')) {
      const cs = getComputedStyle(el);
      if (cs.position === 'sticky' && cs.left !== 'auto') shift(el, s);
    }
  }
  return () => undo.reverse().forEach((f) => f());
}

export function installFrameHost(): void {
  freezePrefs(); // the frame page shares the user's localStorage: it must not change their theme
  document.documentElement.dataset.exportFrame = 'true';
  // the stage alone fills the page, so the frame is the stage at the export's size
  const style = document.createElement('style');
  style.textContent = FRAME_PAGE_CSS;
  document.head.appendChild(style);
  const host: FrameHost = {
    prepare(theme) {
      document.documentElement.dataset.theme = theme;
      flushSync(() => {
        pause();
        useApp.setState({ theme, presentation: false, selectedNode: null, selectedMessage: null, why: null, contextMenu: null, linkEditor: null });
      });
    },
    render(t) {
      flushSync(() => seek(t));
      const r = clusterSvg();
      const stage = document.querySelector('.stage > svg.cluster')?.getBoundingClientRect();
      return r === null ? null : { ...r, x: Math.round(stage?.left ?? 0), y: Math.round(stage?.top ?? 0) };
    },
    async logs() {
      const el = document.querySelector<HTMLElement>('.bottom');
      if (el === null) return null;
      const box = el.getBoundingClientRect();
      const width = Math.round(box.width);
      const height = Math.round(box.height);
      // no web fonts to embed (the app uses the system's), so none are fetched per frame
      const { toSvg } = await import('html-to-image');
      const undo = holdScroll(el);
      let url: string;
      try {
        url = await toSvg(el, { width, height, skipFonts: true, cacheBust: false });
      } finally {
        undo();
      }
      return { url, x: Math.round(box.left), y: Math.round(box.top), width, height };
    },
    background() {
      const bg = getComputedStyle(document.body).backgroundColor;
      return bg === '' || bg === 'rgba(0, 0, 0, 0)' ? '#ffffff' : bg;
    },
  };
  (window as unknown as { raftlabFrameHost?: FrameHost }).raftlabFrameHost = host;
}
