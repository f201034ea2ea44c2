// Compare side by side in the scenario format: the optional `compare` field (pane B's
// resolved options), its share links (a diff against pane A's options), bad input naming the
// field, and the words and presets the compare dialog uses.

import fc from 'fast-check';
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../sim/index.ts';
import { currentScenario } from './api.ts';
import { COMPARE_PRESETS, defaultChoice, describeDifference, paneTitles, presetOptions, readPath } from './compare.ts';
import { ENGINE, parseScenario, type Scenario } from './format.ts';
import golden from './golden/raftlab-1.json';
import { libraryScenario as maybeLibraryScenario } from './library.ts';
import { hashToScenario, scenarioToHash, shareUrl, toWire, urlToScenario } from './url.ts';

function libraryScenario(id: string): Scenario {
  const s = maybeLibraryScenario(id);
  if (s === undefined) throw new Error(`no library scenario '${id}'`);
  return s;
}

/** The PreVote lecture, compared with PreVote on. */
function prevoteComparison(): Scenario {
  const s = libraryScenario('prevote-off');
  return { ...s, compare: { options: presetOptions('preVote', s.options) } };
}

function expectError(s: unknown, pattern: RegExp): void {
  const r = parseScenario(s);
  expect(r.ok, `expected an error matching ${String(pattern)}`).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
}

const wireHash = (wire: unknown) => `s=${compressToEncodedURIComponent(JSON.stringify(wire))}`;

describe('a scenario with compare', () => {
  it('is valid with pane B’s resolved options, and optional: scenarios without it are unchanged', () => {
    const s = prevoteComparison();
    const r = parseScenario(s);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.compare?.options.features.preVote).toBe(true);
    expect(parseScenario(libraryScenario('prevote-off')).ok).toBe(true);
    expect('compare' in libraryScenario('prevote-off')).toBe(false);
  });

  it('is built by currentScenario from pane B’s options (resolved there)', () => {
    const s = currentScenario({ seed: 4 }, [], undefined, {}, { seed: 4, features: { checkQuorum: true } });
    expect(s.compare?.options).toEqual(resolveOptions({ seed: 4, features: { checkQuorum: true } }));
    expect(currentScenario({ seed: 4 }, [], undefined, {}, null).compare).toBeUndefined();
  });

  it('round-trips through a share link, time included, carrying only what B changes', () => {
    const s = prevoteComparison();
    const url = shareUrl('https://example.edu/raftlab/', s, 2300);
    const back = urlToScenario(url);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.scenario).toEqual(s);
      expect(back.t).toBe(2300);
    }
    expect(toWire(s).c).toEqual({ features: { preVote: true } });
    // the comparison costs a few characters, not a second copy of the options
    const plain = shareUrl('https://example.edu/raftlab/', libraryScenario('prevote-off'), 2300);
    expect(url.length - plain.length).toBeLessThan(40);
  });

  it('round-trips when B differs in any field, initial state and seed included (property)', () => {
    const base = currentScenario({ nodes: ['S1', 'S2', 'S3'], seed: 5, initial: { S1: { term: 2, log: [{ term: 1, command: 'a' }] } } }, [
      { at: 300, type: 'crash', node: 'S2' },
    ]);
    const change = fc.record(
      {
        seed: fc.integer({ min: 0, max: 0xffffffff }),
        features: fc.record(
          { preVote: fc.boolean(), checkQuorum: fc.boolean(), readIndex: fc.boolean(), variant: fc.constantFrom('none', 'commit-old-terms', 'local-reads') },
          { requiredKeys: [] },
        ),
        network: fc.record({ latencyMin: fc.integer({ min: 0, max: 20 }), latencyMax: fc.integer({ min: 20, max: 90 }), lossRate: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] }),
        initial: fc.constantFrom({}, { S3: { term: 4, votedFor: 'S1', log: [] } }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(change, (c) => {
        const options = resolveOptions({ ...base.options, ...c, features: { ...base.options.features, ...c.features }, network: { ...base.options.network, ...c.network } });
        const s: Scenario = { ...base, compare: { options } };
        const r = hashToScenario(scenarioToHash(s, 10));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.scenario).toEqual(s);
      }),
      { numRuns: 100 },
    );
  });

  it('leaves every golden link made before compare untouched: each decodes without compare and encodes to the same wire form (now naming its engine)', () => {
    const entries = Object.values(golden as Record<string, { link: string }>);
    expect(entries.length).toBeGreaterThan(5);
    for (const { link } of entries) {
      const r = hashToScenario(`s=${link}`);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.scenario.compare).toBeUndefined();
        const wire = JSON.parse(decompressFromEncodedURIComponent(link)) as Record<string, unknown>;
        expect(toWire(r.scenario)).toEqual({ ...wire, e: ENGINE });
      }
    }
  });
});

describe('bad compare input is refused with a message naming the field', () => {
  const s = prevoteComparison();
  const cases: [string, (x: Record<string, any>) => void, RegExp][] = [
    ['other servers in B', (x) => (x.compare.options.nodes = ['S1', 'S2', 'S3', 'S4', 'S9']), /^compare\.options\.nodes: must be the same servers as options\.nodes \(S1, S2, S3, S4, S5\)/],
    ['fewer servers in B', (x) => (x.compare.options.nodes = ['S1', 'S2', 'S3']), /^compare\.options\.nodes: must be the same servers/],
    ['a missing option in B', (x) => delete x.compare.options.features.preVote, /^compare\.options\.features\.preVote: is missing/],
    ['an unknown variant in B', (x) => (x.compare.options.features.variant = 'evil'), /^compare\.options\.features\.variant: /],
    ['min timeout above max in B', (x) => (x.compare.options.timing.electionTimeoutMin = 1000), /^compare\.options\.timing: electionTimeoutMin must not exceed/],
    ['latency min above max in B', (x) => (x.compare.options.network.latencyMin = 500), /^compare\.options\.network: latencyMin must not exceed/],
    ['a duplicate server in B', (x) => (x.compare.options.nodes = ['S1', 'S1', 'S3', 'S4', 'S5']), /^compare\.options\.nodes: 'S1' appears twice/],
    ['an unexpected field in compare', (x) => (x.compare.title = 'B'), /^compare: unexpected field 'title'/],
    ['compare without options', (x) => delete x.compare.options, /^compare\.options: is missing/],
    ['compare that is not an object', (x) => (x.compare = 7), /^compare: /],
    ['a command that is not JSON in B’s initial log', (x) => (x.compare.options.initial = { S1: { term: 1, votedFor: null, log: [{ term: 1, command: new Date(0) }] } }), /^compare\.options\.initial\.S1\.log\[0\]\.command: /],
    ['an initial state of an unknown node in B', (x) => (x.compare.options.initial = { Z: { term: 1, votedFor: null, log: [] } }), /^compare\.options\.initial: unknown node id 'Z'/],
  ];
  it.each(cases)('%s', (_name, change, pattern) => {
    const copy = structuredClone(s) as unknown as Record<string, any>;
    change(copy);
    expectError(copy, pattern);
  });

  it('a link whose compare field is malformed says which field', () => {
    const wire = toWire(libraryScenario('prevote-off'));
    const bad = (c: unknown) => hashToScenario(wireHash({ ...wire, c }));
    for (const [c, pattern] of [
      [5, /compare\.options: must be an object/],
      [{ nodes: 3 }, /compare\.options\.nodes: must be the same servers/],
      [{ features: 'on' }, /compare\.options\.features: must be an object/],
      [{ features: { preVote: 'yes' } }, /compare\.options\.features\.preVote: must be a boolean/],
      [{ turbo: 1 }, /compare\.options: unexpected field 'turbo'/],
      [{ initial: { S1: 4 } }, /compare\.options\.initial\.S1: must be \[term, votedFor, log\]/],
    ] as const) {
      const r = bad(c);
      expect(r.ok, JSON.stringify(c)).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(/^Could not open the shared scenario: /);
        expect(r.error).toMatch(pattern);
      }
    }
  });

  it('any JSON value in place of compare, in a link or an object, gives a message and never throws (property)', () => {
    const wire = toWire(libraryScenario('checkquorum-on'));
    const s = libraryScenario('checkquorum-on');
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        for (const c of [a, { features: a }, { nodes: a, seed: b }, { network: { latencyMin: a } }, { initial: { S2: [a, b, []] } }]) {
          const r = hashToScenario(wireHash({ ...wire, c }));
          if (!r.ok) expect(r.error).toMatch(/^Could not open the shared scenario: ./);
          else expect(parseScenario(r.scenario).ok).toBe(true);
          const p = parseScenario({ ...s, compare: c });
          if (!p.ok) expect(p.error).toMatch(/^compare/);
          const q = parseScenario({ ...s, compare: { options: c } });
          if (!q.ok) expect(q.error).toMatch(/^compare\.options/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('what differs, in words', () => {
  const a = resolveOptions({});
  it('names the one option each preset changes, for each pane', () => {
    expect(paneTitles(a, presetOptions('preVote', a))).toEqual({ a: 'PreVote off', b: 'PreVote on' });
    expect(paneTitles(a, presetOptions('checkQuorum', a))).toEqual({ a: 'CheckQuorum off', b: 'CheckQuorum on' });
    expect(paneTitles(a, presetOptions('latency', a))).toEqual({ a: 'latency 10–30 ms', b: 'latency 30–90 ms' });
    expect(paneTitles(a, presetOptions('variant', a))).toEqual({ a: 'correct Raft', b: 'broken: commit-old-terms' });
    expect(paneTitles(a, presetOptions('reads', a))).toEqual({ a: 'reads through the log', b: 'local reads (broken)' });
    expect(paneTitles(a, a)).toEqual({ a: 'same options', b: 'same options' });
  });

  it('says the read path once, however many fields make it', () => {
    const local = libraryScenario('stale-reads').options;
    const readIndex = libraryScenario('read-index').options;
    expect(readPath(local)).toBe('local');
    expect(readPath(readIndex)).toBe('read-index');
    expect(describeDifference(local, readIndex)).toEqual({ a: ['local reads (broken)'], b: ['ReadIndex reads'] });
    // the preset from the stale-reads lecture gives the read-index lecture's options
    expect(presetOptions('reads', local)).toEqual(readIndex);
  });

  it('presets change exactly one aspect and keep the servers and the seed', () => {
    const from = [a, libraryScenario('prevote-on').options, libraryScenario('figure-8-broken').options, libraryScenario('lab').options];
    for (const o of from) {
      for (const p of COMPARE_PRESETS) {
        const b = presetOptions(p.id, o, defaultChoice(p.id, o));
        expect(b.nodes).toEqual(o.nodes);
        expect(b.seed).toBe(o.seed);
        expect(describeDifference(o, b).a, `${p.id}`).toHaveLength(1);
        expect(parseScenario({ ...currentScenario(o, []), compare: { options: b } }).ok).toBe(true);
      }
    }
    // a broken variant compares with correct Raft
    expect(presetOptions('variant', libraryScenario('figure-8-broken').options).features.variant).toBe('none');
  });
});
