// The scenario around the run: its title, description and guided tour, where the tour is,
// the answers chosen, the highlights to draw, the tour editor's state and the dialogs of the
// scenario UI (lecture library, share/export). A zustand store of its own beside app.ts, so
// the simulation store stays unaware of tours; it follows app.ts's displayed time to pause at
// each step and drops the tour when the scenario is replaced by something else.

import { create } from 'zustand';
import type { Scenario, TourHighlights, TourStep } from '../scenario/format.ts';
import { shareUrl } from '../scenario/url.ts';
import { useApp } from './app.ts';
import { pause, play, seek, setSpeed } from './playback.ts';
import { restartScenario } from './actions.ts';
import { toast } from './ui.ts';
import { enterCompare } from './compare.ts';
import { session, type Session } from './session.ts';
import { carryDraftAcrossRestart, describeCarriedDraft, toggleEntry, toggleMessage, toggleNode, withoutUnknownNodes, type EntryRef } from './tourEdit.ts';
import { answerRevealed, clampStep, cleanTour, crossedStep, moveTo, stepForTime } from './tourNav.ts';

export interface TourState {
  /** The session the tour belongs to; another session (settings restart) drops the tour. */
  owner: Session | null;
  title: string | null;
  description: string | null;
  tour: TourStep[];
  /** Current step; −1 is the intro card (title and description). */
  step: number;
  /** Whether the tour panel is shown. */
  open: boolean;
  chosen: ReadonlyMap<number, number>;
  passed: ReadonlySet<number>;
  /** Speed to restore once a "Next" trip arrives. */
  restoreSpeed: number | null;
  /** The tour editor is open: steps do not pause playback. */
  editing: boolean;
  /** Pick mode of the editor: clicks on servers, messages and log cells toggle highlights. */
  picking: boolean;
  libraryOpen: boolean;
  shareOpen: boolean;
  /** A broken link or file, exactly as given, for the user to copy. */
  brokenInput: string | null;
  /**
   * A plain notice about the scenario opened (not an error): it was made with an older engine,
   * so its run may differ from the one shared. Cleared by Dismiss, another scenario or a restart.
   */
  notice: string | null;
}

export const useTour = create<TourState>()(() => ({
  owner: null,
  title: null,
  description: null,
  tour: [],
  step: -1,
  open: false,
  chosen: new Map(),
  passed: new Set(),
  restoreSpeed: null,
  editing: false,
  picking: false,
  libraryOpen: false,
  shareOpen: false,
  brokenInput: null,
  notice: null,
}));

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

function ownTour(): TourStep[] {
  const s = get();
  return s.owner === session() ? s.tour : [];
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
  });
  if (useApp.getState().banner !== null) useApp.setState({ banner: null });
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
      history.pushState(null, '', shareUrl(location.href, s, t ?? 0));
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

export function nextStep(): void {
  goToStep(get().step + 1, true);
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
  if (!open) restoreSpeedIfAny();
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
      set({ owner: null, tour: [], step: -1, open: false, title: null, description: null, chosen: new Map(), passed: new Set() });
      return;
    }
    if (s.owner === null || !s.open || s.tour.length === 0) return;
    if (!a.playing && prev.playing) restoreSpeedIfAny();
    if (s.editing) return;
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
  return () => {
    following = false;
    offApp();
  };
}

function carryDraft(s: TourState): void {
  const { tm } = session();
  const carried = carryDraftAcrossRestart(s.tour, tm.options.nodes, tm.actions);
  set({ owner: session(), tour: carried.tour, step: clampStep(carried.tour, s.step), chosen: new Map(), passed: new Set() });
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
  set({ owner: null, tour: [], step: -1, open: false, title: null, description: null, chosen: new Map(), passed: new Set(), notice: null });
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
  set({ editing: true, open: true });
}

export function stopEditing(): void {
  set({ editing: false, picking: false, open: ownTour().length > 0, step: stepForTime(ownTour(), useApp.getState().displayedTime) });
}

function setSteps(tour: TourStep[], step: number = get().step): void {
  set({ owner: session(), tour, step: clampStep(tour, step) });
}

/** Inserts a step at the displayed time (after steps at the same time); returns its index. */
export function addStepHere(text = ''): number {
  const at = Math.round(useApp.getState().displayedTime);
  const tour = ownTour().slice();
  let i = tour.length;
  while (i > 0 && tour[i - 1].at > at) i--;
  const nodes = useApp.getState().selectedNode;
  const step: TourStep = { at, text };
  if (nodes !== null) step.highlights = { nodes: [nodes] };
  tour.splice(i, 0, step);
  setSteps(tour, i);
  return i;
}

/** Replaces step i; a changed time re-sorts it. Returns its new index. */
export function updateStep(i: number, step: TourStep): number {
  const tour = ownTour().slice();
  if (tour[i] === undefined) return i;
  if (step.at === tour[i].at) {
    tour[i] = step;
    setSteps(tour, i);
    return i;
  }
  tour.splice(i, 1);
  let j = tour.length;
  while (j > 0 && tour[j - 1].at > step.at) j--;
  tour.splice(j, 0, step);
  setSteps(tour, j);
  return j;
}

export function deleteStep(i: number): void {
  const tour = ownTour().slice();
  if (tour[i] === undefined) return;
  tour.splice(i, 1);
  setSteps(tour, Math.min(i, tour.length - 1));
}

/**
 * Moves step i up or down. Steps are kept in time order, so moving swaps the two steps'
 * contents and keeps the times where they were.
 */
export function moveStep(i: number, dir: -1 | 1): number {
  const tour = ownTour().slice();
  const j = i + dir;
  if (tour[i] === undefined || tour[j] === undefined) return i;
  const a = tour[i];
  const b = tour[j];
  tour[i] = { ...b, at: a.at };
  tour[j] = { ...a, at: b.at };
  setSteps(tour, j);
  return j;
}

export function setTitle(title: string): void {
  set({ owner: session(), title: title === '' ? null : title });
}

export function selectStep(i: number): void {
  set({ step: clampStep(ownTour(), i) });
}

// ------------------------------------------------------------------ highlights of the edited step

function editStep(change: (step: TourStep) => TourStep): boolean {
  const s = get();
  const step = ownTour()[s.step];
  if (!s.editing || step === undefined) return false;
  updateStep(s.step, change(step));
  return true;
}

/** Adds or removes a server in the highlights of the step being edited. */
export function toggleNodeHighlight(id: string): boolean {
  return editStep((step) => toggleNode(step, id, useApp.getState().frame.ids));
}

/** Adds or removes a message (by id) in the highlights of the step being edited. */
export function toggleMessageHighlight(id: number): boolean {
  return editStep((step) => toggleMessage(step, id));
}

/** Adds or removes a log entry in the highlights of the step being edited. */
export function toggleEntryHighlight(entry: EntryRef): boolean {
  return editStep((step) => toggleEntry(step, entry, useApp.getState().frame.ids));
}

/** Whether a click on a log cell should pick it for the step being edited. */
export function canPickHighlights(s: TourState): boolean {
  return s.editing && s.open && s.step >= 0 && s.owner === session();
}

export function setPicking(picking: boolean): void {
  set({ picking: picking && canPickHighlights(get()) });
}

function pick(toggle: () => boolean): boolean {
  const s = get();
  if (!s.picking || !canPickHighlights(s)) return false;
  return toggle();
}

/** In pick mode, a click on a server toggles its highlight; returns whether it was picked. */
export function pickNode(id: string): boolean {
  return pick(() => toggleNodeHighlight(id));
}

/** In pick mode, a click on a message (ring or space-time diagram) toggles its highlight. */
export function pickMessage(id: number): boolean {
  return pick(() => toggleMessageHighlight(id));
}

/** In pick mode, a click on a log cell toggles its highlight. */
export function pickEntry(entry: EntryRef): boolean {
  return pick(() => toggleEntryHighlight(entry));
}
