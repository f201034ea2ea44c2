// The tour store's state: the scenario around the run (title, description, guided tour), where
// the tour is, the answers chosen, the editor's and the scenario dialogs' state. tour.ts drives
// it (loading, navigation, following playback); tourEditor.ts edits the tour's steps.

import { create } from 'zustand';
import type { TourStep } from '../scenario/format.ts';
import type { Action } from '../sim/index.ts';
import { session, type Session } from './session.ts';

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
  /**
   * The action script the tour was written on (the scenario's), or null while editing or without
   * a scenario: acting during a tour starts a new branch, and the tour is then off script.
   */
  script: readonly Action[] | null;
  /** The run on screen is not the tour's script (the viewer acted): the tour stops narrating. */
  offScript: boolean;
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
  script: null,
  offScript: false,
}));

/** The tour of the current session (empty when none or replaced by another run). */
export function ownTour(): TourStep[] {
  const s = useTour.getState();
  return s.owner === session() ? s.tour : [];
}
