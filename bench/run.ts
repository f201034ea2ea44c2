// `npm run bench`: every benchmark, one after the other, printing medians.
// Options: --quick (shorter runs, for a smoke check), --only engine|linearizability|fuzz|explore|memory|render|render-heavy|experiment|media.

import { printEngine, runEngineBench } from './engine.ts';
import { printExperiment, runExperimentBench } from './experiment.ts';
import { runExploreBench } from './explore.ts';
import { runFuzzBench } from './fuzz.ts';
import { runLinearizabilityBench } from './linearizability.ts';
import { printMedia, runMediaBench } from './media.ts';
import { printMemory, runMemoryBench } from './memory.ts';
import { printRender, runRenderBench } from './render.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const wanted = (name: string) => only === undefined || only === name;

async function main(): Promise<void> {
  console.log(`raftlab benchmarks (node ${process.version}, ${quick ? 'quick' : 'full'} run)`);
  if (wanted('engine')) {
    const simulated = quick ? 60_000 : 600_000;
    printEngine(runEngineBench(5, simulated, quick ? 1 : 5));
    printEngine(runEngineBench(25, simulated, quick ? 1 : 3));
    printEngine(runEngineBench(101, quick ? 10_000 : 600_000, 1));
  }
  if (wanted('linearizability')) await runLinearizabilityBench(); // prints its own line
  if (wanted('fuzz')) await runFuzzBench({ quick });
  if (wanted('explore')) await runExploreBench({ quick });
  if (wanted('memory')) printMemory(runMemoryBench({ quick }));
  if (wanted('render')) printRender(await runRenderBench({ quick }));
  // not part of a full run (render measures it): the heavy-load frames alone
  if (only === 'render-heavy') printRender(await runRenderBench({ quick, heavyOnly: true }));
  if (wanted('experiment')) printExperiment(await runExperimentBench({ quick }));
  if (wanted('media')) printMedia(await runMediaBench({ quick }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
