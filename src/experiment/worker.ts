// The Web Worker of an experiment: it runs one shard of the trials (every n-th work item) and
// posts them back in small batches, so the page draws partial results as they come. Cancelling
// is terminating the worker. Shard 0 also measures the broadcast time of every value.

import { broadcastTimes, runShard, trialLink } from './run.ts';
import type { ShardRequest, WorkerMessage } from './protocol.ts';
import type { TrialResult } from './types.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ShardRequest>) => void) | null;
  postMessage: (m: WorkerMessage) => void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const req = e.data;
  try {
    const { spec, shard, of, links } = req;
    let batch: TrialResult[] = [];
    let linkBatch: [string, string][] = [];
    let last = performance.now();
    const flush = () => {
      if (batch.length === 0) return;
      scope.postMessage({ type: 'trials', trials: batch, links: linkBatch });
      batch = [];
      linkBatch = [];
      last = performance.now();
    };
    if (shard === 0 && spec.trial.kind === 'leader-crash') scope.postMessage({ type: 'broadcast', times: broadcastTimes(spec) });
    runShard(spec, shard, of, (t, run) => {
      batch.push(t);
      // only when asked (the console's result): the app makes a link when a point is clicked
      if (links) linkBatch.push([`${t.value}:${t.seed}`, trialLink(run)]);
      if (performance.now() - last > 100) flush();
    });
    flush();
    scope.postMessage({ type: 'done' });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
