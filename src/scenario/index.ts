// src/scenario: the scenario format, its share links, the lecture library and the helpers the
// app uses (docs/scenarios.md).
export { ENGINE, ENGINES, IMPLICIT_ENGINE, isKnownEngine, engineNotice, FORMAT_VERSION, LIMITS, migrate, parseScenario, assertScenario, scenarioEnd } from './format.ts';
export type { EngineId, Scenario, ScenarioResult, ScenarioSource, TourStep, TourHighlights, TourQuestion, Result } from './format.ts';
export {
  MAX_DECODED_CHARS,
  MAX_ENCODED_CHARS,
  V1_DEFAULTS,
  encodeScenario,
  scenarioToHash,
  shareUrl,
  hashToScenario,
  urlToScenario,
  hasScenario,
} from './url.ts';
export type { HashResult } from './url.ts';
export {
  currentScenario,
  clusterScenario,
  scenarioToJson,
  scenarioFromJson,
  loadScenarioInput,
  runScenario,
  checkReplay,
  stableStringify,
  addTourStep,
  updateTourStep,
  removeTourStep,
  tourStepAt,
  embedUrl,
  embedSnippet,
  scenarioConsoleApi,
} from './api.ts';
export type { ScenarioMeta, ScenarioHost, ScenarioConsoleApi } from './api.ts';
export { LECTURES, loadLecture, LIBRARY, libraryScenario } from './library.ts';
export type { LectureInfo, LibraryEntry } from './library.ts';
