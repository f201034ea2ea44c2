// What the screen shows at a tour step (the step's `show`, src/scenario/format.ts): a server
// selected, a side-panel tab open, the logs enlarged; and, whenever a step highlights log
// entries, the Logs tab in front so the grid can scroll to them. `screenFor` is the pure rule
// (unit-tested); `applyScreen` does it through the UI store. The logs a tour enlarged go back to
// their size when a step without it is shown or the tour closes; what the viewer chose stays.

import type { ShowTab, TourStep } from '../scenario/format.ts';
import { useApp } from './app.ts';
import { selectNode, setBottomTab, setLogsLarge, setSideTab, type SideTab } from './ui.ts';

const SIDE_TAB: Record<ShowTab, SideTab> = { server: 'node', message: 'message', safety: 'safety', history: 'history' };

export interface Screen {
  /** Select this server (when it is on screen). */
  select?: string;
  sideTab?: SideTab;
  /** Whether the step asks for the logs enlarged. */
  logsLarge: boolean;
  /** The step highlights log entries: bring the Logs tab forward. */
  logsTab: boolean;
}

/** What showing `step` does to the screen; `ids`: the servers on screen. */
export function screenFor(step: TourStep | undefined, ids: readonly string[]): Screen {
  const show = step?.show;
  const out: Screen = { logsLarge: show?.logsLarge === true, logsTab: (step?.highlights?.entries?.length ?? 0) > 0 };
  if (show?.select !== undefined && ids.includes(show.select)) out.select = show.select;
  if (show?.tab !== undefined) out.sideTab = SIDE_TAB[show.tab];
  return out;
}

/** The side-panel tab as a scenario names it. */
export function showTabOf(tab: SideTab): ShowTab {
  return (Object.keys(SIDE_TAB) as ShowTab[]).find((k) => SIDE_TAB[k] === tab) ?? 'server';
}

/** Whether the tour enlarged the logs (so it gives the stage back, and only then). */
let enlargedByTour = false;

/** Shows `step`'s screen. */
export function applyScreen(step: TourStep | undefined): void {
  const app = useApp.getState();
  const screen = screenFor(step, app.frame.ids);
  if (screen.select !== undefined && app.selectedNode !== screen.select) selectNode(screen.select);
  if (screen.sideTab !== undefined && useApp.getState().sideTab !== screen.sideTab) setSideTab(screen.sideTab);
  if (screen.logsLarge) {
    if (!useApp.getState().logsLarge) {
      setLogsLarge(true);
      enlargedByTour = true;
    }
  } else {
    releaseLogs();
  }
  if (screen.logsTab && useApp.getState().bottomTab !== 'logs') setBottomTab('logs');
}

/** Gives the stage back if the tour enlarged the logs (a step without it, the tour closed or off script). */
export function releaseLogs(): void {
  if (!enlargedByTour) return;
  enlargedByTour = false;
  if (useApp.getState().logsLarge) setLogsLarge(false);
}
