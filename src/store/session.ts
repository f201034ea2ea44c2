// The model outside React: the time machine of the current scenario and the indexes over its
// trace. One session at a time; the zustand store (app.ts) mirrors what components draw.

import type { Action, ClusterOptions, ResolvedOptions } from '../sim/index.ts';
import { TimeMachine } from './timeMachine.ts';
import { TraceIndex } from './traceIndex.ts';

export interface Session {
  tm: TimeMachine;
  index: TraceIndex;
  dispose: () => void;
}

let current: Session | null = null;

export function createSession(options?: ClusterOptions | ResolvedOptions, actions: Action[] = []): Session {
  const tm = new TimeMachine(options, actions);
  const index = new TraceIndex(tm.options);
  const offTrace = tm.onTrace((e) => index.add(e));
  const offTruncate = tm.onTruncate((length) => index.rebuild(tm.trace, length));
  return {
    tm,
    index,
    dispose: () => {
      offTrace();
      offTruncate();
      tm.dispose();
    },
  };
}

export function session(): Session {
  if (current === null) current = createSession();
  return current;
}

export function replaceSession(next: Session): void {
  current?.dispose();
  current = next;
}

export function sessionOptions(): ResolvedOptions {
  return session().tm.options;
}
