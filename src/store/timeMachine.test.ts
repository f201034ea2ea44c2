import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import type { Action, Cluster, TraceEvent } from '../sim/index.ts';
import { skippedActions, TimeMachine } from './timeMachine.ts';

function snapshot(c: Cluster) {
  return {
    now: c.now,
    nodes: c.ids.map((id) => c.node(id)),
    inFlight: c.inFlight(),
    history: c.history(),
    leader: c.leader(),
  };
}

function brief(trace: readonly TraceEvent[]): string[] {
  return trace.map((e) => `${e.at}:${e.type}:${'node' in e ? String(e.node) : 'message' in e ? String(e.message.id) : ''}`);
}

const script: Action[] = [
  { type: 'request', op: { type: 'put', key: 'x', value: '1' }, at: 700 },
  { type: 'crash', node: 'S1', at: 900 },
  { type: 'request', op: { type: 'put', key: 'y', value: '2' }, at: 1100 },
  { type: 'partition', groups: [['S2', 'S3'], ['S4', 'S5']], at: 1500 },
  { type: 'heal', at: 2200 },
  { type: 'restart', node: 'S1', at: 2400 },
];

describe('TimeMachine', () => {
  it('replays an action script exactly as createCluster(options, actions) does', () => {
    const tm = new TimeMachine({ seed: 7 }, script);
    tm.runTo(3000);
    const reference = createCluster({ seed: 7 }, script);
    const refTrace: TraceEvent[] = [];
    reference.subscribe((e) => refTrace.push(e));
    reference.runFor(3000);
    expect(snapshot(tm.cluster)).toEqual(snapshot(reference));
    expect(brief(tm.trace.slice())).toEqual(brief(refTrace));
    expect(tm.cluster.actions()).toEqual(reference.actions().filter((a) => a.at <= 3000));
  });

  it('seeks backwards to exactly the earlier state, and forwards again', () => {
    const tm = new TimeMachine({ seed: 3 }, script);
    tm.runTo(1234);
    const at1234 = snapshot(tm.cluster);
    const traceAt1234 = tm.traceLength;
    tm.runTo(4000);
    const at4000 = snapshot(tm.cluster);
    const traceLength = tm.trace.length;
    expect(tm.checkpointCount).toBeGreaterThan(5);
    tm.seek(1234);
    expect(snapshot(tm.cluster)).toEqual(at1234);
    expect(tm.traceLength).toBe(traceAt1234);
    expect(tm.horizon).toBe(4000);
    tm.seek(4000);
    expect(snapshot(tm.cluster)).toEqual(at4000);
    // replayed events were not recorded twice
    expect(tm.trace.length).toBe(traceLength);
  });

  it('steps one event forward and back', () => {
    const tm = new TimeMachine({ seed: 5 });
    tm.runTo(600);
    tm.stepOnce();
    const states = [snapshot(tm.cluster)];
    for (let i = 0; i < 20; i++) {
      tm.stepOnce();
      states.push(snapshot(tm.cluster));
    }
    for (let i = 19; i >= 0; i--) {
      tm.stepBack();
      expect(snapshot(tm.cluster)).toEqual(states[i]);
    }
  });

  it('acting in the past starts a branch; undo and redo move between futures', () => {
    const tm = new TimeMachine({ seed: 11 }, script);
    tm.runTo(3000);
    const endOfOriginal = snapshot(tm.cluster);
    tm.seek(1000);
    tm.act((c) => c.crash('S3'));
    expect(tm.actions.map((a) => `${a.type}@${a.at}`)).toEqual(['request@700', 'crash@900', 'crash@1000']);
    expect(tm.branches).toHaveLength(1);
    expect(tm.branches[0].actions).toEqual(script);
    expect(tm.horizon).toBe(1000);
    tm.runTo(3000);
    const endOfBranch = snapshot(tm.cluster);
    expect(endOfBranch.nodes.find((n) => n.id === 'S3')?.alive).toBe(false);
    // the branch's run is what a fresh cluster makes of the same script
    const fresh = createCluster({ seed: 11 }, tm.actions.slice());
    fresh.runFor(3000);
    expect(endOfBranch).toEqual(snapshot(fresh));

    expect(tm.undo()).toBe(true);
    expect(tm.actions).toEqual(script);
    expect(tm.now).toBe(1000);
    tm.runTo(3000);
    expect(snapshot(tm.cluster)).toEqual(endOfOriginal);
    expect(tm.redo()).toBe(true);
    expect(tm.actions.map((a) => a.type)).toEqual(['request', 'crash', 'crash']);
    tm.runTo(3000);
    expect(snapshot(tm.cluster)).toEqual(endOfBranch);
  });

  it('switches to a kept branch', () => {
    const tm = new TimeMachine({ seed: 2 }, script);
    tm.runTo(2600);
    tm.seek(800);
    tm.act((c) => c.timeout('S4'));
    const id = tm.branches[0].id;
    tm.switchBranch(id, 2600);
    expect(tm.actions).toEqual(script);
    const fresh = createCluster({ seed: 2 }, script);
    fresh.runFor(2600);
    expect(snapshot(tm.cluster)).toEqual(snapshot(fresh));
    expect(tm.branches).toHaveLength(1);
    expect(tm.branches[0].actions.map((a) => a.type)).toContain('timeout');
  });

  it('a rejected action records nothing', () => {
    const tm = new TimeMachine({ seed: 1 });
    tm.runTo(100);
    expect(() => tm.act((c) => c.crash('nope'))).toThrow(/unknown node id/);
    expect(tm.actions).toEqual([]);
    expect(tm.canUndo).toBe(false);
  });

  it('a new script that changes a future already computed recomputes it (the trace equals a fresh run)', () => {
    const tm = new TimeMachine({ seed: 4 }, script.slice(0, 1), 10_000); // one checkpoint, at 0
    tm.runTo(1100);
    tm.seek(1010); // the trace already holds 1010–1100 of the old script
    const changed: Action[] = [...tm.actions, { at: 1050, type: 'crash', node: 'S2' }];
    tm.setScript(changed, 1050);
    tm.runTo(1600);
    const fresh = createCluster({ seed: 4 }, changed);
    const freshTrace: TraceEvent[] = [];
    fresh.subscribe((e) => freshTrace.push(e));
    fresh.runFor(1600);
    expect(brief(tm.trace.slice())).toEqual(brief(freshTrace));
    expect(snapshot(tm.cluster)).toEqual(snapshot(fresh));
  });

  it('lists script actions it cannot apply on replay once each, and forgets them when the script changes there', () => {
    const bad: Action[] = [{ type: 'drop', message: 99_999, at: 300 }];
    const tm = new TimeMachine({ seed: 4 }, bad);
    tm.runTo(500);
    tm.seek(100);
    tm.runTo(500);
    expect([...tm.refused]).toEqual([[0, expect.stringMatching(/not on the wire/) as string]]);
    tm.setScript([], 500);
    expect(tm.refused.size).toBe(0);
  });

  it('skips what createCluster(options, actions) skips (a transfer to a learner): same refusals, same trace', () => {
    const options = { seed: 1, nodes: 3 };
    const repro: Action[] = [
      { type: 'addServer', node: 'S4', at: 283 },
      { type: 'setLink', from: 'S1', to: 'S4', link: { latencyMin: 200, latencyMax: 200 }, at: 283 },
      { type: 'transferLeadership', node: 'S4', at: 283 },
    ];
    const tm = new TimeMachine(options, repro);
    tm.runTo(3000);
    const c = createCluster(options, repro);
    const trace: TraceEvent[] = [];
    c.subscribe((e) => trace.push(e));
    c.runFor(3000);
    expect(c.refusedActions()).toEqual([{ action: repro[2], reason: "'S4' is not a voting member" }]);
    expect(tm.refusedUpToNow()).toEqual(c.refusedActions());
    expect(tm.trace.slice()).toEqual(trace); // event for event (key order aside)
    expect(skippedActions(tm)).toEqual([{ index: 2, at: 283, action: 'transfer leadership to S4', reason: "'S4' is not a voting member" }]);
    // listed up to the displayed moment, once however often it is replayed
    tm.seek(200);
    expect(skippedActions(tm)).toEqual([]);
    expect(tm.refusedUpToNow()).toEqual([]);
    tm.seek(500);
    expect(tm.refused.size).toBe(1);
    expect(tm.refusedUpToNow()).toEqual(c.refusedActions());
  });

  it('stepUntil stops at the first matching event', () => {
    const tm = new TimeMachine({ seed: 9 });
    const e = tm.stepUntil((x) => x.type === 'role' && x.role === 'leader', 10_000);
    expect(e).not.toBeNull();
    expect(tm.cluster.leader()).not.toBeNull();
    expect(tm.now).toBe(e?.at);
  });
});
