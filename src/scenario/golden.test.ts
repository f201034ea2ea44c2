// Golden links: for every built-in scenario, the share link it encodes to and the hash of the
// full trace it replays to are kept in golden.json. A link shared today must open as the same
// scenario and replay to the same trace forever. If a change to the engine, the codec or the
// library alters them, that change must be deliberate: review the difference, then regenerate
// with   UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts   and commit golden.json
// (for a format change, add a migration in format.ts so old links keep opening).

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../sim/index.ts';
import { runScenario, stableStringify } from './api.ts';
import { scenarioEnd, type Scenario } from './format.ts';
import golden from './golden.json' with { type: 'json' };
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

const GOLDEN = golden as Record<string, Golden>;
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const HOW_TO_UPDATE =
  'If this change is deliberate, review it and regenerate the golden data with ' +
  '`UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts`, then commit src/scenario/golden.json ' +
  '(links already shared will then replay differently: say so in the commit message, or migrate).';

describe('golden links of the built-in scenarios', () => {
  if (UPDATE) {
    it('regenerates golden.json (UPDATE_GOLDEN=1)', () => {
      const data: Record<string, Golden> = {};
      for (const { id, scenario } of LIBRARY) {
        const { hash, events } = traceHash(scenario);
        data[id] = { link: encodeScenario(scenario), end: scenarioEnd(scenario), events, traceHash: hash };
      }
      writeFileSync(fileURLToPath(new URL('./golden.json', import.meta.url)), JSON.stringify(data, null, 2) + '\n');
      expect(Object.keys(data)).toHaveLength(LIBRARY.length);
    });
    return;
  }

  it('has golden data for exactly the built-in scenarios', () => {
    expect(Object.keys(GOLDEN).sort(), `The library and golden.json list different scenarios. ${HOW_TO_UPDATE}`).toEqual(
      LIBRARY.map((e) => e.id).sort(),
    );
  });

  describe.each(LIBRARY.map((e) => [e.id, e.scenario] as const))('%s', (id, scenario) => {
    const g = GOLDEN[id];

    it('its golden link decodes to exactly this scenario', () => {
      const r = hashToScenario(`s=${g.link}`);
      expect(r.ok ? 'ok' : r.error).toBe('ok');
      if (r.ok) expect(r.scenario, `The golden link of '${id}' no longer decodes to the built-in scenario. ${HOW_TO_UPDATE}`).toEqual(scenario);
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
