// The Web Worker of the "Find a counterexample" button: it receives one SearchRequest and runs
// the search (search.ts) off the main thread, posting SearchMessages back. Cancelling is
// terminating the worker (the UI does that), so the search itself needs no message loop.

import { runSearch, type SearchMessage, type SearchRequest } from './search.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<SearchRequest>) => void) | null;
  postMessage: (m: SearchMessage) => void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const req = e.data;
  if (req === null || typeof req !== 'object' || req.type !== 'start') {
    scope.postMessage({ type: 'error', message: 'The search worker expects a { type: "start" } request.' });
    return;
  }
  runSearch(req, (m) => scope.postMessage(m), { now: () => performance.now() });
};
