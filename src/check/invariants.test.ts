import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Role, TraceEvent } from '../sim/types.ts';
import { createSafetyMonitor, stableStringify, type PropertyId, type SafetyMonitor } from './invariants.ts';

// A tiny DSL for hand-made traces. Entries are written [term, command].
type E = [number, unknown];
let clock = 0;
const at = () => clock++;
const role = (node: string, r: Role, term: number): TraceEvent => ({ type: 'role', at: at(), node, role: r, term });
const leader = (node: string, term: number) => role(node, 'leader', term);
const follower = (node: string, term: number) => role(node, 'follower', term);
const append = (node: string, from: number, ...entries: E[]): TraceEvent => ({
  type: 'append',
  at: at(),
  node,
  from,
  entries: entries.map(([term, command], i) => ({ index: from + i, term, command, kind: 'command' as const })),
});
const truncate = (node: string, from: number): TraceEvent => ({ type: 'truncate', at: at(), node, from, entries: [] });
const commit = (node: string, commitIndex: number): TraceEvent => ({ type: 'commit', at: at(), node, commitIndex });
const apply = (node: string, index: number, term: number, command: unknown): TraceEvent => ({
  type: 'apply',
  at: at(),
  node,
  index,
  term,
  command,
  kind: 'command',
});
const snapshot = (node: string, index: number, term: number, voters: string[] = ['S1', 'S2', 'S3']): TraceEvent => ({
  type: 'snapshot',
  at: at(),
  node,
  index,
  term,
  voters,
});
const crash = (node: string): TraceEvent => ({ type: 'crash', at: at(), node });
const restart = (node: string): TraceEvent => ({ type: 'restart', at: at(), node });

const put = (key: string, value: string) => ({ type: 'put', key, value });

function run(events: TraceEvent[]): SafetyMonitor {
  const m = createSafetyMonitor();
  for (const e of events) m.observe(e);
  return m;
}

function violated(m: SafetyMonitor): PropertyId[] {
  return m
    .properties()
    .filter((p) => p.state === 'violated')
    .map((p) => p.id);
}

/** S1 leads term 1 and replicates x=1, y=2 to S2 and S3, committing both. */
function healthyTerm1(): TraceEvent[] {
  return [
    role('S1', 'candidate', 1),
    leader('S1', 1),
    follower('S2', 1),
    follower('S3', 1),
    append('S1', 1, [1, put('x', '1')], [1, put('y', '2')]),
    append('S2', 1, [1, put('x', '1')], [1, put('y', '2')]),
    append('S3', 1, [1, put('x', '1')]),
    commit('S1', 2),
    apply('S1', 1, 1, put('x', '1')),
    apply('S1', 2, 1, put('y', '2')),
  ];
}

describe('stableStringify', () => {
  it('ignores key order and distinguishes values', () => {
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(stableStringify({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: '1' }));
    expect(stableStringify(null)).not.toBe(stableStringify(undefined));
  });
});

describe('Election Safety', () => {
  it('holds when each term has one leader, even the same node in several terms', () => {
    const m = run([leader('S1', 1), follower('S1', 2), leader('S2', 2), crash('S2'), leader('S1', 3), leader('S1', 5)]);
    expect(m.ok()).toBe(true);
  });

  it('holds when the same node is elected again in the same term after a restart', () => {
    const m = run([leader('S1', 4), crash('S1'), restart('S1'), leader('S1', 4)]);
    expect(m.ok()).toBe(true);
  });

  it('is violated by two leaders of one term, even far apart in time', () => {
    const m = run([leader('S3', 4), follower('S3', 5), leader('S1', 5), crash('S1'), leader('S5', 4)]);
    expect(violated(m)).toEqual(['election-safety']);
    const v = m.violations()[0];
    expect(v.message).toBe('S3 and S5 were both leader of term 4.');
    expect(v.nodes).toEqual(['S3', 'S5']);
    expect(v.event).toBe(4);
  });

  it('reports a violation once, when it happens', () => {
    const m = createSafetyMonitor();
    expect(m.observe(leader('S1', 2))).toEqual([]);
    expect(m.observe(leader('S2', 2))).toHaveLength(1);
    expect(m.observe(leader('S3', 2))).toHaveLength(1);
    expect(m.observe(follower('S2', 2))).toEqual([]);
    expect(m.properties()[0].count).toBe(2);
  });
});

describe('Leader Append-Only', () => {
  it('holds when followers truncate and a former leader truncates after stepping down', () => {
    const m = run([
      ...healthyTerm1(),
      append('S3', 2, [1, put('y', '2')]),
      truncate('S3', 2),
      append('S1', 3, [1, put('w', '4')]),
      follower('S1', 2),
      truncate('S1', 3),
    ]);
    expect(m.ok()).toBe(true);
  });

  it('is violated when a leader deletes entries of its own log', () => {
    const m = run([...healthyTerm1(), truncate('S1', 2)]);
    expect(violated(m)).toEqual(['leader-append-only']);
    expect(m.violations()[0].message).toBe('S1 deleted entry 2 of its own log while leader of term 1.');
    expect(m.violations()[0].entries).toEqual([{ node: 'S1', index: 2, term: 1, command: put('y', '2') }]);
  });

  it('is violated when a leader overwrites an entry in place', () => {
    const m = run([...healthyTerm1(), append('S1', 2, [1, put('y', '9')])]);
    expect(violated(m)).toContain('leader-append-only');
    expect(m.violations()[0].message).toBe('S1 overwrote entry 2 of its own log while leader of term 1.');
  });

  it('does not count re-announcing identical entries as an overwrite', () => {
    const m = run([...healthyTerm1(), append('S1', 1, [1, put('x', '1')], [1, put('y', '2')], [1, put('z', '3')])]);
    expect(m.ok()).toBe(true);
  });
});

describe('Log Matching', () => {
  it('holds for logs that agree, and for different terms at the same index', () => {
    const m = run([
      leader('S1', 1),
      append('S1', 1, [1, put('x', '1')], [1, put('y', '2')]),
      append('S2', 1, [1, put('x', '1')], [1, put('y', '2')]),
      append('S3', 1, [1, put('x', '1')]),
      // S3 gets an entry of term 2 from a leader that lost; the same index holds term 3 elsewhere.
      leader('S3', 2),
      append('S3', 2, [2, put('q', 'lost')]),
      follower('S3', 3),
      leader('S2', 3),
      append('S2', 3, [3, put('a', '1')]),
      truncate('S3', 2),
      append('S3', 2, [1, put('y', '2')], [3, put('a', '1')]),
    ]);
    expect(m.ok()).toBe(true);
  });

  it('is violated when the same index and term hold different commands', () => {
    const m = run([append('S1', 1, [1, put('x', '1')]), append('S2', 1, [1, put('x', '2')])]);
    expect(violated(m)).toEqual(['log-matching']);
    expect(m.violations()[0].message).toBe(
      'S1 and S2 both have an entry of term 1 at index 1, but hold different commands there (put x=1 (term 1) vs put x=2 (term 1)).',
    );
  });

  it('is violated when logs agree at an index and term but differ earlier, and names where', () => {
    const m = run([
      append('S1', 1, [1, put('a', '1')], [1, put('b', '1')], [2, put('c', '1')]),
      append('S2', 1, [1, put('a', '1')], [1, put('b', 'X')], [2, put('c', '1')]),
    ]);
    expect(violated(m)).toEqual(['log-matching']);
    const v = m.violations()[0];
    expect(v.message).toBe('S1 and S2 both have an entry of term 1 at index 2, but hold different commands there (put b=1 (term 1) vs put b=X (term 1)).');
    const m2 = run([
      append('S1', 1, [1, put('a', '1')], [1, put('b', '1')], [2, put('c', '1')]),
      append('S2', 1, [1, put('a', '1')], [3, put('b', 'X')], [2, put('c', '1')]),
    ]);
    expect(m2.violations()[0].message).toBe('S1 and S2 both have an entry of term 2 at index 3, but their logs differ at index 2.');
    expect(m2.violations()[0].entries?.map((e) => [e.node, e.index, e.term])).toEqual([
      ['S1', 2, 1],
      ['S2', 2, 3],
    ]);
  });

  it('compares commands by value, not by key order', () => {
    const m = run([append('S1', 1, [1, { a: 1, b: 2 }]), append('S2', 1, [1, { b: 2, a: 1 }])]);
    expect(m.ok()).toBe(true);
  });
});

describe('Log Matching (property)', () => {
  const logArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 12 });
  const sorted = (l: [number, string][]): E[] => {
    // Terms in a log never decrease.
    const terms = l.map(([t]) => t).sort((a, b) => a - b);
    return l.map(([, c], i) => [terms[i], c]);
  };

  it('holds when several nodes append the same log in any chunks and order', () => {
    fc.assert(
      fc.property(logArb, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 3 }), (raw, chunks) => {
        const log = sorted(raw);
        const events: TraceEvent[] = [];
        ['S1', 'S2', 'S3'].forEach((node, n) => {
          for (let i = 0; i < log.length; i += chunks[n]) events.push(append(node, i + 1, ...log.slice(i, i + chunks[n])));
        });
        expect(run(events).ok()).toBe(true);
      }),
    );
  });

  it('is violated by any change to one entry below a matching (index, term)', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), (raw, pick) => {
        const log = sorted(raw);
        fc.pre(log.length >= 2);
        const i = pick % (log.length - 1);
        const other = log.map((e): E => [e[0], e[1]]);
        other[i] = [other[i][0], `${String(other[i][1])}!`];
        const m = run([append('S1', 1, ...log), append('S2', 1, ...other)]);
        expect(violated(m)).toEqual(['log-matching']);
        expect(m.violations()[0].entries?.[0].index).toBe(i + 1);
      }),
    );
  });
});

describe('Leader Completeness', () => {
  it('holds when later leaders have every committed entry', () => {
    const m = run([
      ...healthyTerm1(),
      crash('S1'),
      leader('S2', 2),
      append('S2', 3, [2, put('z', '3')]),
      append('S3', 2, [1, put('y', '2')], [2, put('z', '3')]),
      commit('S2', 3),
    ]);
    expect(m.ok()).toBe(true);
  });

  it('holds for a leader whose committed prefix was compacted into a snapshot', () => {
    const m = run([...healthyTerm1(), snapshot('S2', 2, 1), crash('S1'), leader('S2', 2)]);
    expect(m.ok()).toBe(true);
  });

  it('holds for a follower that installed a snapshot and then became leader', () => {
    const m = run([
      ...healthyTerm1(),
      snapshot('S3', 2, 1),
      crash('S1'),
      leader('S3', 2),
      append('S3', 3, [2, put('z', '3')]),
      append('S2', 3, [2, put('z', '3')]),
    ]);
    expect(m.ok()).toBe(true);
    expect(m.warnings()).toEqual([]);
  });

  it('is violated by a new leader lacking a committed entry', () => {
    const m = run([...healthyTerm1(), crash('S1'), truncate('S3', 1), leader('S3', 2)]);
    expect(violated(m)).toEqual(['leader-completeness']);
    expect(m.violations()[0].message).toBe(
      'S3 became leader of term 2, but its log lacks the entry committed at index 1 (put x=1 (term 1)): its log ends at index 0.',
    );
  });

  it('is violated when an entry committed in an earlier term is overwritten (Figure 8 with the bug)', () => {
    // Figure 8 (c)-(d) when S1 "commits" its term-2 entry at index 2 by counting replicas in term 4.
    const m = run([
      leader('S1', 2),
      append('S1', 1, [1, 'a'], [2, 'b']),
      append('S2', 1, [1, 'a'], [2, 'b']),
      append('S3', 1, [1, 'a']),
      append('S4', 1, [1, 'a']),
      append('S5', 1, [1, 'a']),
      crash('S1'),
      leader('S5', 3),
      append('S5', 2, [3, 'c']),
      crash('S5'),
      restart('S1'),
      leader('S1', 4),
      append('S3', 2, [2, 'b']),
      commit('S1', 2), // the Figure 8 bug: index 2 is of term 2, not 4
      crash('S1'),
      restart('S5'),
      leader('S5', 5),
    ]);
    expect(violated(m)).toEqual(['leader-completeness']);
    expect(m.violations()[0].message).toBe(
      'S5 became leader of term 5, but its log lacks the entry committed at index 2 (b (term 2)): it has c (term 3) there instead.',
    );
  });

  it('is violated when a stale leader commits what a current leader of a later term lacks', () => {
    const m = run([
      leader('S1', 1),
      append('S1', 1, [1, 'a']),
      append('S2', 1, [1, 'a']),
      leader('S3', 2),
      commit('S1', 1),
    ]);
    expect(violated(m)).toEqual(['leader-completeness']);
    expect(m.violations()[0].nodes).toEqual(['S3']);
  });

  it('is violated when two leaders commit different entries at one index', () => {
    const m = run([
      leader('S1', 1),
      append('S1', 1, [1, 'a']),
      commit('S1', 1),
      follower('S1', 2),
      leader('S2', 2),
      append('S2', 1, [2, 'b']),
      commit('S2', 1),
    ]);
    expect(violated(m)).toContain('leader-completeness');
    expect(m.violations().some((v) => v.message.startsWith('Index 1 was committed twice with different entries'))).toBe(true);
  });

  it('ignores commit events of followers', () => {
    const m = run([
      ...healthyTerm1(),
      append('S2', 3, [1, put('z', '3')]),
      commit('S2', 3),
      crash('S1'),
      truncate('S2', 3),
      leader('S2', 2),
    ]);
    expect(m.ok()).toBe(true);
  });
});

describe('State Machine Safety', () => {
  it('holds when every node applies the same entries, including re-applying after a restart', () => {
    const m = run([
      ...healthyTerm1(),
      apply('S2', 1, 1, put('x', '1')),
      crash('S1'),
      restart('S1'),
      apply('S1', 1, 1, { value: '1', key: 'x', type: 'put' }),
    ]);
    expect(m.ok()).toBe(true);
  });

  it('is violated when two nodes apply different entries at one index', () => {
    const m = run([...healthyTerm1(), apply('S3', 2, 2, put('y', '3'))]);
    expect(violated(m)).toEqual(['state-machine-safety']);
    expect(m.violations()[0].message).toBe('S1 applied put y=2 (term 1) at index 2, but S3 applied put y=3 (term 2) there.');
    expect(m.violations()[0].entries).toHaveLength(2);
  });

  it('is violated when one node applies two different entries at one index', () => {
    const m = run([apply('S1', 1, 1, 'a'), crash('S1'), restart('S1'), apply('S1', 1, 2, 'b')]);
    expect(violated(m)).toEqual(['state-machine-safety']);
  });
});

describe('seeding', () => {
  it('starts from node states and tolerates the same entries appended again at time 0', () => {
    const m = createSafetyMonitor({
      initial: { S1: { term: 1, log: [{ term: 1, command: 'a' }] }, S2: { log: [{ term: 1, command: 'a' }] } },
    });
    m.observe(append('S1', 1, [1, 'a']));
    m.observe(append('S2', 1, [1, 'a'], [1, 'b']));
    m.observe(append('S3', 1, [1, 'a'], [1, 'c']));
    expect(violated(m)).toEqual(['log-matching']);
  });

  it('starts from node views with compacted logs without false alarms', () => {
    const m = createSafetyMonitor({
      nodes: [
        { id: 'S1', role: 'leader', term: 3, snapshotIndex: 5, snapshotTerm: 2, log: [{ index: 6, term: 3, command: 'f', kind: 'command' }] },
        { id: 'S2', role: 'follower', term: 3, log: [] },
      ],
    });
    m.observe(leader('S2', 4));
    m.observe(append('S1', 7, [3, 'g']));
    m.observe(leader('S1', 3));
    expect(m.ok()).toBe(true);
    m.observe(leader('S2', 3));
    expect(violated(m)).toEqual(['election-safety']);
  });
});

describe('cost', () => {
  it('handles a long run without re-scanning logs', () => {
    const m = createSafetyMonitor();
    m.observe(leader('S1', 1));
    const n = 20000;
    for (let i = 1; i <= n; i++) {
      const e: E = [1, put(`k${i % 10}`, String(i))];
      for (const s of ['S1', 'S2', 'S3']) m.observe(append(s, i, e));
      m.observe(commit('S1', i));
      for (const s of ['S1', 'S2', 'S3']) m.observe(apply(s, i, 1, e[1]));
    }
    m.observe(crash('S1'));
    m.observe(leader('S2', 2));
    expect(m.ok()).toBe(true);
    expect(m.events).toBe(n * 7 + 3);
  });
});

describe('Snapshot Configuration (thesis §5.1): a snapshot records the configuration in force at its index', () => {
  const configEntry = (node: string, index: number, term: number, voters: string[]): TraceEvent => ({
    type: 'append',
    at: at(),
    node,
    from: index,
    entries: [{ index, term, command: null, kind: 'config', voters }],
  });
  const boot = ['S1', 'S2', 'S3'];
  function monitor(events: TraceEvent[]): SafetyMonitor {
    const m = createSafetyMonitor({ bootVoters: boot });
    for (const e of events) m.observe(e);
    return m;
  }
  /** Term 1: x=1, y=2 committed, then the configuration {S1..S4} at index 3, committed. */
  function withConfig(): TraceEvent[] {
    return [...healthyTerm1(), configEntry('S1', 3, 1, ['S1', 'S2', 'S3', 'S4']), commit('S1', 3)];
  }

  it('holds for the boot configuration before any configuration entry, and for the entry in force after it', () => {
    const m = monitor([...withConfig(), snapshot('S1', 2, 1, ['S3', 'S1', 'S2']), snapshot('S2', 3, 1, ['S1', 'S2', 'S3', 'S4'])]);
    expect(violated(m)).toEqual([]);
  });

  it("is violated by a new server's snapshot that records no voters (the bug of issue #12)", () => {
    const m = monitor([...withConfig(), snapshot('S4', 2, 1, [])]);
    expect(violated(m)).toEqual(['snapshot-configuration']);
    expect(m.violations()[0].message).toBe(
      "S4's snapshot through index 2 records the configuration {}, but the configuration in force there is {S1, S2, S3} (the boot configuration).",
    );
  });

  it('is violated by a snapshot that records the configuration of a later entry', () => {
    const m = monitor([...withConfig(), append('S1', 4, [1, put('z', '3')]), commit('S1', 4), snapshot('S1', 2, 1, ['S1', 'S2', 'S3', 'S4'])]);
    expect(violated(m)).toEqual(['snapshot-configuration']);
  });

  it('does not judge a snapshot beyond what it has seen committed, nor one before any entry without the boot configuration', () => {
    expect(violated(monitor([...healthyTerm1(), snapshot('S2', 5, 1, [])]))).not.toContain('snapshot-configuration');
    const m = createSafetyMonitor();
    for (const e of [...healthyTerm1(), snapshot('S1', 2, 1, [])]) m.observe(e);
    expect(violated(m)).toEqual([]);
  });

  it('a configuration entry with other voters at the same index and term breaks Log Matching', () => {
    const m = monitor([...healthyTerm1(), configEntry('S1', 3, 1, ['S1', 'S2']), configEntry('S2', 3, 1, ['S1', 'S2', 'S3', 'S4'])]);
    expect(violated(m)).toContain('log-matching');
  });
});
