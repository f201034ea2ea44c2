// Inside the off-screen frame page of a video or GIF export (`?export=frames`, an iframe the
// exporter opens): the app's stage alone, filling the page, answering "draw time t" with exactly
// what the still-image export gives there (export.ts: clusterSvg) — the same renderer and the
// same stage component, at a paused time. Nothing else of the app is mounted: a seek re-renders
// only the stage.

import { flushSync } from 'react-dom';
import { useApp } from '../../store/app.ts';
import { pause, seek } from '../../store/playback.ts';
import { freezePrefs, type Theme } from '../../store/prefs.ts';
import { clusterSvg } from '../export.ts';
import { ClusterView } from '../stage/ClusterView.tsx';

export interface FrameHost {
  /** The theme and a clean stage (nothing selected, paused). */
  prepare(theme: Theme): void;
  /** The stage at simulated time t as a standalone SVG document (null: no stage on screen). */
  render(t: number): { svg: string; width: number; height: number } | null;
}

export const FRAME_HOST_QUERY = 'export=frames';

export function isFramePage(): boolean {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('export') === 'frames';
}

/** The frame page's whole UI: the stage, laid out as in the app. */
export function FrameStage() {
  return (
    <div className="app">
      <main className="main">
        <ClusterView />
      </main>
    </div>
  );
}

const FRAME_PAGE_CSS = `
html[data-export-frame='true'] .app { grid-template-rows: minmax(0, 1fr); }
html[data-export-frame='true'] .app > :not(.main), html[data-export-frame='true'] .main > :not(.stage) { display: none !important; }
html[data-export-frame='true'] .main { grid-template-columns: minmax(0, 1fr) !important; border: 0; }
`;

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
      return clusterSvg();
    },
  };
  (window as unknown as { raftlabFrameHost?: FrameHost }).raftlabFrameHost = host;
}
