// Bad input, small (issue 14): every message a sentence, a binary or non-JSON file called not a
// raftlab scenario (not a broken link), a size refused with its limit, a link with only a time.
import { describe, expect, it } from 'vitest';
import { currentScenario, scenarioToJson } from './api.ts';
import { asSentence, fileTooLarge, formatBytes, scenarioFromFile, timeOnlyLink } from './badInput.ts';
import { hashToScenario } from './url.ts';

describe('asSentence', () => {
  it.each([
    ['invalid scenario: actions[0].at: 3840316 is beyond the limit', 'invalid scenario: actions[0].at: 3840316 is beyond the limit.'],
    ['it is not valid JSON.', 'it is not valid JSON.'],
    ['is it?', 'is it?'],
    ["this page runs 'raftlab-2'", "this page runs 'raftlab-2'."],
    ['(at most 5 MB.)', '(at most 5 MB.)'],
    ['trailing space  ', 'trailing space.'],
  ])('%s', (text, want) => {
    expect(asSentence(text)).toBe(want);
  });

  it('link errors read as a sentence before "Showing the default scenario instead."', () => {
    const r = hashToScenario('s=' + 'N4Ig'); // decodes to something that is not a scenario
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`${asSentence(r.error)} Showing the default scenario instead.`).toMatch(/[.!?…]['"’”)\]]* Showing the default/);
  });
});

describe('scenarioFromFile', () => {
  it('binary data renamed .json is not a raftlab scenario (not a link problem)', () => {
    const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001';
    const r = scenarioFromFile('photo.json', png);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^Could not open photo\.json: it is not a raftlab scenario \(it holds binary data/);
      expect(r.error).not.toMatch(/link|#s=/);
    }
    const garbled = scenarioFromFile('x.json', '\ufffd\ufffd\u0003\ufffdZ\ufffd\u0007\ufffd');
    expect(garbled.ok ? '' : garbled.error).toMatch(/binary data/);
  });

  it('text that is not JSON, an empty file, JSON that is not a scenario: each said so, naming the file', () => {
    expect(scenarioFromFile('notes.json', 'hello world')).toMatchObject({ ok: false, error: expect.stringMatching(/notes\.json: it is not a raftlab scenario \(it is not JSON/) as string });
    expect(scenarioFromFile('e.json', '  \n')).toMatchObject({ ok: false, error: expect.stringMatching(/e\.json: .*it is empty/) as string });
    const r = scenarioFromFile('pkg.json', '{"name": "x"}');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^Could not open pkg\.json: not a raftlab scenario.*\.$/) as string });
  });

  it('a saved scenario opens (a byte-order mark in front is fine)', () => {
    const s = currentScenario({}, [{ at: 100, type: 'crash', node: 'S1' }]);
    const r = scenarioFromFile('lab.json', '\uFEFF' + scenarioToJson(s));
    expect(r).toMatchObject({ ok: true, t: null });
    if (r.ok) expect(r.scenario.actions).toEqual(s.actions);
  });
});

describe('sizes', () => {
  it('the too-large message names the size and the limit', () => {
    expect(fileTooLarge('big.json', 7_340_032)).toBe('Could not open big.json: the file is too large (7.3 MB; a scenario file may be at most 5 MB).');
  });
  it.each([
    [1, '1 byte'],
    [999, '999 bytes'],
    [81_234, '81 KB'],
    [5_000_000, '5 MB'],
    [12_600_000, '13 MB'],
  ])('%d bytes → %s', (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });
});

describe('timeOnlyLink', () => {
  it('#t=500 opens the default scenario at 500 ms and says so', () => {
    expect(timeOnlyLink('t=500')).toEqual({ t: 500, notice: 'This link has a time (t=500) but no scenario (#s=…): showing the default scenario at 500 ms.' });
    expect(timeOnlyLink('#t=2500')).toMatchObject({ t: 2500, notice: expect.stringContaining('at 2.5 s') as string });
  });
  it('a bad time is named', () => {
    expect(timeOnlyLink('t=abc')).toEqual({ error: expect.stringMatching(/t=abc is not a number of milliseconds from 0 to 2592000000.*Showing the default scenario instead\.$/) as string });
    expect(timeOnlyLink('t=9999999999')).toMatchObject({ error: expect.stringMatching(/not a number of milliseconds/) as string });
  });
  it('nothing to say without a time, or when the link has a scenario (the link decoder handles it)', () => {
    expect(timeOnlyLink('')).toBeNull();
    expect(timeOnlyLink('x=1')).toBeNull();
    expect(timeOnlyLink('s=abc&t=5')).toBeNull();
  });
});
