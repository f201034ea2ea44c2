// Which engine a scenario was made with (docs/scenarios.md, "Engine ids"): no id means
// raftlab-1, an older known id opens with a plain notice, an unknown one is refused by name.

import { ENGINE, ENGINES, IMPLICIT_ENGINE, isKnownEngine, type EngineId } from '../sim/engine.ts';
import type { Result, ScenarioSource } from './format.ts';
import { short } from './messages.ts';

/** The notice shown when a scenario made with an older engine opens on this one. */
export function engineNotice(recordedWith: EngineId, from: ScenarioSource = 'scenario'): string | undefined {
  if (recordedWith === ENGINE) return undefined;
  return `This ${from} was made with an older raftlab (${recordedWith}); the run you see may differ from the one that was shared.`;
}

/**
 * The engine a scenario was made with: its `engine` field, 'raftlab-1' when it has none. An id
 * this page does not know (a newer page's, or garbage) is an error naming the field.
 */
export function recordedEngine(input: Record<string, unknown>, from: ScenarioSource): Result<EngineId> {
  if (!Object.prototype.hasOwnProperty.call(input, 'engine') || input.engine === undefined) return { ok: true, value: IMPLICIT_ENGINE };
  const engine = input.engine;
  if (isKnownEngine(engine)) return { ok: true, value: engine };
  if (typeof engine !== 'string') {
    return { ok: false, error: `engine: must be the id of the engine the ${from} was made with, such as '${ENGINE}', got ${short(engine)}` };
  }
  const id = `'${engine.length > 40 ? engine.slice(0, 40) + '…' : engine}'`; // shown as text, never as HTML
  const newer = /^raftlab-(\d{1,9})$/.exec(engine);
  const current = Number(ENGINE.slice('raftlab-'.length));
  if (newer !== null && Number(newer[1]) > current) {
    return { ok: false, error: `engine: this ${from} was made with a newer raftlab (${id}); this page runs '${ENGINE}'` };
  }
  return { ok: false, error: `engine: this ${from} was made with an unknown engine ${id}; this page runs '${ENGINE}' and opens ${ENGINES[0]} to ${ENGINE}` };
}

