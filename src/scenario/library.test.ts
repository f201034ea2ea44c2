// Every built-in scenario shows what its text says: each is replayed through the engine with
// createCluster(options, actions), stopping at its tour steps, and the claims of the text are
// checked there (who leads, which entries are committed, what each state machine holds).

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attachSafetyMonitor, type AttachedSafetyMonitor } from '../check/invariants.ts';
import { checkLinearizability } from '../check/linearizability.ts';
import { createCluster } from '../sim/index.ts';
import type { Cluster, TraceEvent } from '../sim/index.ts';
import { checkReplay } from './api.ts';
import { parseScenario, scenarioEnd, type Scenario } from './format.ts';
import { LECTURES, LIBRARY, libraryScenario, loadLecture } from './library.ts';
import { FIGURE_7, FIGURE_7_SERVERS } from './library/figure7Logs.ts';

interface Play {
  c: Cluster;
  s: Scenario;
  events: TraceEvent[];
  safety: AttachedSafetyMonitor;
  /** Plays to tour step `i` and returns the cluster there. */
  step: (i: number) => Cluster;
  /** Plays to time t (never backwards). */
  to: (t: number) => Cluster;
  leaders: () => { node: string; term: number; at: number }[];
  roles: (node: string) => { role: string; term: number; at: number }[];
}

function play(id: string): Play {
  const s = libraryScenario(id);
  if (s === undefined) throw new Error(`no scenario '${id}'`);
  const c = createCluster(s.options, s.actions);
  const events: TraceEvent[] = [];
  const safety = attachSafetyMonitor(c);
  c.subscribe((e) => events.push(e));
  const to = (t: number) => {
    if (t < c.now) throw new Error(`cannot play back to ${t} from ${c.now}`);
    c.runFor(t - c.now);
    return c;
  };
  return {
    c,
    s,
    events,
    safety,
    to,
    step: (i) => to(s.tour![i].at),
    leaders: () => events.flatMap((e) => (e.type === 'role' && e.role === 'leader' ? [{ node: e.node, term: e.term, at: e.at }] : [])),
    roles: (node) => events.flatMap((e) => (e.type === 'role' && e.node === node ? [{ role: e.role, term: e.term, at: e.at }] : [])),
  };
}

const termsOf = (c: Cluster, id: string) => c.node(id).log.map((e) => e.term);
const applies = (p: Play, index?: number) =>
  p.events.flatMap((e) => (e.type === 'apply' && (index === undefined || e.index === index) ? [e] : []));

describe('the lecture library', () => {
  it('has the seven lecture topics, each scenario with a title, an explanation and a tour of 3–8 steps with a question', () => {
    expect(LIBRARY.map((e) => e.id)).toEqual(expect.arrayContaining(['election', 'lab', 'replication', 'partition', 'figure-7', 'figure-8', 'figure-8-broken']));
    expect(new Set(LIBRARY.map((e) => e.id)).size).toBe(LIBRARY.length);
    expect(new Set(LIBRARY.map((e) => e.topic)).size).toBeGreaterThanOrEqual(5);
    for (const { id, scenario: s } of LIBRARY) {
      expect(parseScenario(s).ok, id).toBe(true);
      expect(s.title?.length, id).toBeGreaterThan(10);
      expect(s.description?.length, id).toBeGreaterThan(50);
      expect(s.tour?.length, id).toBeGreaterThanOrEqual(3);
      expect(s.tour?.length, id).toBeLessThanOrEqual(8);
      expect(s.tour?.some((step) => step.question !== undefined), id).toBe(true);
      expect(scenarioEnd(s), id).toBe(s.tour![s.tour!.length - 1].at);
    }
  });

  it.each(LIBRARY.map((e) => e.id))('%s replays every action without an error', (id) => {
    const r = checkReplay(libraryScenario(id)!);
    expect(r.ok ? 'ok' : r.error).toBe('ok');
  });

  it.each(LIBRARY.filter((e) => e.id !== 'figure-8-broken').map((e) => e.id))('%s keeps every safety property of Figure 3', (id) => {
    const p = play(id);
    p.to(scenarioEnd(p.s));
    expect(p.safety.violations()).toEqual([]);
  });

  it('libraryScenario returns a copy', () => {
    const a = libraryScenario('lab')!;
    a.actions.length = 0;
    expect(libraryScenario('lab')!.actions.length).toBeGreaterThan(0);
    expect(libraryScenario('nope')).toBeUndefined();
  });
});

describe('the library index and loading a lecture when it is opened', () => {
  it('the index says what each lecture holds: title, description, servers, steps, questions', () => {
    expect(LIBRARY.map((e) => e.id)).toEqual(LECTURES.map((e) => e.id));
    for (const info of LECTURES) {
      const s = libraryScenario(info.id)!;
      expect({ ...info, topic: undefined }, info.id).toEqual({
        id: info.id,
        topic: undefined,
        title: s.title,
        description: s.description,
        servers: s.options.nodes.length,
        steps: s.tour!.length,
        questions: s.tour!.some((step) => step.question !== undefined),
      });
    }
    // lectures of a topic are listed together
    const topics = LECTURES.map((e) => e.topic).filter((t, i, all) => i === 0 || all[i - 1] !== t);
    expect(new Set(topics).size).toBe(topics.length);
  });

  it.each(LECTURES.map((e) => e.id))('loadLecture(%s) loads its module: the scenario, a copy each time', async (id) => {
    const a = await loadLecture(id);
    expect(a).toEqual(libraryScenario(id));
    a!.actions.length = 0;
    expect(await loadLecture(id)).toEqual(libraryScenario(id));
  });

  it('loadLecture of an id not in the library is undefined', async () => {
    for (const id of ['nope', '__proto__', 'constructor', 'toString', '']) expect(await loadLecture(id), id).toBeUndefined();
  });

  it('no module of the app imports every lecture: only tests and the scenario barrel import library.ts, and only the index (dynamically) and library.ts import a lecture', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[])
      .map((f) => f.replace(/\\/g, '/'))
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    const lectureModules = LECTURES.map((e) => `scenario/library/${e.id}.ts`);
    const offenders: string[] = [];
    for (const f of files) {
      const text = readFileSync(`${src}/${f}`, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)) {
        const target = new URL(m[1], `file:///src/${f}`).pathname.replace(/^\/src\//, '');
        if (target === 'scenario/library.ts' && f !== 'scenario/index.ts') offenders.push(`${f} imports ${target}`);
        if (target === 'scenario/index.ts') offenders.push(`${f} imports the scenario barrel, which re-exports library.ts`);
        if (lectureModules.includes(target) && f !== 'scenario/library.ts') offenders.push(`${f} imports ${target}`);
      }
    }
    expect(offenders).toEqual([]);
    // the index loads each lecture by a dynamic import, one per lecture
    const index = readFileSync(`${src}/scenario/library/index.ts`, 'utf8');
    for (const e of LECTURES) expect(index, e.id).toContain(`import('./${e.id}.ts')`);
  });
});

describe('1. leader election from a cold start, with a split vote', () => {
  const p = play('election');
  it('S1 times out first and becomes candidate of term 1', () => {
    const c = p.step(1);
    expect(c.node('S1')).toMatchObject({ role: 'candidate', term: 1, votedFor: 'S1' });
    expect(c.leader()).toBeNull();
  });
  it('S2 and S5 time out too: three candidates of term 1', () => {
    const c = p.step(2);
    for (const id of ['S1', 'S2', 'S5']) expect(c.node(id)).toMatchObject({ role: 'candidate', term: 1, votedFor: id });
  });
  it('the votes split 2–2–1 and nobody wins term 1', () => {
    const c = p.step(3);
    expect(c.node('S3').votedFor).toBe('S1');
    expect(c.node('S4').votedFor).toBe('S2');
    expect(c.leader()).toBeNull();
    const granted = p.events.filter((e) => e.type === 'deliver' && e.message.type === 'RequestVoteReply' && e.message.voteGranted);
    expect(granted.map((e) => (e.type === 'deliver' ? `${e.message.from}→${e.message.to}` : '')).sort()).toEqual(['S3→S1', 'S4→S2']);
  });
  it('S1’s new random timeout fires first: term 2', () => {
    const c = p.step(4);
    expect(c.node('S1')).toMatchObject({ role: 'candidate', term: 2 });
    const candidatesOfTerm2 = p.events.filter((e) => e.type === 'role' && e.role === 'candidate' && e.term === 2);
    expect(candidatesOfTerm2.map((e) => (e.type === 'role' ? e.node : ''))).toEqual(['S1']);
    for (const id of ['S2', 'S3', 'S4', 'S5']) expect(c.node(id).term).toBe(1); // S1's requests are still on the wire
  });
  it('S1 wins term 2; no leader ever existed in term 1', () => {
    const c = p.step(5);
    expect(c.leader()).toBe('S1');
    expect(p.leaders()).toEqual([{ node: 'S1', term: 2, at: 368 }]);
    for (const id of ['S2', 'S3', 'S4', 'S5']) expect(c.node(id)).toMatchObject({ role: 'follower', term: 2, leaderId: 'S1' });
  });
  it('stays stable: one leader, no more elections', () => {
    p.step(6);
    expect(p.leaders()).toHaveLength(1);
    expect(p.c.ids.every((id) => p.c.node(id).term === 2)).toBe(true);
  });
});

describe('2. the classic lab: 127.0.0.1:8000–8002', () => {
  const [A, B, C] = ['127.0.0.1:8000', '127.0.0.1:8001', '127.0.0.1:8002'];
  const LAB = [A, B, C];
  const p = play('lab');
  it('starts with LEADER => None and empty files', () => {
    const c = p.step(0);
    for (const id of LAB) expect(c.node(id)).toMatchObject({ leaderId: null, log: [], state: {}, term: 0, votedFor: null });
  });
  it('elects 127.0.0.1:8001 in term 1; every node prints it as leader; votes are persisted', () => {
    const c = p.step(1);
    expect(c.leader()).toBe(B);
    for (const id of LAB) expect(c.node(id)).toMatchObject({ leaderId: B, term: 1, votedFor: B });
  });
  it('writes data_id 1 and 2 through the leader: in every log and every state machine', () => {
    const c = p.step(2);
    for (const id of LAB) {
      const log = c.node(id).log;
      expect(log.slice(1, 3).map((e) => ({ term: e.term, command: e.command }))).toEqual([
        { term: 1, command: { data_id: 1 } },
        { term: 1, command: { data_id: 2 } },
      ]);
      expect(c.node(id).state).toEqual({ data_id: 2 });
    }
  });
  it('crashes the leader', () => {
    const c = p.step(3);
    expect(c.node(B).alive).toBe(false);
    expect(c.leader()).toBeNull();
  });
  it('elects 127.0.0.1:8002 in term 2 with the vote of 127.0.0.1:8000, persisted', () => {
    const c = p.step(4);
    expect(c.leader()).toBe(C);
    expect(c.node(C).term).toBe(2);
    expect(c.node(A)).toMatchObject({ term: 2, votedFor: C, leaderId: C });
  });
  it('the restarted 127.0.0.1:8001 kept its term, vote and log but not its state machine', () => {
    const c = p.step(5);
    expect(c.node(B)).toMatchObject({ alive: true, term: 1, votedFor: B, commitIndex: 0, state: {}, leaderId: null });
    expect(c.node(B).log.map((e) => e.command)).toEqual([null, { data_id: 1 }, { data_id: 2 }]);
    expect(c.node(C).state).toEqual({ data_id: 3 }); // data_id 3 went through the new leader
  });
  it('…and catches up from the new leader: data_id 3, LEADER => 127.0.0.1:8002', () => {
    const c = p.step(6);
    expect(c.node(B)).toMatchObject({ term: 2, leaderId: C, state: { data_id: 3 } });
    expect(c.node(B).log).toEqual(c.node(C).log);
  });
  it('data_id 4 commits with one follower down; at the end all three nodes hold the same log, state and term', () => {
    const c = p.step(7);
    const crashed = p.events.find((e) => e.type === 'crash' && e.node === A)!;
    const restarted = p.events.find((e) => e.type === 'restart' && e.node === A)!;
    const committed = p.events.find((e) => e.type === 'commit' && e.node === C && e.commitIndex === 6)!;
    expect(committed.at).toBeGreaterThan(crashed.at);
    expect(committed.at).toBeLessThan(restarted.at);
    for (const id of LAB) {
      expect(c.node(id).state).toEqual({ data_id: 4 });
      expect(c.node(id).term).toBe(2);
      expect(c.node(id).leaderId).toBe(C);
      expect(c.node(id).log.map((e) => ({ term: e.term, command: e.command }))).toEqual([
        { term: 1, command: null },
        { term: 1, command: { data_id: 1 } },
        { term: 1, command: { data_id: 2 } },
        { term: 2, command: null },
        { term: 2, command: { data_id: 3 } },
        { term: 2, command: { data_id: 4 } },
      ]);
    }
    expect(c.node(A).votedFor).toBe(C);
  });
});

describe('3. log replication and commitment', () => {
  const p = play('replication');
  it('S1 leads term 1 and has committed its no-op', () => {
    const c = p.step(0);
    expect(c.leader()).toBe('S1');
    expect(c.node('S1').log[0]).toMatchObject({ index: 1, term: 1, kind: 'noop' });
    expect(c.node('S1').commitIndex).toBe(1);
  });
  it('put x=1 is appended by the leader at index 2', () => {
    const c = p.step(1);
    expect(c.history()[0]).toMatchObject({ op: { type: 'put', key: 'x', value: '1' } });
    expect(c.node('S1').commitIndex).toBe(1);
  });
  it('x=1 is committed once a majority has it; the leader applies it and answers; followers follow', () => {
    const c = p.step(2);
    const leaderCommit = p.events.find((e) => e.type === 'commit' && e.node === 'S1' && e.commitIndex === 2)!;
    const answered = c.history()[0].completedAt!;
    expect(answered).toBeGreaterThanOrEqual(leaderCommit.at);
    // When S1 committed, at least two followers had acknowledged index 2 (3 of 5 with S1).
    const acks = p.events.filter(
      (e) => e.type === 'deliver' && e.message.type === 'AppendEntriesReply' && e.message.to === 'S1' && e.message.success && e.message.matchIndex >= 2 && e.at <= leaderCommit.at,
    );
    expect(new Set(acks.map((e) => (e.type === 'deliver' ? e.message.from : ''))).size).toBeGreaterThanOrEqual(2);
    for (const id of ['S1', 'S2', 'S3', 'S4', 'S5']) {
      expect(c.node(id).log[1]).toMatchObject({ index: 2, command: { type: 'put', key: 'x', value: '1' } });
      expect(c.node(id).state).toEqual({ x: '1' });
    }
  });
  it('S5 crashes after y=2 commits', () => {
    const c = p.step(3);
    expect(c.node('S5').alive).toBe(false);
    expect(c.node('S1').state).toEqual({ x: '1', y: '2' });
  });
  it('append x 3 commits without S5', () => {
    const c = p.step(4);
    expect(c.node('S1').commitIndex).toBe(4);
    expect(c.node('S1').state).toEqual({ x: '13', y: '2' });
    expect(c.node('S5').log).toHaveLength(3);
  });
  it('get x returns 13 through the log', () => {
    p.step(5);
    const get = p.c.history().find((r) => r.op.type === 'get')!;
    expect(get.result).toBe('13');
    expect(get.completedAt).toBeLessThanOrEqual(1320);
  });
  it('S5 catches up: all logs and state machines identical', () => {
    const c = p.step(6);
    for (const id of c.ids) {
      expect(c.node(id).log).toEqual(c.node('S1').log);
      expect(c.node(id).state).toEqual({ x: '13', y: '2' });
    }
  });
});

describe('4. network partition', () => {
  const p = play('partition');
  it('S1 leads and x=1 is committed everywhere', () => {
    const c = p.step(0);
    expect(c.leader()).toBe('S1');
    for (const id of c.ids) expect(c.node(id).state).toEqual({ x: '1' });
  });
  it('the minority leader S1 accepts x=2 and replicates it to S2 only', () => {
    const c = p.step(1);
    expect(c.node('S1').role).toBe('leader');
    const x2 = { term: 1, command: { type: 'put', key: 'x', value: '2' } };
    expect(c.node('S1').log[2]).toMatchObject(x2);
    expect(c.node('S2').log[2]).toMatchObject(x2);
    for (const id of ['S3', 'S4', 'S5']) expect(c.node(id).log).toHaveLength(2);
    expect(c.node('S1').commitIndex).toBe(2);
  });
  it('the majority elects S3 in term 2 while S1 still thinks it leads term 1', () => {
    const c = p.step(2);
    expect(c.node('S3')).toMatchObject({ role: 'leader', term: 2 });
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
  });
  it('y=3 commits in the majority; the minority’s commitIndex never grows during the partition', () => {
    const c = p.step(3);
    expect(c.node('S3').state).toEqual({ x: '1', y: '3' });
    const heal = p.s.actions.find((a) => a.type === 'heal')!.at;
    p.to(heal);
    const minorityCommits = p.events.filter((e) => e.type === 'commit' && (e.node === 'S1' || e.node === 'S2') && e.at > 640 && e.at <= heal);
    expect(minorityCommits).toEqual([]);
    expect(p.c.node('S1').commitIndex).toBe(2);
    expect(p.c.node('S1').log.length).toBeGreaterThan(2);
  });
  it('after healing S1 steps down and its uncommitted entries from index 3 are replaced', () => {
    const c = p.step(4);
    expect(c.node('S1')).toMatchObject({ role: 'follower', term: 2 });
    const truncated = p.events.filter((e) => e.type === 'truncate');
    expect(truncated.map((e) => (e.type === 'truncate' ? [e.node, e.from] : []))).toEqual(expect.arrayContaining([['S1', 3], ['S2', 3]]));
    expect(truncated.every((e) => e.type === 'truncate' && (e.node === 'S1' || e.node === 'S2'))).toBe(true);
  });
  it('C1’s retry commits x=2 through the new leader; all logs identical', () => {
    const c = p.step(5);
    const x2 = c.history().find((r) => r.op.type === 'put' && r.op.value === '2')!;
    expect(x2.completedAt).toBeGreaterThan(1990);
    for (const id of c.ids) {
      expect(c.node(id).log).toEqual(c.node('S3').log);
      expect(c.node(id).state).toEqual({ x: '2', y: '3' });
    }
  });
});

describe('5. Figure 7', () => {
  const p = play('figure-7');
  const LEADER = FIGURE_7.leader;
  it('starts from the logs of Figure 7', () => {
    const c = p.step(0);
    expect(c.ids).toEqual(FIGURE_7_SERVERS);
    for (const id of FIGURE_7_SERVERS) expect(termsOf(c, id), id).toEqual(FIGURE_7[id]);
  });
  it('the leader wins term 8 with the votes of a, b, e, f and appends a no-op', () => {
    const c = p.step(1);
    expect(c.node('leader')).toMatchObject({ role: 'leader', term: 8 });
    expect(termsOf(c, 'leader')).toEqual([...LEADER, 8]);
    const replies = (granted: boolean) =>
      p.events.flatMap((e) => (e.type === 'deliver' && e.message.type === 'RequestVoteReply' && e.message.voteGranted === granted ? [e.message.from] : []));
    expect(replies(true).sort()).toEqual(['a', 'b', 'e']);
    expect(replies(false).sort()).toEqual(['c', 'd']);
    p.to(60);
    expect(replies(true).sort()).toEqual(['a', 'b', 'e', 'f']);
  });
  it('(c) and (d) lose their extra entries at the first AppendEntries', () => {
    const c = p.step(2);
    for (const id of ['c', 'd']) expect(termsOf(c, id)).toEqual([...LEADER, 8]);
  });
  it('(e) and (f) lose their conflicting entries; (a) and (b) are filled in', () => {
    const c = p.step(3);
    const truncated = Object.fromEntries(p.events.flatMap((e) => (e.type === 'truncate' ? [[e.node, e.from]] : [])));
    expect(truncated).toEqual({ c: 11, d: 11, e: 6, f: 4 });
    for (const id of ['a', 'b', 'e', 'f']) expect(termsOf(c, id)).toEqual([...LEADER, 8]);
  });
  it('every log equals the leader’s and index 11 is committed on all seven', () => {
    const c = p.step(4);
    for (const id of c.ids) {
      expect(c.node(id).log).toEqual(c.node('leader').log);
      expect(c.node(id).commitIndex).toBe(11);
    }
    expect(p.events.some((e) => e.type === 'truncate' && e.node === 'leader')).toBe(false);
  });
});

describe('6. Figure 8, correct Raft', () => {
  const p = play('figure-8');
  it('(a) S1 leads term 2 and index 2 (term 2) is on S1 and S2 only', () => {
    const c = p.step(0);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 2 });
    expect(termsOf(c, 'S1')).toEqual([1, 2]);
    expect(termsOf(c, 'S2')).toEqual([1, 2]);
    for (const id of ['S3', 'S4', 'S5']) expect(termsOf(c, id)).toEqual([1]);
  });
  it('(b) S5 won term 3 with S3 and S4, wrote a different index 2, and crashed', () => {
    const c = p.step(1);
    expect(p.leaders().find((l) => l.node === 'S5')).toMatchObject({ term: 3 });
    expect(termsOf(c, 'S5')).toEqual([1, 3]);
    expect(c.node('S5').alive).toBe(false);
    expect(c.node('S1').alive).toBe(false);
  });
  it('(c) S1 leads term 4 and index 2 (term 2) is on a majority, yet NOT committed', () => {
    const c = p.step(2);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 4 });
    for (const id of ['S1', 'S2', 'S3']) expect(c.node(id).log[1]).toMatchObject({ index: 2, term: 2, command: { x: 2 } });
    expect(c.node('S1').matchIndex).toMatchObject({ S2: 2, S3: 2 });
    for (const id of c.ids) expect(c.node(id).commitIndex).toBeLessThan(2);
    expect(applies(p, 2)).toEqual([]);
  });
  it('(d) S5 wins term 5 with the votes of S2, S3 and S4', () => {
    const c = p.step(3);
    expect(c.node('S5')).toMatchObject({ role: 'leader', term: 5 });
    const voters = p.events.flatMap((e) =>
      e.type === 'deliver' && e.message.type === 'RequestVoteReply' && e.message.voteGranted && e.message.to === 'S5' && e.message.term === 5 ? [e.message.from] : [],
    );
    expect(voters.sort()).toEqual(['S2', 'S3', 'S4']);
  });
  it('S5 overwrites index 2 and commits it with an entry of its own term; nobody ever applied x=2', () => {
    const c = p.step(4);
    for (const id of ['S2', 'S3', 'S5']) expect(c.node(id).log[1]).toMatchObject({ term: 3, command: { x: 3 } });
    expect(c.node('S5').commitIndex).toBe(3);
    expect(applies(p).filter((a) => JSON.stringify(a.command) === '{"x":2}')).toEqual([]);
  });
  it('ends with every log [1, 3, 5], committed, every state machine x=5', () => {
    const c = p.step(5);
    for (const id of c.ids) {
      expect(termsOf(c, id)).toEqual([1, 3, 5]);
      expect(c.node(id).commitIndex).toBe(3);
      expect(c.node(id).state).toEqual({ x: 5 });
    }
    expect(p.safety.ok()).toBe(true);
  });
});

describe('6b. Figure 8, broken (commit-old-terms)', () => {
  const p = play('figure-8-broken');
  it('uses the same seed and actions as the correct Figure 8, differing only in the variant', () => {
    const correct = libraryScenario('figure-8')!;
    expect(p.s.actions).toEqual(correct.actions);
    expect({ ...p.s.options, features: { ...p.s.options.features, variant: 'none' } }).toEqual(correct.options);
    expect(p.s.options.features.variant).toBe('commit-old-terms');
  });
  it('(c) the broken leader commits index 2 of term 2 by counting replicas and applies x=2', () => {
    const c = p.step(2);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 4 });
    expect(c.node('S1').commitIndex).toBeGreaterThanOrEqual(2);
    for (const node of ['S1', 'S2', 'S3']) expect(applies(p, 2)).toContainEqual(expect.objectContaining({ node, term: 2, command: { x: 2 } }));
  });
  it('(d) S5 still wins term 5 and overwrites the committed entry: State Machine Safety is violated', () => {
    const c = p.step(4);
    expect(p.leaders().find((l) => l.term === 5)?.node).toBe('S5');
    for (const id of ['S2', 'S3', 'S5']) expect(c.node(id).log[1]).toMatchObject({ term: 3, command: { x: 3 } });
    const atIndex2 = new Set(applies(p, 2).map((a) => JSON.stringify(a.command)));
    expect(atIndex2).toEqual(new Set(['{"x":2}', '{"x":3}']));
    expect(p.safety.properties().find((pr) => pr.id === 'state-machine-safety')?.state).toBe('violated');
  });
});

describe('7. extensions', () => {
  it('PreVote off: the isolated S5 raises its term to 8, deposes the leader on return, but cannot win', () => {
    const p = play('prevote-off');
    let c = p.step(0);
    expect(c.leader()).toBe('S1');
    expect(c.node('S5').log).toHaveLength(1);
    expect(c.node('S1').commitIndex).toBe(2);
    c = p.step(1);
    expect(c.node('S5')).toMatchObject({ role: 'candidate', term: 8 });
    for (const id of ['S1', 'S2', 'S3', 'S4']) expect(c.node(id).term).toBe(1);
    expect(c.leader()).toBe('S1');
    c = p.step(2);
    expect(c.node('S1').role).toBe('follower');
    expect(c.leader()).toBeNull();
    c = p.step(3);
    expect(c.leader()).toBe('S3');
    expect(c.node('S3').term).toBe(10);
    expect(p.leaders().filter((l) => l.node === 'S5')).toEqual([]);
  });

  it('PreVote on: S5 never raises its term; S1 leads term 1 throughout', () => {
    const p = play('prevote-on');
    let c = p.step(0);
    expect(c.leader()).toBe('S1');
    expect(c.node('S5').log).toHaveLength(1);
    c = p.step(1);
    expect(c.node('S5').term).toBe(1);
    expect(p.roles('S5').some((r) => r.role === 'precandidate' && r.at > 390)).toBe(true);
    expect(p.roles('S5').some((r) => r.role === 'candidate' && r.at > 390)).toBe(false);
    c = p.step(2);
    expect(p.leaders()).toEqual([expect.objectContaining({ node: 'S1', term: 1 })]);
    expect(c.node('S5')).toMatchObject({ role: 'follower', term: 1, leaderId: 'S1' });
    expect(c.node('S5').log).toEqual(c.node('S1').log);
  });

  it('CheckQuorum on: the isolated leader steps down within an election timeout; the majority elects S5', () => {
    const p = play('checkquorum-on');
    let c = p.step(0);
    expect(c.leader()).toBe('S1');
    c = p.step(1);
    expect(c.node('S5')).toMatchObject({ role: 'leader', term: 2 });
    c = p.step(2);
    expect(c.node('S1')).toMatchObject({ role: 'follower', term: 1 });
    const down = p.roles('S1').find((r) => r.role === 'follower' && r.at > 576)!;
    expect(down.at - 576).toBeLessThanOrEqual(p.s.options.timing.electionTimeoutMax + p.s.options.timing.heartbeatInterval);
    c = p.step(3);
    expect(c.node('S1')).toMatchObject({ role: 'follower', term: 2, leaderId: 'S5' });
  });

  it('CheckQuorum off: the isolated leader stays leader of term 1 until the partition heals', () => {
    const p = play('checkquorum-off');
    let c = p.step(1);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
    expect(c.node('S5')).toMatchObject({ role: 'leader', term: 2 });
    c = p.step(2);
    expect(c.node('S1')).toMatchObject({ role: 'follower', term: 2 });
    expect(p.roles('S1').find((r) => r.role === 'follower' && r.at > 576)!.at).toBeGreaterThan(1576);
  });

  it('leadership transfer: TimeoutNow, and S3 leads term 2 at once', () => {
    const p = play('transfer');
    let c = p.step(0);
    expect(c.leader()).toBe('S1');
    p.step(1);
    expect(p.events.some((e) => e.type === 'send' && e.message.type === 'TimeoutNow' && e.message.from === 'S1' && e.message.to === 'S3')).toBe(true);
    c = p.step(2);
    expect(c.leader()).toBe('S3');
    expect(c.node('S3').term).toBe(2);
    const elected = p.leaders().find((l) => l.node === 'S3')!;
    expect(elected.at - 640).toBeLessThan(p.s.options.timing.electionTimeoutMin);
    expect(p.events.filter((e) => e.type === 'role' && e.role === 'candidate').map((e) => (e.type === 'role' ? e.node : ''))).toEqual(['S1', 'S3']);
    c = p.step(3);
    for (const id of c.ids) expect(c.node(id).state).toEqual({ x: '2' });
    expect(c.node('S1').role).toBe('follower');
  });

  it('membership: S4 and S5 join as learners then voters; the removed leader S1 hands over to S2 with TimeoutNow and steps down', () => {
    const p = play('membership');
    let c = p.step(0);
    expect(c.leader()).toBe('S1');
    expect(c.node('S1').state).toEqual({ k1: '1', k2: '2', k3: '3' });
    c = p.step(1);
    expect(c.node('S1').config).toEqual({ voters: ['S1', 'S2', 'S3'], learners: ['S4'] });
    c = p.step(2);
    expect(c.node('S1').config.voters).toEqual(['S1', 'S2', 'S3', 'S4']);
    const configIndex = c.node('S1').log.findLastIndex((e) => e.kind === 'config') + 1;
    expect(c.node('S1').commitIndex).toBeGreaterThanOrEqual(configIndex);
    expect(c.node('S4').state).toEqual({ k1: '1', k2: '2', k3: '3' });
    c = p.step(3);
    expect(c.node('S1').config.voters).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    c = p.step(4);
    expect(c.node('S1').config.voters).toEqual(['S2', 'S3', 'S4', 'S5']);
    expect(c.node('S1').role).toBe('follower');
    c = p.step(5);
    expect(c.leader()).toBe('S2');
    expect(c.node('S2').term).toBe(2);
    const handover = p.events.find((e) => e.type === 'send' && e.message.type === 'TimeoutNow');
    expect(handover).toMatchObject({ message: { from: 'S1', to: 'S2', term: 1 } });
    const elected = p.leaders().find((l) => l.node === 'S2')!;
    expect(elected.at - (handover?.at ?? 0)).toBeLessThan(100); // at once, not after an election timeout
    const votes = p.events.flatMap((e) =>
      e.type === 'deliver' && e.message.type === 'RequestVoteReply' && e.message.to === 'S2' && e.message.voteGranted && e.at <= elected.at ? [e.message.from] : [],
    );
    expect(votes.sort()).toEqual(['S3', 'S4']);
    c = p.step(6);
    for (const id of ['S2', 'S3', 'S4', 'S5']) {
      expect(c.node(id).config.voters).toEqual(['S2', 'S3', 'S4', 'S5']);
      expect(c.node(id).state).toEqual({ k1: '1', k2: '2', k3: '3', k4: '4' });
    }
    expect(c.node('S1').state).not.toHaveProperty('k4');
  });

  it('snapshots: the servers compact their logs; the restarted S5 gets InstallSnapshot', () => {
    const p = play('snapshot');
    let c = p.step(0);
    expect(c.node('S5').alive).toBe(false);
    c = p.step(1);
    for (const id of ['S1', 'S2', 'S3', 'S4']) expect(c.node(id).snapshotIndex).toBeGreaterThan(0);
    c = p.step(2);
    expect(c.node('S1').snapshotIndex).toBeGreaterThanOrEqual(2); // index 2, which S5 needs, is gone
    expect(c.node('S5').log).toHaveLength(1);
    c = p.step(3);
    expect(p.events.some((e) => e.type === 'deliver' && e.message.type === 'InstallSnapshot' && e.message.to === 'S5')).toBe(true);
    expect(c.node('S5').snapshotIndex).toBeGreaterThan(0);
    c = p.step(4);
    for (const id of c.ids) expect(c.node(id).state).toEqual({ k0: '6', k1: '7', k2: '8' });
  });

  it('stale reads: the deposed leader answers x=1 after x=2 completed; the history is not linearizable', () => {
    const p = play('stale-reads');
    let c = p.step(1);
    expect(c.node('S3')).toMatchObject({ role: 'leader', term: 2 });
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
    const put2 = c.history().find((r) => r.op.type === 'put' && r.op.value === '2')!;
    expect(put2.completedAt).toBeLessThanOrEqual(1420);
    c = p.step(3);
    const get = c.history().find((r) => r.op.type === 'get')!;
    expect(get).toMatchObject({ client: 'C2', result: '1' });
    expect(get.invokedAt).toBeGreaterThan(put2.completedAt!);
    expect(get.completedAt).toBeLessThanOrEqual(1700);
    expect(checkLinearizability(c.history()).ok).toBe(false);
    c = p.step(4);
    expect(c.node('S1')).toMatchObject({ role: 'follower', term: 2 });
  });

  it('ReadIndex: the deposed leader never answers; the retry reads x=2; the history is linearizable', () => {
    const p = play('read-index');
    let c = p.step(0);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
    c = p.step(2);
    const get = c.history().find((r) => r.op.type === 'get')!;
    expect(get.result).toBe('2');
    expect(get.completedAt).toBeLessThanOrEqual(2430);
    const answeredByS1 = p.events.some((e) => e.type === 'send' && e.at >= 1640 && e.message.type === 'ClientReply' && e.message.from === 'S1' && e.message.ok);
    expect(answeredByS1).toBe(false);
    c = p.step(3);
    expect(checkLinearizability(c.history()).ok).toBe(true);
  });
});
