// The scenario format: what a scenario holds, and that bad input is refused with a message
// naming the field before anything runs.

import { describe, expect, it } from 'vitest';
import { createCluster, resolveOptions } from '../sim/index.ts';
import type { Action } from '../sim/index.ts';
import { currentScenario, runScenario } from './api.ts';
import { ENGINE, LIMITS, migrate, parseScenario, scenarioEnd, type Scenario } from './format.ts';

/** A small live run: the action script is whatever the cluster recorded. */
function liveScenario(): Scenario {
  const c = createCluster({ seed: 3, nodes: 3 });
  c.runUntil((x) => x.leader() !== null, 2000);
  const leader = c.leader()!;
  c.propose(leader, { data_id: 1 });
  c.runFor(100);
  c.crash(leader);
  c.runFor(400);
  c.request({ type: 'put', key: 'x', value: '1' });
  c.runFor(300);
  return currentScenario(c.options, c.actions(), [
    { at: 100, text: 'A leader was elected.', highlights: { nodes: [leader] } },
    { at: c.now, text: 'Who leads now?', question: { prompt: 'Who?', choices: ['the old leader', 'another node'], answer: 1 } },
  ]);
}

function expectError(s: unknown, pattern: RegExp | string): void {
  const r = parseScenario(s);
  expect(r.ok, `expected an error matching ${String(pattern)}`).toBe(false);
  if (!r.ok) expect(r.error).toMatch(pattern);
}

function mutated(s: Scenario, change: (x: Record<string, any>) => void): unknown {
  const copy = structuredClone(s) as unknown as Record<string, any>;
  change(copy);
  return copy;
}

describe('a scenario', () => {
  it('writes every option out, seed included, and keeps the action script exactly as the cluster recorded it', () => {
    const c = createCluster({ nodes: 3 });
    c.runFor(500);
    c.crash('S1');
    c.runFor(100);
    const s = currentScenario({ nodes: 3 }, c.actions());
    expect(s.v).toBe(1);
    expect(s.engine).toBe(ENGINE);
    expect(s.options).toEqual(resolveOptions({ nodes: 3 }));
    expect(s.options.seed).toBe(1);
    expect(s.options.timing).toEqual({ electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 });
    expect(s.actions).toEqual(c.actions());
  });

  it('replays to exactly the state of the live run it was taken from', () => {
    const c = createCluster({ seed: 9 });
    c.runFor(400);
    c.partition([['S1', 'S2'], ['S3', 'S4', 'S5']]);
    c.runFor(700);
    c.request({ type: 'put', key: 'k', value: 'v' });
    c.runFor(300);
    c.heal();
    c.runFor(500);
    const s = currentScenario(c.options, c.actions());
    const replay = runScenario(s, c.now);
    for (const id of c.ids) expect(replay.node(id)).toEqual(c.node(id));
    expect(replay.inFlight()).toEqual(c.inFlight());
    expect(replay.history()).toEqual(c.history());
  });

  it('accepts a tour, a title and a description', () => {
    const s = liveScenario();
    expect(parseScenario({ ...s, title: 'Lab', description: '# Notes\nplain *Markdown*' }).ok).toBe(true);
    expect(s.tour).toHaveLength(2);
  });

  it('plays to its last action or tour step', () => {
    expect(scenarioEnd({ actions: [{ at: 500, type: 'heal' }], tour: [{ at: 900, text: '' }] })).toBe(900);
    expect(scenarioEnd({ actions: [{ at: 500, type: 'heal' }] })).toBe(500);
    expect(scenarioEnd({ actions: [] })).toBe(0);
  });
});

describe('versions', () => {
  it('reads version 1', () => {
    const s = liveScenario();
    const r = migrate(s);
    expect(r.ok).toBe(true);
  });

  it('refuses a newer version with a message saying so', () => {
    const r = migrate({ ...liveScenario(), v: 99 });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/format version 99.*newer raftlab.*up to 1/) as string });
  });

  it('refuses what is not a scenario', () => {
    expect(migrate(null)).toMatchObject({ ok: false, error: expect.stringMatching(/expected a JSON object, got null/) as string });
    expect(migrate([1])).toMatchObject({ ok: false, error: expect.stringMatching(/got an array/) as string });
    expect(migrate({ options: {} })).toMatchObject({ ok: false, error: expect.stringMatching(/"v" is missing/) as string });
    expect(migrate({ v: '1' })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown scenario format version '1'/) as string });
    expect(migrate({ v: 0 })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown scenario format version 0/) as string });
  });

  it('refuses an engine it does not know, naming the field', () => {
    expectError({ ...liveScenario(), engine: 'raftlab-99' }, `engine: this scenario was made with a newer raftlab ('raftlab-99'); this page runs '${ENGINE}'`);
    expectError({ ...liveScenario(), engine: 'etcd-3' }, /^engine: this scenario was made with an unknown engine 'etcd-3'; this page runs/);
    expectError({ ...liveScenario(), engine: 7 }, /^engine: must be the id of the engine/);
  });
});

describe('bad input is refused with a message naming the field', () => {
  const s = liveScenario();
  const cases: [string, (x: Record<string, any>) => void, RegExp][] = [
    ['an unknown action type', (x) => (x.actions[0].type = 'explode'), /^actions\[0\]\.type: /],
    ['an action without its node', (x) => delete x.actions[0].node, /^actions\[0\]\.node: is missing/],
    ['an unknown node id in an action', (x) => (x.actions[0].node = 'S9'), /^actions\[0\]\.node: unknown node id 'S9' \(known: S1, S2, S3\)/],
    ['a negative time', (x) => (x.actions[0].at = -1), /^actions\[0\]\.at: must not be negative/],
    ['a fractional time', (x) => (x.actions[0].at = 1.5), /^actions\[0\]\.at: must be a whole number/],
    ['a time beyond the cap', (x) => (x.actions[x.actions.length - 1].at = LIMITS.time + 1), /is beyond the limit of 2592000000 ms \(30 simulated days\)/],
    ['times out of order', (x) => (x.actions[1].at = 0), /^actions\[1\]\.at: 0 is before the previous action/],
    ['an unexpected field', (x) => (x.actions[0].foo = 1), /^actions\[0\]: unexpected field 'foo'/],
    ['a missing option', (x) => delete x.options.timing.heartbeatInterval, /^options\.timing\.heartbeatInterval: is missing/],
    ['an unknown option', (x) => (x.options.features.turbo = true), /^options\.features: unexpected field 'turbo'/],
    ['an unknown variant', (x) => (x.options.features.variant = 'evil'), /^options\.features\.variant: /],
    ['duplicate node names', (x) => (x.options.nodes = ['A', 'A']), /^options\.nodes: 'A' appears twice/],
    ['a reserved node name', (x) => (x.options.nodes = ['C1', 'S2']), /^options\.nodes\[0\]: .*reserved for simulated clients/],
    ['min timeout above max', (x) => (x.options.timing.electionTimeoutMin = 1000), /^options\.timing: electionTimeoutMin must not exceed/],
    ['an initial state of an unknown node', (x) => (x.options.initial = { Z: { term: 1, votedFor: null, log: [] } }), /^options\.initial: unknown node id 'Z'/],
    ['a node in two partition groups', (x) => (x.actions[0] = { at: 1, type: 'partition', groups: [['S1'], ['S1', 'S2']] }), /^actions\[0\]\.groups: node 'S1' is in two groups/],
    ['an unknown node in a partition', (x) => (x.actions[0] = { at: 1, type: 'partition', groups: [['S1'], ['X']] }), /^actions\[0\]\.groups\[1\]\[0\]: unknown node id 'X'/],
    ['a link from a node to itself', (x) => (x.actions[0] = { at: 1, type: 'setLink', from: 'S1', to: 'S1', link: { up: false } }), /^actions\[0\]: from and to are both 'S1'/],
    ['a request sent to an unknown node', (x) => (x.actions[0] = { at: 1, type: 'request', op: { type: 'get', key: 'k' }, to: 'Q' }), /^actions\[0\]\.to: unknown node id 'Q'/],
    ['a malformed client operation', (x) => (x.actions[0] = { at: 1, type: 'request', op: { type: 'put', key: 'k' } }), /^actions\[0\]\.op: /],
    ['a command that is not JSON', (x) => (x.actions[0] = { at: 1, type: 'propose', node: 'S1', command: new Date(0) }), /^actions\[0\]\.command: must be plain JSON data/],
    ['a command nested too deeply', (x) => (x.actions[0] = { at: 1, type: 'propose', node: 'S1', command: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown }), /^actions\[0\]\.command.*nested deeper than 32/],
    ['a tour step before the previous one', (x) => (x.tour[1].at = 50), /^tour\[1\]\.at: 50 is before the previous step/],
    ['a tour step beyond the cap', (x) => (x.tour[1].at = LIMITS.time + 1), /^tour\[1\]\.at: must be at most 2592000000/],
    ['a highlighted unknown node', (x) => (x.tour[0].highlights = { nodes: ['S7'] }), /^tour\[0\]\.highlights\.nodes\[0\]: unknown node id 'S7'/],
    ['a highlighted entry of an unknown node', (x) => (x.tour[0].highlights = { entries: [{ node: 'S7', index: 1 }] }), /^tour\[0\]\.highlights\.entries\[0\]\.node: unknown node id 'S7'/],
    ['a highlighted entry at index 0', (x) => (x.tour[0].highlights = { entries: [{ node: 'S1', index: 0 }] }), /^tour\[0\]\.highlights\.entries\[0\]\.index: log indexes start at 1/],
    ['an answer that is not a choice', (x) => (x.tour[1].question.answer = 2), /^tour\[1\]\.question\.answer: 2 is not the index of one of its 2 choices/],
    ['a question with one choice', (x) => (x.tour[1].question.choices = ['only']), /^tour\[1\]\.question\.choices: a question needs at least 2 choices/],
    ['text that is not a string', (x) => (x.tour[0].text = 5), /^tour\[0\]\.text: must be a string, got a number/],
    ['an initial state for a node named __proto__', (x) => {
      x.options.nodes = ['__proto__', 'B'];
      x.options.initial = JSON.parse('{"__proto__": {"term": 3, "votedFor": null, "log": []}}') as unknown;
      x.actions = [];
      x.tour = [];
    }, /^options\.initial: a node named '__proto__' cannot have an initial state/],
  ];
  it.each(cases)('%s', (_name, change, pattern) => {
    expectError(mutated(s, change), pattern);
  });

  it('caps the sizes: actions, tour steps and text', () => {
    const many: Action[] = Array.from({ length: LIMITS.actions + 1 }, (_, i) => ({ at: i, type: 'heal' }));
    expectError(mutated(s, (x) => (x.actions = many)), /^actions: at most 5000 actions/);
    expect(parseScenario(mutated(s, (x) => (x.actions = many.slice(0, LIMITS.actions)))).ok).toBe(true);
    const steps = Array.from({ length: LIMITS.tourSteps + 1 }, (_, i) => ({ at: i, text: 'step' }));
    expectError(mutated(s, (x) => (x.tour = steps)), /^tour: at most 200 tour steps/);
    expectError(mutated(s, (x) => (x.tour[0].text = 'x'.repeat(LIMITS.text + 1))), /^tour\[0\]\.text: must be at most 10000 characters/);
    expectError(mutated(s, (x) => (x.description = 'x'.repeat(LIMITS.text + 1))), /^description: must be at most 10000 characters/);
    expectError(mutated(s, (x) => (x.title = 'x'.repeat(LIMITS.title + 1))), /^title: must be at most 200 characters/);
    expect(parseScenario(mutated(s, (x) => (x.tour[0].text = 'x'.repeat(LIMITS.text)))).ok).toBe(true);
  });

  it('knows the servers addServer adds: from the moment they are added', () => {
    const base = currentScenario({ nodes: 3 }, []);
    const withAdd = (tourAt: number) => ({
      ...base,
      actions: [
        { at: 600, type: 'addServer', node: 'S4' },
        { at: 900, type: 'crash', node: 'S4' },
      ],
      tour: [{ at: tourAt, text: 'the new server', highlights: { nodes: ['S4'], entries: [{ node: 'S4', index: 1 }] } }],
    });
    expect(parseScenario(withAdd(700)).ok).toBe(true);
    expectError(withAdd(500), /^tour\[0\]\.highlights\.nodes\[0\]: unknown node id 'S4' at 500 ms/);
    expectError(
      { ...base, actions: [{ at: 100, type: 'crash', node: 'S4' }, { at: 600, type: 'addServer', node: 'S4' }] },
      /^actions\[0\]\.node: unknown node id 'S4'/,
    );
    expectError({ ...base, actions: [{ at: 600, type: 'addServer', node: 'C7' }] }, /^actions\[0\]\.node: names C1, C2, … are reserved/);
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 0, 'text', [], () => 1, Symbol('s'), new Map(), { v: 1 }, { v: 1, engine: ENGINE, options: null }];
    for (const input of odd) {
      const r = parseScenario(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
  });
});
