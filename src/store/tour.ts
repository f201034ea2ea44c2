// The scenario around the run: its title, description and guided tour, where the tour is,
// the answers chosen, the highlights to draw, the tour editor's state and the dialogs of the
// scenario UI (lecture library, share/export). A zustand store of its own beside app.ts, so
// the simulation store stays unaware of tours; it follows app.ts's displayed time to pause at
// each step and drops the tour when the scenario is replaced by something else.

import type { Scenario, TourHighlights, TourStep } from '../scenario/format.ts';
import { shareUrl } from '../scenario/url.ts';
import { sync, useApp } from './app.ts';
import { pause, play, seek, setSpeed } from './playback.ts';
import { restartScenario, switchBranch } from './actions.ts';
import { toast } from './ui.ts';
import { enterCompare } from './compare.ts';
import { session } from './session.ts';
import { ownTour, useTour, type TourState } from './tourStore.ts';
import { carryDraftAcrossRestart, describeCarriedDraft, withoutUnknownNodes } from './tourEdit.ts';
import { answerRevealed, canGoNext, onScript, clampStep, cleanTour, crossedStep, moveTo, stepForTime } from './tourNav.ts';
import { applyScreen, releaseLogs } from './tourShow.ts';

export { useTour, type TourState } from './tourStore.ts';

const get = useTour.getState;
const set = useTour.setState;

/**
 * The tour of the current session as it goes into a link (empty when none or replaced),
 * without highlights of servers this run does not have (a draft carried across a restart).
 */
export function activeTour(): TourStep[] {
  const s = get();
  if (s.owner !== session()) return [];
  const { tm } = session();
  return cleanTour(withoutUnknownNodes(s.tour, tm.options.nodes, tm.actions));
}


/** Title and description of the current scenario, for share links and exports. */
export function activeMeta(): { title?: string; description?: string } {
  const s = get();
  if (s.owner !== session()) return {};
  const out: { title?: string; description?: string } = {};
  if (s.title !== null) out.title = s.title;
  if (s.description !== null) out.description = s.description;
  return out;
}

/** What the view should highlight now (the current tour step's highlights), or null. */
export function currentHighlights(s: TourState): TourHighlights | null {
  if (!s.open || s.step < 0) return null;
  return s.tour[s.step]?.highlights ?? null;
}

/** A tour is being played on its own script (not edited, not off script). */
export function tourPlaysScript(s: TourState): boolean {
  return s.open && !s.editing && !s.offScript && s.script !== null && s.owner === session();
}

export function isRevealed(s: TourState, index: number): boolean {
  return answerRevealed(index, s.step, s.chosen, s.passed);
}

// ------------------------------------------------------------------ loading

/**
 * Takes over a freshly started session's scenario: its tour, title and description, and the
 * notice to show with it (made with an older engine), if any. The caller has already restarted
 * the session with the scenario's options and actions.
 */
export function adoptScenario(s: Scenario, t: number | null, notice: string | null = null): void {
  const tour = s.tour ?? [];
  set({
    owner: session(),
    title: s.title ?? null,
    description: s.description ?? null,
    tour,
    step: t === null ? -1 : stepForTime(tour, t),
    open: tour.length > 0 || (get().editing && get().owner === session()),
    chosen: new Map(),
    passed: new Set(),
    restoreSpeed: null,
    brokenInput: null,
    notice,
    script: tour.length > 0 ? [...session().tm.actions] : null,
    offScript: false,
  });
  if (useApp.getState().banner !== null) useApp.setState({ banner: null });
  // a guided tour waits at its start (or its step) for the viewer: Start plays to step 1
  if (tour.length > 0 && useApp.getState().playing) pause();
}

/**
 * Loads a scenario into the app: restarts at time 0 paused (or at t), with its tour.
 * `push`: add a browser history entry so back/forward return to the previous scenario.
 * `notice`: shown with it (a file made with an older engine).
 */
export function openScenario(s: Scenario, t: number | null, opts: { push?: boolean; notice?: string } = {}): boolean {
  if (!restartScenario(s.options, s.actions)) return false;
  adoptScenario(s, t, opts.notice ?? null);
  if (s.compare !== undefined) enterCompare(s.compare.options);
  pause();
  seek(t ?? 0);
  useApp.setState({ playing: false, banner: null });
  if (opts.push === true && typeof history !== 'undefined' && typeof location !== 'undefined') {
    try {
      // a tour opened at its start has no time in its address: reloading shows its intro again
      history.pushState(null, '', shareUrl(location.href, s, t));
    } catch {
      /* some embeddings forbid it */
    }
  }
  return true;
}

export function setBrokenInput(raw: string | null): void {
  set({ brokenInput: raw });
}

/** Dismisses the notice about the opened scenario. */
export function dismissNotice(): void {
  set({ notice: null });
}

/** Shows a notice about the opened scenario (kept when one is already shown: it says the same). */
export function showNotice(text: string): void {
  if (useTour.getState().notice === null) set({ notice: text });
}

// ------------------------------------------------------------------ navigation

function restoreSpeedIfAny(): void {
  const r = get().restoreSpeed;
  if (r !== null) {
    set({ restoreSpeed: null });
    setSpeed(r);
  }
}

function markPassed(upTo: number): ReadonlySet<number> {
  const passed = new Set(get().passed);
  for (let i = 0; i < upTo; i++) passed.add(i);
  return passed;
}

/** Shows step `index`: plays forward to its time and pauses there (animate), or seeks. */
export function goToStep(index: number, animate = false): void {
  const s = get();
  const tour = ownTour();
  const i = clampStep(tour, index);
  restoreSpeedIfAny();
  if (i < 0) {
    set({ step: -1, open: true });
    seek(0);
    pause();
    return;
  }
  const app = useApp.getState();
  const move = moveTo(tour, i, app.displayedTime, app.speed, animate);
  if (move === null) return;
  if (move.kind === 'seek') {
    set({ step: i, open: true, passed: i > s.step ? markPassed(i) : s.passed });
    pause();
    seek(move.at);
    pause();
    return;
  }
  // play on: the crossing rule below stops exactly at the step and advances to it
  set({ step: i - 1, open: true, passed: markPassed(i), restoreSpeed: move.speed !== app.speed ? app.speed : null });
  if (move.speed !== app.speed) setSpeed(move.speed);
  play();
}

/** Next: the following step, or, on the last step, its question's answer. */
export function nextStep(): void {
  const s = get();
  const tour = ownTour();
  if (!canGoNext(tour, s.step, isRevealed(s, s.step))) return;
  if (s.step === tour.length - 1) {
    set({ passed: new Set<number>(s.passed).add(s.step) }); // the last step's question: reveal its answer
    return;
  }
  goToStep(s.step + 1, true);
}
/**
 * PageDown / PageUp (a presenter's clicker): the next or previous step of the tour being played.
 * False when no tour is being played (the key then does what it does elsewhere).
 */
export function stepTour(dir: 1 | -1): boolean {
  const s = get();
  if (!s.open || s.editing || s.offScript || s.owner !== session() || ownTour().length === 0) return false;
  if (dir > 0) nextStep();
  else prevStep();
  return true;
}

export function prevStep(): void {
  goToStep(get().step - 1, false);
}

export function choose(stepIndex: number, choice: number): void {
  const chosen = new Map(get().chosen);
  if (!chosen.has(stepIndex)) chosen.set(stepIndex, choice);
  set({ chosen });
}

export function setTourOpen(open: boolean): void {
  if (!open) {
    restoreSpeedIfAny();
    releaseLogs();
  }
  set({ open });
}

export function setLibraryOpen(open: boolean): void {
  set({ libraryOpen: open });
}

export function setShareOpen(open: boolean): void {
  set({ shareOpen: open });
}

// ------------------------------------------------------------------ following playback

let following = false;

/** Pause at each step's time while playing; drop the tour when the scenario is replaced. */
export function followPlayback(): () => void {
  if (following) return () => {};
  following = true;
  const offApp = useApp.subscribe((a, prev) => {
    if (a.frame.actions !== prev.frame.actions || a.frame.branches !== prev.frame.branches || a.frame.futureActions !== prev.frame.futureActions) {
      checkScript();
    }
    const s = get();
    if (s.owner !== null && s.owner !== session()) {
      restoreSpeedIfAny();
      // a new run: the opened scenario's notice was about the run it shared
      if (s.notice !== null) set({ notice: null });
      if (s.editing) {
        // a restart with other settings while editing: the draft is the lecturer's work, keep it
        carryDraft(s);
        return;
      }
      // a played tour described another run
      releaseLogs();
      set({ owner: null, tour: [], step: -1, open: false, title: null, description: null, chosen: new Map(), passed: new Set(), script: null, offScript: false });
      return;
    }
    if (s.owner === null || !s.open || s.tour.length === 0) return;
    if (!a.playing && prev.playing) restoreSpeedIfAny();
    if (s.editing || s.offScript) return;
    if (a.playing && a.displayedTime > prev.displayedTime) {
      const crossed = crossedStep(s.tour, s.step, prev.displayedTime, a.displayedTime);
      if (crossed !== null) {
        set({ step: crossed, passed: markPassed(crossed) });
        restoreSpeedIfAny();
        pause();
        seek(s.tour[crossed].at);
        return;
      }
    }
    if (a.displayedTime < prev.displayedTime) {
      // scrubbed back: show the step of that moment
      const at = stepForTime(s.tour, a.displayedTime);
      if (at < s.step) set({ step: at });
    }
  });
  // the screen each step asks for, when the step is shown (or, editing, when its screen changes)
  const offTour = useTour.subscribe((s, prev) => {
    if (!s.open || s.offScript || s.owner !== session()) return;
    const step = s.step >= 0 ? s.tour[s.step] : undefined;
    const before = prev.step >= 0 ? prev.tour[prev.step] : undefined;
    if (s.step !== prev.step || !prev.open || prev.offScript || (s.editing && step?.show !== before?.show)) applyScreen(step);
  });
  return () => {
    following = false;
    offApp();
    offTour();
  };
}

/** Whether the run on screen still follows the tour's script; sets offScript when that changes. */
function checkScript(): void {
  const s = get();
  const off = s.script !== null && !s.editing && s.owner === session() && !onScript(session().tm.actions, s.script);
  if (off === s.offScript) return;
  if (off) releaseLogs();
  set({ offScript: off });
}

/**
 * Back to the lecture: the branch that follows the tour's script (the viewer's own branch is
 * kept under History), shown at the current step.
 */
export function backToScript(): void {
  const s = get();
  const script = s.script;
  if (script === null || s.owner !== session()) return;
  const { tm } = session();
  const branch = tm.branches.find((b) => onScript(b.actions, script));
  if (branch !== undefined) switchBranch(branch.id);
  else {
    tm.setScript([...script], tm.now);
    sync({ displayedTime: tm.now });
  }
  checkScript();
  goToStep(s.step, false);
}

function carryDraft(s: TourState): void {
  const { tm } = session();
  const carried = carryDraftAcrossRestart(s.tour, tm.options.nodes, tm.actions);
  set({ owner: session(), tour: carried.tour, step: clampStep(carried.tour, s.step), chosen: new Map(), passed: new Set(), script: null, offScript: false });
  const note = describeCarriedDraft(carried);
  if (note !== null) toast(`Tour draft kept. ${note}`);
}

/** Announce a load error (a bad link or file) and keep its text to copy. */
export function reportBadInput(error: string, raw: string): void {
  set({ brokenInput: raw });
  toast(error, 'error');
}

/** After a shared or library scenario: back to the default scenario (browser back to the start). */
export function restoreDefaultIfLinked(): void {
  const s = get();
  if (s.owner === null || s.owner !== session()) return;
  if (!restartScenario()) return;
  releaseLogs();
  set({ owner: null, tour: [], step: -1, open: false, title: null, description: null, chosen: new Map(), passed: new Set(), notice: null, script: null, offScript: false });
}

// ------------------------------------------------------------------ the tour editor

/**
 * Opens the tour editor on the current run: actions you take while playing are recorded in
 * the action script as always; "add a step" puts a tour step at the displayed moment.
 */
export function startEditing(): void {
  const s = get();
  if (s.owner !== session()) {
    set({ owner: session(), tour: [], step: -1, title: null, description: null, chosen: new Map(), passed: new Set() });
  }
  restoreSpeedIfAny();
  // the editor records whatever is done: its tour is on its own script
  set({ editing: true, open: true, script: null, offScript: false });
}

export function stopEditing(): void {
  const tour = ownTour();
  set({
    editing: false,
    picking: false,
    open: tour.length > 0,
    step: stepForTime(tour, useApp.getState().displayedTime),
    script: tour.length > 0 ? [...session().tm.actions] : null,
    offScript: false,
  });
}

export {
  addStepHere,
  canPickHighlights,
  deleteStep,
  moveStep,
  pickEntry,
  pickMessage,
  pickNode,
  selectStep,
  setPicking,
  setTitle,
  toggleEntryHighlight,
  toggleMessageHighlight,
  toggleNodeHighlight,
  updateStep,
} from './tourEditor.ts';
