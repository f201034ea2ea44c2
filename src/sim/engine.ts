// Engine ids: which semantics of the engine (src/raft + src/sim) a scenario's action script was
// recorded against. A scenario is replayed on the engine of the page that opens it; the id says
// whether that is the engine it was made with (docs/scenarios.md, "Engine ids").
//
// Here, below src/check and src/scenario, so that the fuzzer (src/check) and the scenario format
// (src/scenario, which re-exports these) name the same current engine.

/** Every engine id this page knows, oldest first; the last is the engine this page runs. */
export const ENGINES = ['raftlab-1', 'raftlab-2', 'raftlab-3', 'raftlab-4', 'raftlab-5'] as const;

/** A known engine id. */
export type EngineId = (typeof ENGINES)[number];

type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : never;

/** The engine this page runs: what every new scenario, link and file is written with. */
export const ENGINE = ENGINES[ENGINES.length - 1] as Last<typeof ENGINES>;

/** What a link or file without an engine id was made with, forever (ids were left out before raftlab-2). */
export const IMPLICIT_ENGINE: EngineId = 'raftlab-1';

export function isKnownEngine(id: unknown): id is EngineId {
  return typeof id === 'string' && (ENGINES as readonly string[]).includes(id);
}
