// The Web Worker of the exhaustive "Find a counterexample": one ExploreRequest in, progress and
// a result out (exploreSearch.ts). Cancelling is terminating the worker (the UI does that).

import { runExplore, type ExploreMessage, type ExploreRequest } from './exploreSearch.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ExploreRequest>) => void) | null;
  postMessage: (m: ExploreMessage) => void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const req = e.data;
  if (req === null || typeof req !== 'object' || req.type !== 'start') {
    scope.postMessage({ type: 'error', message: 'The exhaustive search worker expects a { type: "start" } request.' });
    return;
  }
  runExplore(req, (m) => scope.postMessage(m), { now: () => performance.now() });
};
