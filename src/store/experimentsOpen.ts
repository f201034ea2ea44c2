// Whether the Experiments dialog is open, and the experiment it opens with (a built-in one, or
// one a link carried). Small and eager: the dialog, the runner and the plots load on first open.

import { create } from 'zustand';
import type { ExperimentSpec } from '../experiment/types.ts';

export interface ExperimentsOpenState {
  open: boolean;
  /** An experiment to show (from a link or the console); null: the dialog's own choice. */
  spec: ExperimentSpec | null;
  /** A built-in experiment's id to show (from the lecture library), else null. */
  builtin: string | null;
  /** Bumped whenever a new spec is handed over, so the dialog adopts it even when equal. */
  generation: number;
}

export const useExperimentsOpen = create<ExperimentsOpenState>()(() => ({ open: false, spec: null, builtin: null, generation: 0 }));

export function openExperiments(spec: ExperimentSpec | null = null): void {
  useExperimentsOpen.setState((s) => ({ open: true, spec: spec ?? s.spec, builtin: spec === null ? s.builtin : null, generation: spec === null ? s.generation : s.generation + 1 }));
}

/** Opens the dialog on a built-in experiment (the lecture library's experiment cards). */
export function openBuiltinExperiment(id: string): void {
  useExperimentsOpen.setState((s) => ({ open: true, spec: null, builtin: id, generation: s.generation + 1 }));
}

export function closeExperiments(): void {
  useExperimentsOpen.setState({ open: false });
}
