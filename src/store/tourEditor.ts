// The tour editor's changes to the tour: steps added at the displayed moment, edited, moved and
// deleted, the title, and the highlights of the step being edited (pick mode: a click on a
// server, a message or a log cell toggles it). Re-exported by tour.ts.

import type { TourStep } from '../scenario/format.ts';
import { useApp } from './app.ts';
import { session } from './session.ts';
import { clampStep, cleanShow } from './tourNav.ts';
import { showTabOf } from './tourShow.ts';
import { ownTour, useTour, type TourState } from './tourStore.ts';
import { toggleEntry, toggleMessage, toggleNode, type EntryRef } from './tourEdit.ts';

const get = useTour.getState;
const set = useTour.setState;

function setSteps(tour: TourStep[], step: number = get().step): void {
  set({ owner: session(), tour, step: clampStep(tour, step) });
}

/** Inserts a step at the displayed time (after steps at the same time); returns its index. */
export function addStepHere(text = ''): number {
  const at = Math.round(useApp.getState().displayedTime);
  const tour = ownTour().slice();
  let i = tour.length;
  while (i > 0 && tour[i - 1].at > at) i--;
  const app = useApp.getState();
  const nodes = app.selectedNode;
  const step: TourStep = { at, text };
  if (nodes !== null) step.highlights = { nodes: [nodes] };
  // the screen as the lecturer set it up: that server selected, that side tab, the logs' size
  const show = cleanShow({ select: nodes ?? undefined, tab: app.sideTab === 'node' ? undefined : showTabOf(app.sideTab), logsLarge: app.logsLarge });
  if (show !== undefined) step.show = show;
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
