// A pane is one drawn run: its frame, its options and the session whose trace it shows.
// The cluster view reads its pane through a store, so the same component draws pane A (the
// main run, mirrored here from the app store) and compare pane B (src/store/compare.ts).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ResolvedOptions } from '../sim/index.ts';
import { useApp } from './app.ts';
import type { Frame } from './frame.ts';
import { session, type Session } from './session.ts';

export interface PaneData {
  /** 'a': the main run, which the user acts on; 'b': compare pane B, which replays A's script. */
  id: 'a' | 'b';
  frame: Frame;
  options: ResolvedOptions;
  session: Session;
}

export type PaneStore = StoreApi<PaneData>;

function paneOfApp(): PaneData {
  const s = useApp.getState();
  return { id: 'a', frame: s.frame, options: s.options, session: session() };
}

/** Pane A: follows the app store's frame and options. */
export const paneA: PaneStore = createStore<PaneData>(paneOfApp);

useApp.subscribe((s) => {
  const cur = paneA.getState();
  if (s.frame !== cur.frame || s.options !== cur.options || cur.session !== session()) paneA.setState(paneOfApp());
});
