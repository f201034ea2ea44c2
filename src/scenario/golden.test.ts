// Golden links, one file per engine id in golden/ (docs/scenarios.md, "Golden links").
//
// golden/<ENGINE>.json, the engine this page runs: for every built-in scenario, the share link it
// encodes to and the hash of the full trace it replays to. A link shared today must open as the
// same scenario and replay to the same trace. If a change to the engine, the codec or the
// library alters them, that change must be deliberate: review the difference, then regenerate
// with   UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts   and commit the file
// (for a format change, add a migration in format.ts so old links keep opening).
//
// golden/<older id>.json (raftlab-1.json: the links as shared before links named their engine,
// without `e`): kept forever, never regenerated. Each link must still open — as the built-in
// scenario, on the current engine, saying it was made with the older one. Their trace hashes
// are the older engine's, kept as a record; the current engine may replay them differently.
// A lecture re-recorded for a later engine (its tour no longer held) differs from its older
// link in exactly the seed and action times listed in RECORDED_WITH_OLDER below.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decompressFromEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../sim/index.ts';
import { runScenario, stableStringify } from './api.ts';
import { ENGINE, ENGINES, IMPLICIT_ENGINE, engineNotice, scenarioEnd, type Scenario } from './format.ts';
import { LIBRARY } from './library.ts';
import { encodeScenario, hashToScenario, shareUrl, urlToScenario } from './url.ts';

interface Golden {
  link: string;
  end: number;
  events: number;
  traceHash: string;
}

/** sha256 over the stable JSON of every trace event, from time 0 to the scenario's end. */
function traceHash(s: Scenario): { hash: string; events: number } {
  const hash = createHash('sha256');
  let events = 0;
  runScenario(s, scenarioEnd(s), (e: TraceEvent) => {
    hash.update(stableStringify(e));
    hash.update('\n');
    events++;
  });
  return { hash: hash.digest('hex'), events };
}

const goldenFile = (engine: string) => fileURLToPath(new URL(`./golden/${engine}.json`, import.meta.url));

function readGolden(engine: string): Record<string, Golden> | null {
  const path = goldenFile(engine);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Golden>) : null;
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';

const HOW_TO_UPDATE =
  'If this change is deliberate, review it and regenerate the golden data with ' +
  `\`UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts\`, then commit src/scenario/golden/${ENGINE}.json ` +
  '(links already shared will then replay differently: say so in the commit message, or migrate).';

describe(`golden links of the built-in scenarios on the current engine (${ENGINE})`, () => {
  if (UPDATE) {
    it(`regenerates golden/${ENGINE}.json (UPDATE_GOLDEN=1)`, () => {
      const data: Record<string, Golden> = {};
      for (const { id, scenario } of LIBRARY) {
        const { hash, events } = traceHash(scenario);
        data[id] = { link: encodeScenario(scenario), end: scenarioEnd(scenario), events, traceHash: hash };
      }
      writeFileSync(goldenFile(ENGINE), JSON.stringify(data, null, 2) + '\n');
      expect(Object.keys(data)).toHaveLength(LIBRARY.length);
    });
    return;
  }

  const golden = readGolden(ENGINE);

  it('has golden data for exactly the built-in scenarios', () => {
    expect(golden, `src/scenario/golden/${ENGINE}.json is missing. ${HOW_TO_UPDATE}`).not.toBeNull();
    expect(Object.keys(golden ?? {}).sort(), `The library and golden/${ENGINE}.json list different scenarios. ${HOW_TO_UPDATE}`).toEqual(
      LIBRARY.map((e) => e.id).sort(),
    );
  });
  if (golden === null) return;

  describe.each(LIBRARY.map((e) => [e.id, e.scenario] as const))('%s', (id, scenario) => {
    const g = golden[id];

    it('its golden link decodes to exactly this scenario, made with this engine (no notice)', () => {
      const r = hashToScenario(`s=${g.link}`);
      expect(r.ok ? 'ok' : r.error).toBe('ok');
      if (!r.ok) return;
      expect(r.scenario, `The golden link of '${id}' no longer decodes to the built-in scenario. ${HOW_TO_UPDATE}`).toEqual(scenario);
      expect(r.recordedWith).toBe(ENGINE);
      expect(r.notice).toBeUndefined();
    });

    it('encodes to its golden link', () => {
      expect(encodeScenario(scenario), `The link of '${id}' changed (library or URL codec). ${HOW_TO_UPDATE}`).toBe(g.link);
    });

    it('its golden link replays to the golden trace hash', () => {
      const r = hashToScenario(`s=${g.link}`);
      if (!r.ok) throw new Error(r.error);
      expect(scenarioEnd(r.scenario)).toBe(g.end);
      const { hash, events } = traceHash(r.scenario);
      const message = `The trace of '${id}' changed (${events} events, golden ${g.events}): an engine change alters what this link shows. ${HOW_TO_UPDATE}`;
      expect(events, message).toBe(g.events);
      expect(hash, message).toBe(g.traceHash);
    });

    it('round trip: scenario → share URL → decoded → run to its end gives the identical trace', () => {
      const url = shareUrl('https://raftlab.example/course/?embed=1', scenario, scenarioEnd(scenario));
      const r = urlToScenario(url);
      if (!r.ok) throw new Error(r.error);
      expect(r.t).toBe(scenarioEnd(scenario));
      expect(traceHash(r.scenario)).toEqual(traceHash(scenario));
    });
  });
});

const OLDER = ENGINES.filter((e) => e !== ENGINE);

/**
 * Lectures re-recorded since an older engine, and how their links made with it differ from the
 * built-in scenario: the seed and the times of the actions (by index) of that older recording.
 * Nothing else changed (title, description, tour, the other options and actions), and the test
 * checks that too. When a lecture is re-recorded for a new engine, add what its links of each
 * older engine still say here, so they are still checked to open as that lecture.
 */
const RECORDED_WITH_OLDER: Record<string, Record<string, { seed?: number; at?: Record<number, number> }>> = {
  'raftlab-1': {
    // raftlab-2 (fewer redundant AppendEntries, so other election timer draws): re-recorded so
    // that S3 is still the majority's leader (partition, stale reads) and wins term 10 (PreVote).
    partition: { at: { 1: 640, 2: 690 } },
    'prevote-off': { seed: 1 },
    'prevote-on': { seed: 1 },
    'stale-reads': { at: { 1: 640 } },
    'read-index': { at: { 1: 640 } },
  },
};

/** The built-in scenario as it was recorded with an older engine (see RECORDED_WITH_OLDER). */
function asRecordedWith(engine: string, id: string, s: Scenario): Scenario {
  const then = RECORDED_WITH_OLDER[engine]?.[id];
  const out = structuredClone(s);
  // links of raftlab-1 predate a tour step's screen (`show`, a field added after v1): the
  // lecture as they carry it is the same tour without it (the viewer's screen is left alone);
  // raftlab-2's golden links were recorded with it
  if (engine === 'raftlab-1') for (const step of out.tour ?? []) delete step.show;
  if (then === undefined) return out;
  if (then.seed !== undefined) out.options.seed = then.seed;
  for (const [i, at] of Object.entries(then.at ?? {})) out.actions[Number(i)].at = at;
  return out;
}

describe.each(OLDER)('golden links made with an older engine (%s) still open, on the current engine, with a notice', (engine) => {
  const golden = readGolden(engine);

  it(`golden/${engine}.json is kept (never regenerated or removed)`, () => {
    expect(golden, `src/scenario/golden/${engine}.json must stay: links made with ${engine} are out there.`).not.toBeNull();
    expect(Object.keys(golden ?? {}).length).toBeGreaterThan(5);
  });
  if (golden === null) return;

  it('lists as re-recorded since only lectures of this file that were (each differs from its built-in scenario)', () => {
    for (const id of Object.keys(RECORDED_WITH_OLDER[engine] ?? {})) {
      expect(Object.keys(golden), id).toContain(id);
      const builtIn = LIBRARY.find((e) => e.id === id)!.scenario;
      expect(asRecordedWith(engine, id, builtIn), id).not.toEqual(builtIn);
    }
  });

  describe.each(Object.entries(golden))('%s', (id, g) => {
    it(`decodes to the built-in scenario (up to the engine field), recorded with ${engine}, with the notice`, () => {
      const r = hashToScenario(`s=${g.link}`);
      expect(r.ok ? 'ok' : r.error).toBe('ok');
      if (!r.ok) return;
      const builtIn = LIBRARY.find((e) => e.id === id)?.scenario;
      expect(builtIn, `'${id}' is no longer a built-in scenario, but its ${engine} link is still out there`).toBeDefined();
      if (builtIn === undefined) return;
      expect({ ...r.scenario, engine: null }, `The ${engine} golden link of '${id}' no longer decodes to the built-in scenario (as recorded with ${engine}).`).toEqual({
        ...asRecordedWith(engine, id, builtIn),
        engine: null,
      });
      expect(r.recordedWith).toBe(engine);
      expect(r.notice).toBe(`This link was made with an older raftlab (${engine}); the run you see may differ from the one that was shared.`);
      expect(r.notice).toBe(engineNotice(engine, 'link'));
      expect(scenarioEnd(r.scenario)).toBe(g.end);
    });

    it('opens on the current engine: sharing it again writes the current id, which opens without a notice', () => {
      const r = hashToScenario(`s=${g.link}`);
      if (!r.ok) throw new Error(r.error);
      expect(r.scenario.engine).toBe(ENGINE);
      const again = hashToScenario(`s=${encodeScenario(r.scenario)}`);
      expect(again).toMatchObject({ ok: true, recordedWith: ENGINE });
      expect(again.ok && again.notice).toBeUndefined();
    });

    if (engine === IMPLICIT_ENGINE) {
      it('is a link as shared before links named their engine: no `e` in it', () => {
        const wire = JSON.parse(decompressFromEncodedURIComponent(g.link)) as Record<string, unknown>;
        expect(wire.v).toBe(1);
        expect('e' in wire).toBe(false);
      });
    }
  });
});
