import { afterEach, describe, expect, it } from 'vitest';
import { FIGURE16_BOTTOM } from './figure16.ts';
import { experimentWorkerCount, setExperimentWorkerFactory, startExperiment, type ExperimentWorker } from './pool.ts';
import type { ShardRequest, WorkerMessage } from './protocol.ts';
import { broadcastTimes, runExperiment, runShard, trialLink } from './run.ts';
import { parseExperiment, withTrials } from './spec.ts';

// A stand-in for the Web Worker: the same work as worker.ts, posted back asynchronously, one
// trial a message, so batches from several workers interleave.
function fakeWorker(log: { terminated: number }): ExperimentWorker {
  const w: ExperimentWorker = {
    onmessage: null,
    onerror: null,
    terminate: () => {
      log.terminated++;
      w.onmessage = null;
    },
    postMessage: (req: ShardRequest) => {
      const out: WorkerMessage[] = [];
      if (req.shard === 0) out.push({ type: 'broadcast', times: broadcastTimes(req.spec) });
      runShard(req.spec, req.shard, req.of, (t, run) => out.push({ type: 'trials', trials: [t], links: req.links ? [[`${t.value}:${t.seed}`, trialLink(run)]] : [] }));
      out.push({ type: 'done' });
      let i = 0;
      const next = () => {
        if (i >= out.length || w.onmessage === null) return;
        w.onmessage({ data: out[i++] } as MessageEvent<WorkerMessage>);
        setTimeout(next, 0);
      };
      setTimeout(next, 0);
    },
  };
  return w;
}

const spec = (() => {
  const r = parseExperiment(withTrials(FIGURE16_BOTTOM, 3));
  if (!r.ok) throw new Error(r.error);
  return r.spec;
})();

afterEach(() => setExperimentWorkerFactory(null));

describe('experiments on workers', () => {
  it('resolves to what npm run experiment --json prints, for 1, 2 and 3 workers, reporting partial results on the way', async () => {
    const expected = runExperiment(spec, { links: true });
    for (const workers of [1, 2, 3]) {
      const log = { terminated: 0 };
      setExperimentWorkerFactory(() => fakeWorker(log));
      const seen: number[] = [];
      const run = startExperiment(spec, { workers, links: true, onTrials: (_t, done) => seen.push(done) });
      expect(run.workers).toBe(workers);
      expect(await run.result).toEqual(expected);
      expect(seen.at(-1)).toBe(15);
      expect(seen.length).toBe(15);
      expect(log.terminated).toBe(workers);
    }
  });

  it('cancel stops every worker and rejects with a sentence', async () => {
    const log = { terminated: 0 };
    setExperimentWorkerFactory(() => fakeWorker(log));
    const run = startExperiment(spec, { workers: 2 });
    run.cancel();
    await expect(run.result).rejects.toThrow('The experiment was cancelled.');
    expect(log.terminated).toBe(2);
  });

  it('uses 2 workers on 2 cores, else the cores but one (1 to 4)', () => {
    expect([1, 2, 3, 4, 8, 16].map((c) => experimentWorkerCount(c))).toEqual([1, 2, 2, 3, 4, 4]);
  });
});
