// src/check: the safety checks of raftlab, for tests, the fuzzer and the live UI panel.

export {
  attachSafetyMonitor,
  createSafetyMonitor,
  describeCommand,
  stableStringify,
  PROPERTY_DESCRIPTIONS,
  PROPERTY_IDS,
  PROPERTY_NAMES,
} from './invariants.ts';
export type {
  AttachedSafetyMonitor,
  MonitorSeedNode,
  PropertyId,
  PropertyStatus,
  SafetyMonitor,
  SafetyMonitorOptions,
  Violation,
  ViolationEntry,
} from './invariants.ts';
export { checkLinearizability, validateHistory } from './linearizability.ts';
export type { LinearizabilityOptions, LinearizabilityResult, LinearizabilityViolation } from './linearizability.ts';
export {
  DEFAULT_FAULTS,
  FAULTS,
  FUZZ_PROFILE_FIELDS,
  FUZZ_VARIANTS,
  FuzzConfigError,
  defaultFuzzProfile,
  describeFailure,
  fuzzSeed,
  profileChanges,
  replay,
  resolveFuzzConfig,
  sameFailure,
  scenarioOptions,
  shrink,
} from './fuzz.ts';
export type {
  Fault,
  FailureKind,
  FuzzConfig,
  FuzzConfigInput,
  FuzzFailure,
  FuzzLoad,
  FuzzProfile,
  FuzzVariant,
  Range,
  ReplayResult,
  ReplaySpec,
  RunResult,
  RunStats,
  Scenario,
  SeedResult,
  ShrinkOptions,
  ShrinkResult,
} from './fuzz.ts';
