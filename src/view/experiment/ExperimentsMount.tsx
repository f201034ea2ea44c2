// The eager part of the Experiments feature: the toolbar button and the place the dialog mounts.
// The dialog itself (runner, plots, d3) is a chunk of its own, loaded when first opened.

import { lazy, Suspense } from 'react';
import { Icon } from '../Icons.tsx';
import { openExperiments, useExperimentsOpen } from '../../store/experimentsOpen.ts';

const ExperimentDialog = lazy(() => import('./ExperimentDialog.tsx'));

export function ExperimentsMount() {
  const open = useExperimentsOpen((s) => s.open);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <ExperimentDialog />
    </Suspense>
  );
}

export function ExperimentsButton() {
  return (
    <button
      className="btn"
      onClick={() => openExperiments()}
      title="Experiments: ask Raft a question over hundreds of seeds, e.g. the paper’s Figure 16"
      data-testid="experiments-open"
      aria-label="Experiments"
    >
      <Icon name="chart" />
    </button>
  );
}
