// The chaos fuzzer's front door: seeded random scenarios, a checked run, and shrinking of a
// failure to a minimal replayable scenario. Plain TypeScript with no Node APIs, so the browser
// can run it in a Web Worker; the CLI and worker-thread plumbing live in scripts/fuzz.ts.
//
// A seed becomes a scenario like this: cluster options drawn from the seed (features, client
// workload), then a run during which faults are injected through the scripting API at random
// times — crashes and restarts (often of the leader), partitions (also one-directional links),
// loss / duplication / reordering bursts, manual delivery windows, forced elections — and finally
// a stable period (heal, restart every node, a normal network). The action script the cluster
// recorded (`cluster.actions()`) is the scenario: `createCluster(options, actions)` replays it.
//
// Every invariant of Figure 3 is checked after every event (SafetyMonitor); at the end, liveness
// (a leader exists, every live voter applied what was committed well before the end) and the
// linearizability of the client history.
//
// The parts, in src/check/fuzz/:
//   config.ts    FuzzConfig and the FuzzProfile (every probability and bound, named, with defaults)
//   run.ts       one seed: its options, the run loop, the stable period
//   world.ts     what faults act on (the cluster, the fault stream, the timeline of undos)
//   faults.ts    the scheduled faults, one function per kind
//   reactive.ts  the reactive faults, driven by the trace
//   checked.ts   a cluster with every check on; the end-of-run checks
//   replay.ts    replaying a scenario (as a script, or action by action)
//   shrink.ts    shrinking a failure
//   results.ts   Scenario, FuzzFailure, the run's results
//   swarm.ts, swarmFaults.ts   swarm testing: a subset of kinds and features per seed, transfers,
//                membership down to one voter and re-adds, snapshot faults, refusable actions
//   scriptReplay.ts  a swarm seed replayed as a script: same trace, same refusals
//   extra.ts     checks beside Figure 3's (committed entries kept, same state at same index, applied once)
//   liveness.ts  swarm liveness with servers down for good (who owes a leader)

export {
  DEFAULT_FAULTS,
  FAULTS,
  FUZZ_PROFILE_FIELDS,
  FUZZ_VARIANTS,
  FuzzConfigError,
  defaultFuzzProfile,
  defaultMaxEvents,
  profileChanges,
  resolveFuzzConfig,
} from './fuzz/config.ts';
export type { Fault, FuzzConfig, FuzzConfigInput, FuzzLoad, FuzzProfile, FuzzVariant, Range } from './fuzz/config.ts';
export { fuzzSeed, scenarioOptions } from './fuzz/run.ts';
export { replay } from './fuzz/replay.ts';
export type { ReplayResult } from './fuzz/replay.ts';
export { sameFailure, shrink } from './fuzz/shrink.ts';
export type { ShrinkOptions, ShrinkResult } from './fuzz/shrink.ts';
export { describeFailure } from './fuzz/results.ts';
export type { FailureKind, FuzzFailure, ReplaySpec, RunResult, RunStats, Scenario, SeedResult } from './fuzz/results.ts';
