// The zustand store: the frame drawn (what the run looks like at the displayed time),
// playback state, the selection and UI state, and the preferences. Holds no protocol logic:
// everything it shows comes from the scripting API of src/sim, through the session's time
// machine (session.ts). What changes the state lives beside it, by concern:
//   frame.ts       the frame: what is drawn of a run at the displayed moment
//   playback.ts    play, pause, speed, the animation frame's tick, seek, steps, settle
//   actions.ts     the user's actions on the cluster, undo/redo/branches, restarting a scenario
//   partition.ts   partition maths (pure); membership.ts: who is in the configuration (pure)
//   ui.ts          selection, tabs, dialogs, menus, notices, and the preference setters
//   prefs.ts       preferences kept in localStorage, and the system's first-visit choices

import { create } from 'zustand';
import type { Cluster, ResolvedOptions } from '../sim/index.ts';
import { buildFrame, nextFrame, type Frame } from './frame.ts';
import type { StepKind } from './playback.ts';
import { defaultTheme, loadPrefs, prefersReducedMotion, savePrefs, type Theme } from './prefs.ts';
import { session } from './session.ts';
import type { BottomTab, ContextMenuState, Dialog, LinkEditorState, SideTab, Toast } from './ui.ts';
import type { WhyHighlight } from './why.ts';

export interface AppState {
  options: ResolvedOptions;
  /** What is drawn: the run at the displayed time. */
  frame: Frame;
  // ---------------------------------------------------------------- playback (playback.ts)
  /** Simulated ms shown (fractional during playback: animation is a function of it). */
  displayedTime: number;
  playing: boolean;
  speed: number;
  /** Set while the timeline handle is dragged (playback pauses, resumes after). */
  scrubbing: boolean;
  stepKind: StepKind;
  // ---------------------------------------------------------------- selection and UI (ui.ts)
  selectedNode: string | null;
  selectedMessage: number | null;
  why: WhyHighlight | null;
  dialog: Dialog;
  bottomTab: BottomTab;
  sideTab: SideTab;
  /** The logs enlarged: they take the stage's place and the stage shrinks beside them (ui.ts, setLogsLarge). */
  logsLarge: boolean;
  toasts: Toast[];
  contextMenu: ContextMenuState | null;
  linkEditor: LinkEditorState | null;
  /** A sentence for screen readers about the latest important event. */
  announcement: string;
  /** Load error of a shared scenario or similar, shown once. */
  banner: string | null;
  // ---------------------------------------------------------------- preferences (prefs.ts)
  theme: Theme;
  presentation: boolean;
  showMessageLabels: boolean;
  reducedMotion: boolean;
}

/** The cluster the current frame was read from: a frame reuses only what came from the same one. */
let frameCluster: Cluster | null = null;

/** The current session's frame, drawn from scratch (a new run). */
export function freshFrame(): Frame {
  frameCluster = session().tm.cluster;
  return buildFrame(null, null);
}

const prefs = loadPrefs();
const reducedMotion = prefersReducedMotion();

export const useApp = create<AppState>()(() => ({
  options: session().tm.options,
  frame: freshFrame(),
  displayedTime: 0,
  playing: !reducedMotion,
  speed: 0.1,
  scrubbing: false,
  stepKind: 'leader',
  selectedNode: null,
  selectedMessage: null,
  why: null,
  dialog: null,
  bottomTab: 'logs',
  sideTab: 'node',
  logsLarge: false,
  toasts: [],
  contextMenu: null,
  linkEditor: null,
  announcement: '',
  banner: null,
  theme: prefs.theme ?? defaultTheme(),
  presentation: prefs.presentation ?? false,
  showMessageLabels: prefs.showMessageLabels ?? false,
  reducedMotion,
}));

useApp.subscribe((s, prev) => {
  if (s.theme !== prev.theme || s.presentation !== prev.presentation || s.showMessageLabels !== prev.showMessageLabels) {
    savePrefs(s);
  }
});

/** Copies the time machine's state into the store (after any change to it), with `extra`. */
export function sync(extra: Partial<AppState> = {}): void {
  const { tm, index } = session();
  const s = useApp.getState();
  const frame = nextFrame(s.frame, frameCluster);
  frameCluster = tm.cluster;
  let selectedMessage = extra.selectedMessage !== undefined ? extra.selectedMessage : s.selectedMessage;
  if (selectedMessage !== null && !index.fates.has(selectedMessage)) selectedMessage = null;
  useApp.setState({ frame, selectedMessage, ...extra });
}
