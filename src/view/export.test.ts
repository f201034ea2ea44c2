import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/format.ts';
import { libraryScenario } from '../scenario/library.ts';
import { scenarioFromJson, scenarioToJson, runScenario } from '../scenario/api.ts';
import type { TraceEvent } from '../sim/index.ts';
import { fileBase, inlineStyle, traceToJson } from './export.ts';

describe('export serialisation', () => {
  it('a scenario .json file reads back to the same scenario', () => {
    const s = libraryScenario('partition')!;
    const r = scenarioFromJson(scenarioToJson(s));
    expect(r.ok && JSON.stringify(r.value)).toBe(JSON.stringify(s));
  });

  it('the trace JSON holds the scenario and every event, and is plain JSON', () => {
    const s = libraryScenario('election')!;
    const events: TraceEvent[] = [];
    const c = runScenario(s, 400, (e) => events.push(e));
    const text = traceToJson(s, events, c.now);
    const doc = JSON.parse(text) as { format: string; version: number; until: number; scenario: unknown; events: unknown[] };
    expect(doc.format).toBe('raftlab-trace');
    expect(doc.version).toBe(1);
    expect(doc.until).toBe(400);
    expect(doc.events.length).toBe(events.length);
    expect(doc.events).toEqual(JSON.parse(JSON.stringify(events)));
    expect(parseScenario(doc.scenario).ok).toBe(true);
  });

  it('file names and inline styles are safe', () => {
    expect(fileBase('Figure 8: why <b>old</b> terms…')).toBe('figure-8-why-boldb-terms');
    expect(fileBase('', 'x')).toBe('x');
    expect(fileBase('../../etc/passwd')).toBe('etcpasswd');
    expect(inlineStyle([['fill', 'red'], ['stroke', ''], ['font-family', '"a"</style><script>']])).toBe('fill:red');
    expect(inlineStyle([['fill', 'red'], ['font-family', 'x;fill:blue']])).toBe('fill:red');
    // a computed font family keeps its (quoted) names: exports are drawn in the app's type, not serif
    expect(inlineStyle([['font-family', '"Inter", "Segoe UI", sans-serif'], ['font-size', '12px']])).toBe("font-family:'Inter', 'Segoe UI', sans-serif;font-size:12px");
  });
});
