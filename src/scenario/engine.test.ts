// Engine ids in links and files (docs/scenarios.md, "Engine ids"): every new link and file
// names the engine it was made with; one without an id was made with raftlab-1, forever; an
// older known id opens on the current engine with a plain notice (not an error); an id this
// page does not know is refused with a message naming the field.

import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { fuzzSeed, resolveFuzzConfig } from '../check/fuzz.ts';
import { ENGINE as SIM_ENGINE, ENGINES as SIM_ENGINES } from '../sim/engine.ts';
import { currentScenario, loadScenarioInput, scenarioConsoleApi, scenarioFromJson, scenarioToJson } from './api.ts';
import { ENGINE, ENGINES, IMPLICIT_ENGINE, parseScenario, type Scenario } from './format.ts';
import { libraryScenario } from './library.ts';
import { encodeScenario, hashToScenario, scenarioToHash, shareUrl, toWire } from './url.ts';

const OLDER = 'raftlab-1';
const linkNotice = `This link was made with an older raftlab (${OLDER}); the run you see may differ from the one that was shared.`;
const fileNotice = `This file was made with an older raftlab (${OLDER}); the run you see may differ from the one that was shared.`;

/** The `s=` of a link whose wire form is `wire` (a link as an older or newer page wrote it). */
const linkOf = (wire: unknown) => `s=${compressToEncodedURIComponent(JSON.stringify(wire))}`;
/** The wire form a link carries. */
const wireOf = (hash: string) => JSON.parse(decompressFromEncodedURIComponent(hash.replace(/^#?s=/, '').replace(/&t=.*$/, ''))) as Record<string, unknown>;

function lab(): Scenario {
  const s = libraryScenario('lab');
  if (s === undefined) throw new Error('no lab');
  return s;
}

/** The lab as a link made before links named their engine (no `e`). */
function oldLabLink(): string {
  const { e: _e, ...wire } = wireOf(encodeScenario(lab()));
  return linkOf(wire);
}

describe('engine ids', () => {
  it('the current engine is raftlab-5, the last of the known ids; no id means raftlab-1', () => {
    expect(ENGINES).toEqual(['raftlab-1', 'raftlab-2', 'raftlab-3', 'raftlab-4', 'raftlab-5']);
    expect(ENGINE).toBe('raftlab-5');
    expect(ENGINE).toBe(ENGINES[ENGINES.length - 1]);
    expect(IMPLICIT_ENGINE).toBe('raftlab-1');
    // src/scenario re-exports the sim layer's ids (the fuzzer in src/check uses those)
    expect([SIM_ENGINE, SIM_ENGINES]).toEqual([ENGINE, ENGINES]);
  });
});

describe('links', () => {
  it('a new link always carries its engine id (`e`), also for a scenario object that claims an older one', () => {
    const s = currentScenario({ nodes: 3 }, []);
    expect(s.engine).toBe(ENGINE);
    expect(toWire(s)).toEqual({ v: 1, e: ENGINE, o: { nodes: 3 } });
    expect(wireOf(encodeScenario(lab())).e).toBe(ENGINE);
    expect(wireOf(shareUrl('https://x.example/', lab(), 5).split('#')[1]).e).toBe(ENGINE);
    const claimsOlder = { ...s, engine: OLDER } as Scenario;
    expect(wireOf(scenarioToHash(claimsOlder)).e).toBe(ENGINE);
  });

  it('no `e`: made with raftlab-1; it opens, on the current engine, with the notice', () => {
    const r = hashToScenario(oldLabLink());
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    if (!r.ok) return;
    expect(r.recordedWith).toBe('raftlab-1');
    expect(r.notice).toBe(linkNotice);
    expect(r.scenario).toEqual(lab());
    expect(r.scenario.engine).toBe(ENGINE);
    // the smallest link of all: every default
    expect(hashToScenario(linkOf({ v: 1 }))).toMatchObject({ ok: true, recordedWith: 'raftlab-1', notice: linkNotice });
  });

  it('`e` = the current engine: no notice', () => {
    const r = hashToScenario(scenarioToHash(lab(), 100));
    expect(r).toEqual({ ok: true, scenario: lab(), t: 100, recordedWith: ENGINE });
    expect(r.ok && 'notice' in r).toBe(false);
  });

  it('`e` = an older known id: the notice, not an error', () => {
    const r = hashToScenario(linkOf({ ...wireOf(encodeScenario(lab())), e: OLDER }) + '&t=700');
    expect(r).toEqual({ ok: true, scenario: lab(), t: 700, recordedWith: OLDER, notice: linkNotice });
  });

  it('opened, the scenario is on the current engine: sharing it again writes the current id, which opens without a notice', () => {
    const r = hashToScenario(oldLabLink());
    if (!r.ok) throw new Error(r.error);
    const again = scenarioToHash(r.scenario, 0);
    expect(wireOf(again).e).toBe(ENGINE);
    expect(hashToScenario(again)).toEqual({ ok: true, scenario: lab(), t: 0, recordedWith: ENGINE });
  });

  it('an unknown id (a newer page’s) is refused with a clear message naming the field', () => {
    const newer = hashToScenario(linkOf({ v: 1, e: 'raftlab-99' }));
    expect(newer).toMatchObject({
      ok: false,
      error: `Could not open the shared scenario: engine: this link was made with a newer raftlab ('raftlab-99'); this page runs '${ENGINE}'`,
    });
    const odd = hashToScenario(linkOf({ v: 1, e: 'pyraft-3' }));
    expect(odd.ok ? '' : odd.error).toBe(
      `Could not open the shared scenario: engine: this link was made with an unknown engine 'pyraft-3'; this page runs '${ENGINE}' and opens raftlab-1 to ${ENGINE}`,
    );
    const notText = hashToScenario(linkOf({ v: 1, e: 2 }));
    expect(notText.ok ? '' : notText.error).toBe(
      `Could not open the shared scenario: engine: must be the id of the engine the link was made with, such as '${ENGINE}', got 2`,
    );
  });

  it('a long or hostile unknown id is shown truncated and as plain text', () => {
    const id = '<img src=x onerror="alert(1)">' + 'x'.repeat(500);
    const r = hashToScenario(linkOf({ v: 1, e: id }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(`engine: this link was made with an unknown engine '<img src=x onerror="alert(1)">xxxxxxxxxx…'; this page runs`);
    expect(r.error.length).toBeLessThan(200);
  });
});

describe('files', () => {
  const json = (s: unknown) => JSON.stringify(s, null, 2);

  it('a new file carries the current engine id and opens without a notice', () => {
    const text = scenarioToJson(lab());
    expect(JSON.parse(text)).toMatchObject({ v: 1, engine: ENGINE });
    expect(scenarioFromJson(text)).toEqual({ ok: true, value: lab(), recordedWith: ENGINE });
  });

  it('no `engine` field: made with raftlab-1; it opens with the file’s notice', () => {
    const { engine: _engine, ...old } = lab();
    const r = scenarioFromJson(json(old));
    expect(r).toEqual({ ok: true, value: lab(), recordedWith: 'raftlab-1', notice: fileNotice });
  });

  it('an older known engine: the notice, not an error; saved again, it carries the current id', () => {
    const r = scenarioFromJson(json({ ...lab(), engine: OLDER }));
    expect(r).toEqual({ ok: true, value: lab(), recordedWith: OLDER, notice: fileNotice });
    if (r.ok) expect(JSON.parse(scenarioToJson(r.value))).toMatchObject({ engine: ENGINE });
  });

  it('an unknown engine is refused, naming the field', () => {
    expect(scenarioFromJson(json({ ...lab(), engine: 'raftlab-99' }))).toEqual({
      ok: false,
      error: `Could not open the scenario file: engine: this file was made with a newer raftlab ('raftlab-99'); this page runs '${ENGINE}'`,
    });
  });
});

describe('raftlab.load(…) and loadScenarioInput', () => {
  it('carry the notice for every kind of input, worded for it', () => {
    const { engine: _engine, ...old } = lab();
    expect(loadScenarioInput(oldLabLink())).toMatchObject({ ok: true, recordedWith: OLDER, notice: linkNotice });
    expect(loadScenarioInput(`https://x.example/raftlab/#${oldLabLink()}`)).toMatchObject({ ok: true, notice: linkNotice });
    expect(loadScenarioInput(json(old))).toMatchObject({ ok: true, recordedWith: OLDER, notice: fileNotice });
    expect(loadScenarioInput(old)).toMatchObject({
      ok: true,
      recordedWith: OLDER,
      notice: `This scenario was made with an older raftlab (${OLDER}); the run you see may differ from the one that was shared.`,
    });
    expect(loadScenarioInput(lab())).toEqual({ ok: true, scenario: lab(), t: null, recordedWith: ENGINE });
    expect(loadScenarioInput({ ...lab(), engine: 'raftlab-99' })).toMatchObject({
      ok: false,
      error: `Could not load the scenario: engine: this scenario was made with a newer raftlab ('raftlab-99'); this page runs '${ENGINE}'`,
    });

    function json(s: unknown) {
      return JSON.stringify(s);
    }
  });

  it('the console API hands the notice to the app with the scenario', () => {
    const loaded: { s: Scenario; t: number | null; notice?: string }[] = [];
    const api = scenarioConsoleApi({
      options: () => lab().options,
      actions: () => [],
      time: () => 0,
      href: () => 'https://x.example/',
      load: (s, t, notice) => loaded.push(notice === undefined ? { s, t } : { s, t, notice }),
    });
    expect(api.load(oldLabLink())).toEqual(lab());
    expect(api.load(api.shareUrl())).toMatchObject({ engine: ENGINE });
    expect(loaded.map((l) => l.notice)).toEqual([linkNotice, undefined]);
  });
});

describe('the fuzzer', () => {
  it('writes the current engine id into the scenarios it finds; they open without a notice', () => {
    const r = fuzzSeed(3, resolveFuzzConfig({ nodes: 3, ms: 3000 }));
    expect(r.scenario.engine).toBe(ENGINE);
    const opened = parseScenario(r.scenario);
    expect(opened.ok ? 'ok' : opened.error).toBe('ok');
    if (opened.ok) {
      expect(opened.recordedWith).toBe(ENGINE);
      expect(opened.notice).toBeUndefined();
    }
  });
});
