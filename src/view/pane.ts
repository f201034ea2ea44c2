// Which run a cluster view draws: pane A (the main run) unless a PaneProvider says otherwise.
// Components read their pane through usePane(selector), so each re-renders only when the part
// of its pane it selects changes, exactly as with the app store.

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { paneA, type PaneData, type PaneStore } from '../store/panes.ts';

export const PaneContext = createContext<PaneStore>(paneA);

export const PaneProvider = PaneContext.Provider;

export function usePane<T>(select: (pane: PaneData) => T): T {
  return useStore(useContext(PaneContext), select);
}

/** The pane's store itself, for reading outside render (transient per-frame updates). */
export function usePaneStore(): PaneStore {
  return useContext(PaneContext);
}
