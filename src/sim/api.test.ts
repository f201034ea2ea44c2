// The scripting API's contract (DESIGN.md, "The scripting API"): bad input is refused with an
// Error naming the argument and what was wrong, and leaves the cluster exactly as it was; the
// manual network, drop / duplicate / delay, runFor / runUntil / step, leader() and propose
// behave as documented.

import { describe, expect, it } from 'vitest';
import { createCluster } from './index.ts';
import type { Cluster, ClientOp, MessageView, TraceEvent } from './index.ts';

/** JSON with object keys sorted and Maps/Sets written out, so equal data gives equal text. */
function stableJson(value: unknown): string {
  if (value instanceof Map) return `{"$map":${stableJson([...value.entries()])}}`;
  if (value instanceof Set) return `{"$set":${stableJson([...value.values()])}}`;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort().filter((k) => record[k] !== undefined);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The whole cluster state (a checkpoint holds all of it) plus what the API reports. */
function fingerprint(c: Cluster): string {
  return stableJson({ state: c.checkpoint(), now: c.now, actions: c.actions(), views: c.ids.map((id) => c.node(id)) });
}

function events(c: Cluster): TraceEvent[] {
  const out: TraceEvent[] = [];
  c.subscribe((e) => out.push(e));
  return out;
}

// ---------------------------------------------------------------------------------------
// Bad input

class Point {
  constructor(
    public x = 1,
    public y = 2,
  ) {}
}

interface BadCall {
  name: string;
  call: (c: Cluster, message: number) => unknown;
  /** The error names the call and the argument, then says what was wrong. */
  error: RegExp;
  /** Needs a message on the wire (the call's other argument is the one at fault). */
  needsMessage?: true;
}

const GET: ClientOp = { type: 'get', key: 'x' };

const BAD_CALLS: BadCall[] = [
  // an unknown node id
  { name: 'crash an unknown node', call: (c) => c.crash('S9'), error: /^crash: unknown node id 'S9' \(known: S1, S2, S3, S4, S5\)/ },
  { name: 'restart an unknown node', call: (c) => c.restart('S9'), error: /^restart: unknown node id 'S9'/ },
  { name: 'timeout an unknown node', call: (c) => c.timeout('S9'), error: /^timeout: unknown node id 'S9'/ },
  { name: 'view an unknown node', call: (c) => c.node('S9'), error: /^node: unknown node id 'S9'/ },
  { name: 'propose to an unknown node', call: (c) => c.propose('S9', { x: 1 }), error: /^propose: unknown node id 'S9'/ },
  { name: 'a node id that is not a string', call: (c) => c.crash(3 as unknown as string), error: /^crash: node id must be a string, got 3/ },
  { name: 'setLink from an unknown node', call: (c) => c.setLink('S9', 'S1', {}), error: /^setLink: from: unknown node id 'S9'/ },
  { name: 'setLink to an unknown node', call: (c) => c.setLink('S1', 'S9', {}), error: /^setLink: to: unknown node id 'S9'/ },
  { name: 'partition with an unknown node', call: (c) => c.partition([['S1'], ['S9']]), error: /^partition: groups\[1\]: unknown node id 'S9'/ },
  { name: 'request sent to an unknown node', call: (c) => c.request(GET, { to: 'S9' }), error: /^request: opts\.to: unknown node id 'S9'/ },
  { name: 'transferLeadership to an unknown node', call: (c) => c.transferLeadership('S9'), error: /^transferLeadership: unknown node id 'S9'/ },
  { name: 'removeServer of an unknown node', call: (c) => c.removeServer('S9'), error: /^removeServer: unknown node id 'S9'/ },
  // a negative (or otherwise impossible) time
  { name: 'runFor a negative time', call: (c) => c.runFor(-1), error: /^runFor: ms: must be a non-negative whole number of milliseconds, got -1$/ },
  { name: 'runFor a fraction of a millisecond', call: (c) => c.runFor(1.5), error: /^runFor: ms: .*got 1\.5$/ },
  { name: 'runFor NaN', call: (c) => c.runFor(NaN), error: /^runFor: ms: .*got NaN$/ },
  { name: 'runUntil with a negative maxMs', call: (c) => c.runUntil(() => true, -5), error: /^runUntil: maxMs: must be a non-negative whole number of milliseconds, got -5$/ },
  { name: 'delay by a negative time', call: (c, m) => c.delay(m, -3), error: /^delay: ms: must be a non-negative whole number of milliseconds, got -3$/, needsMessage: true },
  // a malformed partition
  { name: 'a node in two partition groups', call: (c) => c.partition([['S1', 'S2'], ['S2', 'S3']]), error: /^partition: groups: node 'S2' is in group 0 and group 1; a node belongs to one group/ },
  { name: 'a node twice in one partition group', call: (c) => c.partition([['S1', 'S1']]), error: /^partition: groups: node 'S1' is in group 0 and group 0/ },
  { name: 'partition groups that are not arrays', call: (c) => c.partition(['S1', 'S2'] as unknown as string[][]), error: /^partition: groups: must be an array of arrays of node ids/ },
  // a non-serialisable command
  { name: 'a function as command', call: (c) => c.propose('S1', () => 1), error: /^propose: command: a function is not serialisable/ },
  { name: 'a Date as command', call: (c) => c.propose('S1', new Date(0)), error: /^propose: command: must be plain data \(JSON\), not a Date/ },
  { name: 'NaN as command', call: (c) => c.propose('S1', NaN), error: /^propose: command: NaN does not survive JSON/ },
  { name: 'a class instance as command', call: (c) => c.propose('S1', new Point()), error: /^propose: command: must be plain data \(JSON\), not a Point/ },
  { name: 'a Map as command', call: (c) => c.propose('S1', new Map([['a', 1]])), error: /^propose: command: must be plain data \(JSON\), not a Map/ },
  { name: 'undefined as command', call: (c) => c.propose('S1', undefined), error: /^propose: command: undefined is not serialisable/ },
  { name: 'a bigint as command', call: (c) => c.propose('S1', 1n), error: /^propose: command: a bigint is not serialisable/ },
  { name: 'a function deep inside a command', call: (c) => c.propose('S1', { a: [1, { b: () => 2 }] }), error: /^propose: command\.a\[1\]\.b: a function is not serialisable/ },
  { name: 'Infinity inside a command', call: (c) => c.propose('S1', { x: Infinity }), error: /^propose: command\.x: Infinity does not survive JSON/ },
  // an unknown message id
  { name: 'deliver an unknown message', call: (c) => c.deliver(999_999), error: /^deliver: messageId 999999 is not on the wire/ },
  { name: 'drop an unknown message', call: (c) => c.drop(999_999), error: /^drop: messageId 999999 is not on the wire/ },
  { name: 'duplicate an unknown message', call: (c) => c.duplicate(999_999), error: /^duplicate: messageId 999999 is not on the wire/ },
  { name: 'delay an unknown message', call: (c) => c.delay(999_999, 5), error: /^delay: messageId 999999 is not on the wire/ },
  { name: 'a message id that is not a number', call: (c) => c.deliver('7' as unknown as number), error: /^deliver: messageId must be an integer, got '7'/ },
  // other arguments
  { name: 'setNetwork with a loss rate of 2', call: (c) => c.setNetwork({ lossRate: 2 }), error: /^setNetwork: options\.lossRate: must be between 0 and 1/ },
  { name: 'setNetwork with an unknown key', call: (c) => c.setNetwork({ bogus: 1 } as never), error: /^setNetwork: options: .*"bogus"/ },
  { name: 'setNetwork with latencyMin above latencyMax', call: (c) => c.setNetwork({ latencyMin: 50 }), error: /^setNetwork: options: latencyMin \(50\) must not exceed latencyMax \(30\)/ },
  { name: 'setLink from a node to itself', call: (c) => c.setLink('S1', 'S1', {}), error: /^setLink: from and to are both 'S1'/ },
  { name: 'setLink with a negative loss rate', call: (c) => c.setLink('S1', 'S2', { lossRate: -1 }), error: /^setLink: link\.lossRate: must be between 0 and 1/ },
  { name: 'request of a malformed op', call: (c) => c.request({ type: 'put', key: 'x' } as ClientOp), error: /^request: op: must be/ },
  { name: 'request as a client named like a server', call: (c) => c.request(GET, { client: 'S1' }), error: /^request: opts\.client: 'S1' is a server, not a client/ },
  { name: 'request as a badly named client', call: (c) => c.request(GET, { client: 'bob' }), error: /^request: opts\.client: client names are C1, C2, …/ },
  { name: 'subscribe something that is not a function', call: (c) => c.subscribe(3 as never), error: /^subscribe: listener: must be a function/ },
  { name: 'runUntil without a condition function', call: (c) => c.runUntil(3 as never, 5), error: /^runUntil: done: must be a function/ },
];

describe('bad input: a clear Error, and the cluster exactly as it was', () => {
  /** A fresh cluster (its boot event still pending at time 0) and one in mid-run. */
  const states: { name: string; make: () => Cluster }[] = [
    { name: 'fresh', make: () => createCluster({ seed: 5 }) },
    {
      name: 'running',
      make: () => {
        const c = createCluster({ seed: 5 });
        c.runFor(777);
        c.request({ type: 'put', key: 'k', value: 'v' });
        return c;
      },
    },
  ];
  const cases = states.flatMap((state) =>
    BAD_CALLS.filter((bad) => state.name === 'running' || bad.needsMessage !== true).map((bad) => ({ state: state.name, make: state.make, ...bad })),
  );

  it.each(cases)('$state cluster: $name', ({ make, call, error }) => {
    const c = make();
    const message = c.inFlight().find((m) => m.deliverAt !== null)?.id ?? 0;
    const before = fingerprint(c);
    const nowBefore = c.now;
    const actionsBefore = c.actions().length;
    expect(() => call(c, message)).toThrow(error);
    expect(c.now).toBe(nowBefore);
    expect(c.actions()).toHaveLength(actionsBefore);
    expect(fingerprint(c)).toBe(before);
  });

  it('the running cluster had messages on the wire, so the message-id cases were checked against a real message', () => {
    const c = states[1].make();
    expect(c.inFlight().some((m) => m.deliverAt !== null)).toBe(true);
  });

  it('a bad call in the middle of a replayed script leaves the rest of the script in place', () => {
    const script = [{ at: 1500, type: 'crash', node: 'S2' } as const];
    const c = createCluster({ seed: 5 }, script);
    c.runFor(500);
    const message = c.inFlight().find((m) => m.deliverAt !== null)?.id ?? 0;
    for (const bad of BAD_CALLS) expect(() => bad.call(c, message)).toThrow(bad.error);
    expect(c.actions()).toEqual(script);
    c.runFor(1000);
    expect(c.node('S2').alive).toBe(false);
  });

  it('acting on a message that arrives at this very moment fails without dropping the replayed script', () => {
    // Every action acts after the events already due at `now`: a message due now has arrived
    // by the time deliver() would act, so it is no longer on the wire.
    const script = [{ at: 5000, type: 'heal' } as const];
    const c = createCluster({ seed: 5, network: { latencyMin: 10, latencyMax: 10 } }, script);
    let due: MessageView | undefined;
    while (due === undefined && c.step()) due = c.inFlight().find((m) => m.deliverAt === c.now);
    if (due === undefined) throw new Error('no message was ever due at the current time');
    const id = due.id;
    expect(() => c.deliver(id)).toThrow(/^deliver: messageId \d+ is not on the wire/);
    expect(c.actions()).toEqual(script);
  });
});

describe('bad options: createCluster names the option and what was wrong', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
  const cases: { name: string; options: unknown; actions?: unknown; error: RegExp }[] = [
    { name: 'no nodes', options: { nodes: 0 }, error: /^createCluster: options\.nodes: a cluster needs at least 1 node/ },
    { name: 'an empty list of nodes', options: { nodes: [] }, error: /^createCluster: options\.nodes: a cluster needs at least 1 node/ },
    { name: '102 nodes', options: { nodes: 102 }, error: /^createCluster: options\.nodes: at most 101 nodes/ },
    { name: '102 node names', options: { nodes: names(102) }, error: /^createCluster: options\.nodes: at most 101 nodes/ },
    { name: 'a fractional node count', options: { nodes: 2.5 }, error: /^createCluster: options\.nodes: must be a whole number/ },
    { name: 'nodes of the wrong kind', options: { nodes: 'S1,S2' }, error: /^createCluster: options\.nodes: expected number or array/ },
    { name: 'duplicate names', options: { nodes: ['a', 'b', 'a'] }, error: /^createCluster: options\.nodes: 'a' appears twice/ },
    { name: 'an empty name', options: { nodes: ['a', ''] }, error: /^createCluster: options\.nodes\.1: a node name must not be empty/ },
    { name: 'a name reserved for clients', options: { nodes: ['S1', 'C1'] }, error: /^createCluster: options\.nodes\.1: names C1, C2, … are reserved/ },
    { name: 'electionTimeoutMin > electionTimeoutMax', options: { timing: { electionTimeoutMin: 400, electionTimeoutMax: 300 } }, error: /^createCluster: options\.timing: electionTimeoutMin must not exceed electionTimeoutMax/ },
    { name: 'a zero heartbeat interval', options: { timing: { heartbeatInterval: 0 } }, error: /^createCluster: options\.timing\.heartbeatInterval: must be positive/ },
    { name: 'lossRate 2', options: { network: { lossRate: 2 } }, error: /^createCluster: options\.network\.lossRate: must be between 0 and 1/ },
    { name: 'latencyMin > latencyMax', options: { network: { latencyMin: 40, latencyMax: 30 } }, error: /^createCluster: options\.network: latencyMin must not exceed latencyMax/ },
    { name: 'an unknown top-level key', options: { nodez: 3 }, error: /^createCluster: options: Unrecognized key: "nodez"/ },
    { name: 'an unknown network key', options: { network: { loss: 0.1 } }, error: /^createCluster: options\.network: Unrecognized key: "loss"/ },
    { name: 'an unknown feature', options: { features: { preVotes: true } }, error: /^createCluster: options\.features: Unrecognized key: "preVotes"/ },
    { name: 'an unknown variant', options: { features: { variant: 'evil' } }, error: /^createCluster: options\.features\.variant: .*commit-old-terms/ },
    { name: 'a negative seed', options: { seed: -1 }, error: /^createCluster: options\.seed: / },
    { name: 'options that are not an object', options: 5, error: /^createCluster: options: .*expected object/ },
    { name: 'initial state for an unknown node', options: { initial: { S9: {} } }, error: /^createCluster: options\.initial: unknown node id 'S9'/ },
    { name: 'an initial log whose terms decrease', options: { initial: { S1: { log: [{ term: 2, command: 1 }, { term: 1, command: 2 }] } } }, error: /^createCluster: options\.initial\.S1\.log\[1\]: terms in a log never decrease/ },
    { name: 'an initial term below the log', options: { initial: { S1: { term: 1, log: [{ term: 3, command: 1 }] } } }, error: /^createCluster: options\.initial\.S1\.term: 1 is below its last log entry's term 3/ },
    { name: 'an initial command that is not JSON', options: { initial: { S1: { log: [{ term: 1, command: () => 1 }] } } }, error: /^createCluster: options\.initial\.S1\.log\.0\.command: expected/ },
    { name: 'an action at a negative time', options: {}, actions: [{ at: -1, type: 'heal' }], error: /^createCluster: actions\[0\]\.at: must not be negative/ },
    { name: 'actions out of time order', options: {}, actions: [{ at: 5, type: 'heal' }, { at: 1, type: 'heal' }], error: /^createCluster: actions\[1\]\.at: 1 is before the previous action/ },
    { name: 'an action on an unknown node', options: {}, actions: [{ at: 0, type: 'crash', node: 'S9' }], error: /^createCluster: actions\[0\]: unknown node id 'S9'/ },
    { name: 'an action proposing a non-serialisable command', options: {}, actions: [{ at: 0, type: 'propose', node: 'S1', command: new Date(0) }], error: /^createCluster: actions\[0\]: command: must be plain data/ },
  ];

  it.each(cases)('$name', ({ options, actions, error }) => {
    expect(() => createCluster(options as never, actions as never)).toThrow(error);
  });
});

// ---------------------------------------------------------------------------------------
// The manual network and message actions

describe('manual network mode', () => {
  const manual = () => createCluster({ seed: 2, nodes: 3, network: { manual: true } });

  it('delivers nothing until deliver(id): messages wait on the wire with deliverAt null', () => {
    const c = manual();
    const trace = events(c);
    c.runFor(2000); // election timers fire again and again; every RequestVote waits
    expect(trace.filter((e) => e.type === 'deliver' || e.type === 'drop')).toEqual([]);
    const waiting = c.inFlight();
    expect(waiting.length).toBeGreaterThan(0);
    for (const m of waiting) expect(m.deliverAt).toBeNull();
    expect(c.leader()).toBeNull();
    for (const id of c.ids) expect(c.node(id).votedFor).toBe(id); // each voted only for itself
  });

  it('deliver(id) hands that one message to its recipient now, which may answer (its answer waits too)', () => {
    const c = manual();
    c.timeout('S1');
    const [toS2, toS3] = c.inFlight();
    expect([toS2.type, toS2.to, toS3.to]).toEqual(['RequestVote', 'S2', 'S3']);

    c.deliver(toS2.id);
    expect(c.node('S2')).toMatchObject({ term: 1, votedFor: 'S1' });
    expect(c.node('S3').term).toBe(0); // its RequestVote is still waiting
    const reply = c.inFlight().find((m) => m.type === 'RequestVoteReply');
    expect(reply).toMatchObject({ from: 'S2', to: 'S1', voteGranted: true, deliverAt: null });

    c.deliver((reply as MessageView).id);
    expect(c.leader()).toBe('S1');
    expect(c.inFlight().filter((m) => m.type === 'AppendEntries').map((m) => m.to).sort()).toEqual(['S2', 'S3']);
    expect(c.actions().map((a) => a.type)).toEqual(['timeout', 'deliver', 'deliver']);
  });

  it('drop(id) removes the message for good; duplicate(id) puts a second copy on the wire', () => {
    const c = manual();
    const trace = events(c);
    c.timeout('S1');
    const [toS2, toS3] = c.inFlight();

    c.drop(toS3.id);
    expect(c.inFlight().map((m) => m.id)).toEqual([toS2.id]);
    expect(trace).toContainEqual(expect.objectContaining({ type: 'drop', reason: 'user', message: expect.objectContaining({ id: toS3.id }) }));

    c.duplicate(toS2.id);
    const copy = c.inFlight().find((m) => m.copyOf === toS2.id) as MessageView;
    expect(copy).toBeDefined();
    const { id: _a, copyOf: _b, ...copyBody } = copy;
    const { id: _c, ...originalBody } = toS2;
    expect(copyBody).toEqual(originalBody);
    c.deliver(toS2.id);
    c.deliver(copy.id);
    // The voter answers both copies; it votes once (for the same candidate).
    expect(c.inFlight().filter((m) => m.type === 'RequestVoteReply' && m.voteGranted)).toHaveLength(2);
    expect(c.node('S2').votedFor).toBe('S1');
    c.runFor(1000);
    expect(trace.filter((e) => e.type === 'deliver' && e.message.to === 'S3')).toEqual([]);
  });

  it('delay(id) of a message waiting for manual delivery is refused, and nothing changes', () => {
    const c = manual();
    c.timeout('S1');
    const before = fingerprint(c);
    expect(() => c.delay(c.inFlight()[0].id, 10)).toThrow(/^delay: message \d+ is waiting for manual delivery; deliver it instead/);
    expect(fingerprint(c)).toBe(before);
  });

  it('leaving manual mode sends the waiting messages on with the latency drawn when they were sent', () => {
    const c = manual();
    c.timeout('S1');
    const trace = events(c);
    c.setNetwork({ manual: false });
    for (const m of c.inFlight()) {
      expect(m.deliverAt).not.toBeNull();
      expect(m.deliverAt as number).toBeGreaterThanOrEqual(c.now + 10);
      expect(m.deliverAt as number).toBeLessThanOrEqual(c.now + 30);
    }
    expect(c.runUntil((x) => x.leader() === 'S1', 200)).toBe(true);
    expect(trace.some((e) => e.type === 'deliver')).toBe(true);
  });
});

describe('drop, duplicate and delay on the automatic network', () => {
  /** A 3-node cluster with a leader, stopped just after a heartbeat went out. */
  function withHeartbeats() {
    const c = createCluster({ seed: 2, nodes: 3 });
    c.runUntil((x) => x.leader() !== null && x.inFlight().some((m) => m.type === 'AppendEntries' && (m.deliverAt as number) > x.now), 1000);
    const m = c.inFlight().find((x) => x.type === 'AppendEntries' && (x.deliverAt as number) > c.now) as MessageView;
    return { c, m, trace: events(c) };
  }
  const deliveries = (trace: TraceEvent[], id: number) => trace.filter((e) => e.type === 'deliver' && e.message.id === id);

  it('a dropped message never arrives', () => {
    const { c, m, trace } = withHeartbeats();
    c.drop(m.id);
    c.runFor(500);
    expect(deliveries(trace, m.id)).toEqual([]);
    expect(c.inFlight().some((x) => x.id === m.id)).toBe(false);
  });

  it('a duplicated message arrives twice: the original at its time, the copy with its own latency', () => {
    const { c, m, trace } = withHeartbeats();
    c.duplicate(m.id);
    const copy = c.inFlight().find((x) => x.copyOf === m.id) as MessageView;
    expect(copy.deliverAt as number).toBeGreaterThanOrEqual(c.now + 10);
    expect(copy.deliverAt as number).toBeLessThanOrEqual(c.now + 30);
    c.runFor(100);
    expect(deliveries(trace, m.id).map((e) => e.at)).toEqual([m.deliverAt]);
    expect(deliveries(trace, copy.id).map((e) => e.at)).toEqual([copy.deliverAt]);
  });

  it('a delayed message arrives exactly ms later than it would have, and not before', () => {
    const { c, m, trace } = withHeartbeats();
    c.delay(m.id, 120);
    expect(c.inFlight().find((x) => x.id === m.id)?.deliverAt).toBe((m.deliverAt as number) + 120);
    c.runFor((m.deliverAt as number) + 119 - c.now);
    expect(deliveries(trace, m.id)).toEqual([]);
    c.runFor(1);
    expect(deliveries(trace, m.id).map((e) => e.at)).toEqual([(m.deliverAt as number) + 120]);
  });
});

// ---------------------------------------------------------------------------------------
// Running

describe('running the simulation', () => {
  it('runFor(0) runs what is due now and nothing later', () => {
    const c = createCluster({ seed: 3 });
    expect(c.node('S1').electionDeadline).toBeNull(); // the boot event at time 0 is pending
    c.runFor(0);
    expect(c.now).toBe(0);
    for (const id of c.ids) expect(c.node(id).electionDeadline).toBeGreaterThan(0);
    expect(c.nextEventAt()).toBeGreaterThan(0);
  });

  it('runUntil returns true as soon as the condition holds, at the event that made it hold', () => {
    const c = createCluster({ seed: 3 });
    const trace = events(c);
    expect(c.runUntil((x) => x.leader() !== null, 5000)).toBe(true);
    const became = trace.filter((e) => e.type === 'role' && e.role === 'leader');
    expect(became).toHaveLength(1);
    expect(became[0].at).toBe(c.now);
    expect(c.now).toBeLessThan(5000);
  });

  it('runUntil returns true at once, without running, when the condition already holds', () => {
    const c = createCluster({ seed: 3 });
    c.runFor(400);
    const before = fingerprint(c);
    expect(c.runUntil(() => true, 1000)).toBe(true);
    expect(fingerprint(c)).toBe(before);
  });

  it('runUntil returns false after exactly maxMs when the condition never holds', () => {
    const c = createCluster({ seed: 3 });
    c.runFor(123);
    expect(c.runUntil((x) => x.node('S1').term > 1000, 300)).toBe(false);
    expect(c.now).toBe(423);
  });

  it('step() processes one event at a time and returns false once nothing is pending', () => {
    // A one-server cluster whose only server crashed: no timers, no messages, no clients.
    const c = createCluster({ nodes: 1 });
    c.runFor(0);
    c.crash('S1');
    let steps = 0;
    while (c.step()) if (++steps > 10) throw new Error('events keep coming');
    expect(c.step()).toBe(false);
    expect(c.nextEventAt()).toBeNull();
    const now = c.now;
    c.runFor(1000); // time still passes
    expect(c.now).toBe(now + 1000);
    expect(c.node('S1').alive).toBe(false);
  });

  it('step() advances time to the event it processes', () => {
    const c = createCluster({ seed: 3 });
    c.runFor(0);
    const next = c.nextEventAt() as number;
    expect(c.step()).toBe(true);
    expect(c.now).toBe(next);
  });
});

// ---------------------------------------------------------------------------------------
// leader() and propose()

describe('leader()', () => {
  /**
   * Two leaders of the same term, which correct Raft never allows: the 'forget-vote' variant
   * loses S2's vote in a crash, so S2 votes for S1 and then, after a restart, for S3.
   */
  function twoLeadersOfTerm1(nodes: string[]) {
    const c = createCluster({ nodes, network: { manual: true }, features: { variant: 'forget-vote' } });
    c.runFor(0);
    c.timeout('S1');
    c.timeout('S3');
    const find = (type: string, from: string, to: string) =>
      c.inFlight().find((m) => m.type === type && m.from === from && m.to === to) as MessageView;
    c.deliver(find('RequestVote', 'S1', 'S2').id);
    c.deliver(find('RequestVoteReply', 'S2', 'S1').id);
    c.crash('S2');
    c.restart('S2');
    c.deliver(find('RequestVote', 'S3', 'S2').id);
    c.deliver(find('RequestVoteReply', 'S2', 'S3').id);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
    expect(c.node('S3')).toMatchObject({ role: 'leader', term: 1 });
    return c;
  }

  it.each([
    { nodes: ['S1', 'S2', 'S3'], expected: 'S1' },
    { nodes: ['S3', 'S2', 'S1'], expected: 'S3' },
  ])('ties in the highest term go to the first in ids ($nodes → $expected)', ({ nodes, expected }) => {
    expect(twoLeadersOfTerm1(nodes).leader()).toBe(expected);
  });

  it('is the live leader of the highest term: not a stale leader earlier in ids, not a crashed one', () => {
    const c = createCluster({ nodes: 3, network: { manual: true } });
    c.runFor(0);
    const find = (type: string, from: string, to: string) =>
      c.inFlight().find((m) => m.type === type && m.from === from && m.to === to) as MessageView;
    c.timeout('S1');
    c.deliver(find('RequestVote', 'S1', 'S2').id);
    c.deliver(find('RequestVoteReply', 'S2', 'S1').id);
    expect(c.leader()).toBe('S1');
    // S2 and S3 elect S2 in term 2; S1 has not heard of it and still believes it leads.
    c.timeout('S2');
    c.deliver(find('RequestVote', 'S2', 'S3').id);
    c.deliver(find('RequestVoteReply', 'S3', 'S2').id);
    expect(c.node('S1')).toMatchObject({ role: 'leader', term: 1 });
    expect(c.leader()).toBe('S2');
    c.crash('S2');
    expect(c.leader()).toBe('S1');
    c.crash('S1');
    expect(c.leader()).toBeNull();
  });
});

describe('propose()', () => {
  it('on the leader: {isLeader: true, index, term}, and the entry is in its log', () => {
    const c = createCluster({ seed: 4 });
    c.runUntil((x) => x.leader() !== null, 1000);
    const leader = c.leader() as string;
    const view = c.node(leader);
    const result = c.propose(leader, { data_id: 1 });
    expect(result).toEqual({ isLeader: true, index: view.log.length + 1, term: view.term });
    expect(c.node(leader).log[result.index - 1]).toMatchObject({ index: result.index, term: view.term, command: { data_id: 1 } });
  });

  it('on a follower, a candidate or a crashed node: {isLeader: false, index: 0, term: currentTerm}, log unchanged', () => {
    const c = createCluster({ seed: 4, nodes: 3, network: { manual: true } });
    c.runFor(0);
    c.timeout('S1'); // a candidate of term 1; S2 and S3 are followers of term 0
    c.crash('S3');
    for (const id of c.ids) {
      const before = c.node(id);
      expect(c.propose(id, { x: 1 })).toEqual({ isLeader: false, index: 0, term: before.term });
      expect(c.node(id).log).toEqual(before.log);
    }
    expect(c.node('S1').term).toBe(1);
  });
});
