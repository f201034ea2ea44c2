// Inside the off-screen frame page of a video or GIF export (`?export=frames`, an iframe the
// exporter opens): the app's stage alone, filling the page, answering "draw time t" with exactly
// what the still-image export gives there (export.ts: clusterSvg) — the same renderer and the
// same stage component, at a paused time. With `&parts=stage+logs` the app's log grid sits under
// the stage as in the app, and is drawn as HTML in an SVG foreignObject (html-to-image, every
// computed style inlined). Nothing else of the app is mounted: a seek re-renders only these.
// With `&parts=app` the whole app is mounted in presentation mode (toolbar, stage, side panel,
// logs, timeline) and copied the same way, its stage replaced by the still image of the stage.

import { flushSync } from 'react-dom';
import { App } from '../App.tsx';
import { useApp } from '../../store/app.ts';
import { pause, seek } from '../../store/playback.ts';
import { freezePrefs, type Theme } from '../../store/prefs.ts';
import { clusterSvg } from '../export.ts';
import { ClusterView } from '../stage/ClusterView.tsx';
import { LogGrid } from '../LogGrid.tsx';
import { appCopier, holdScroll } from './frameCopy.ts';
import type { VideoParts } from './options.ts';

/** A drawn region of the frame page, in page pixels (the page is the export's size). */
export interface FrameRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FrameHost {
  /**
   * The theme and a clean stage (nothing selected, paused). The whole app ('app') is also run to
   * `until` first, so its timeline's extent and recorded future are the same in every frame.
   */
  prepare(theme: Theme, until?: number): void;
  /** The stage at simulated time t as a standalone SVG document (null: no stage on screen). */
  render(t: number): ({ svg: string; width: number; height: number } & Pick<FrameRegion, 'x' | 'y'>) | null;
  /** The log grid's region as last rendered, as an SVG image URL (HTML in a foreignObject); null without logs. */
  logs(): Promise<(FrameRegion & { url: string }) | null>;
  /** The page's background colour (what shows between the regions). */
  background(): string;
  /** The whole app ('app') as last rendered, its stage the still image `stageSvg`, at the page's size; null in the other parts. */
  app(stageSvg: string): Promise<HTMLCanvasElement | null>;
}

export const FRAME_HOST_QUERY = 'export=frames';

export function isFramePage(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('export') === 'frames';
}

/** The parts the frame page shows (its address says; the exporter sets it). */
export function frameParts(): VideoParts {
  const p = new URLSearchParams(location.search).get('parts');
  return p === 'stage+logs' || p === 'app' ? p : 'stage';
}

/** The frame page's whole UI: the stage (and the log grid under it), laid out as in the app; or the app itself. */
export function FrameStage() {
  if (frameParts() === 'app') return <App />;
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

/**
 * The whole app: no scroll bars; no "in the past" note (the page has computed the run to the
 * export's end, so every frame looks back: in a video the note says nothing).
 */
const APP_PAGE_CSS = `
html[data-export-frame='true'] * { scrollbar-width: none; }
html[data-export-frame='true'] .tl-status .past-note { visibility: hidden; }
`;

const FRAME_PAGE_CSS = `
html[data-export-frame='true'] .app { grid-template-rows: minmax(0, 1fr) auto; }
html[data-export-frame='true'] .app > :not(.main):not(.bottom), html[data-export-frame='true'] .main > :not(.stage) { display: none !important; }
html[data-export-frame='true'] * { scrollbar-width: none; }
html[data-export-frame='true'] .main { grid-template-columns: minmax(0, 1fr) !important; border: 0; }
`;

export function installFrameHost(): void {
  freezePrefs(); // the frame page shares the user's localStorage: it must not change their theme
  document.documentElement.dataset.exportFrame = 'true';
  const whole = frameParts() === 'app';
  // the stage alone fills the page, so the frame is the stage at the export's size (or the app)
  const style = document.createElement('style');
  style.textContent = whole ? APP_PAGE_CSS : FRAME_PAGE_CSS;
  document.head.appendChild(style);
  // the whole app in presentation mode from its first render: the stage learns its size from a
  // ResizeObserver, a frame later, so a layout switched at prepare() would draw the first frames stale
  if (whole) {
    Object.assign(document.documentElement.dataset, { presentation: 'true', logsLarge: 'false' });
    useApp.setState({ presentation: true, bottomTab: 'logs', logsLarge: false });
  }
  const host: FrameHost = {
    prepare(theme, until) {
      const root = document.documentElement;
      root.dataset.theme = theme;
      // the whole app as in presentation mode: the logs tab at its usual height
      if (whole) Object.assign(root.dataset, { presentation: 'true', logsLarge: 'false' });
      flushSync(() => {
        pause();
        useApp.setState({ theme, presentation: whole, selectedNode: null, selectedMessage: null, why: null, contextMenu: null, linkEditor: null });
        if (whole) useApp.setState({ bottomTab: 'logs', logsLarge: false });
      });
      if (whole && until !== undefined) flushSync(() => seek(until));
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
    app: whole ? appCopier() : () => Promise.resolve(null),
    background() {
      const bg = getComputedStyle(document.body).backgroundColor;
      return bg === '' || bg === 'rgba(0, 0, 0, 0)' ? '#ffffff' : bg;
    },
  };
  (window as unknown as { raftlabFrameHost?: FrameHost }).raftlabFrameHost = host;
}
