// "You are the scheduler" (issue 14): which events are offered, which messages are stale, how the
// waiting list groups, and the mode switch — written as the setNetwork change a link replays.

import { describe, expect, it } from 'vitest';
import { createCluster, type MessageView, type NodeView } from '../sim/index.ts';
import { deliverMessage, restartScenario } from './actions.ts';
import { useApp } from './app.ts';
import { deliverAll, dropStale, fireTimer, groupMessages, isStale, modeChange, networkMode, serverChoices, setNetworkMode, waitingMessages } from './scheduler.ts';
import { session } from './session.ts';

function nodesOf(c: ReturnType<typeof createCluster>): Map<string, NodeView> {
  return new Map(c.ids.map((id) => [id, c.node(id)]));
}

describe('the scheduler’s choices', () => {
  it('offers each server exactly its enabled events: an armed timer, crash when up, restart when down', () => {
    const c = createCluster({ seed: 1, nodes: 3, network: { manual: true, frozenTimers: true } });
    c.fireTimer('S1', 'election');
    for (const m of c.inFlight()) c.deliver(m.id);
    for (const m of c.inFlight()) c.deliver(m.id);
    c.crash('S3');
    const words = serverChoices(c.ids, nodesOf(c)).map((x) => `${x.node}: ${x.label}`);
    expect(words).toEqual(['S1: Fire heartbeat', 'S1: Crash', 'S2: Fire election timer', 'S2: Crash', 'S3: Restart']);
  });

  it('a leader with CheckQuorum on also offers its election timer, named for what it does', () => {
    const c = createCluster({ seed: 1, nodes: 3, network: { manual: true, frozenTimers: true }, features: { checkQuorum: true } });
    c.fireTimer('S2', 'election');
    for (const m of c.inFlight()) c.deliver(m.id);
    for (const m of c.inFlight()) c.deliver(m.id);
    expect(serverChoices(['S2'], nodesOf(c)).map((x) => x.label)).toEqual(['Fire CheckQuorum timer', 'Fire heartbeat', 'Crash']);
  });

  it('a message from an older term than its receiver’s is stale; client traffic never is', () => {
    const nodes = new Map([['S2', { term: 3 } as NodeView]]);
    const m = (type: string, term: number) => ({ type, term, to: 'S2', from: 'S1' }) as unknown as MessageView;
    expect(isStale(m('AppendEntries', 2), nodes)).toBe(true);
    expect(isStale(m('RequestVoteReply', 3), nodes)).toBe(false);
    expect(isStale(m('ClientRequest', 0), nodes)).toBe(false);
  });

  it('groups by type or by destination, in order of each group’s first message, oldest first within', () => {
    const ms = [
      { id: 1, type: 'RequestVote', to: 'S2' },
      { id: 2, type: 'AppendEntries', to: 'S3' },
      { id: 3, type: 'RequestVote', to: 'S3' },
    ] as unknown as MessageView[];
    const ids = (g: ReturnType<typeof groupMessages>) => g.map((x) => [x.key, x.messages.map((m) => m.id)]);
    expect(ids(groupMessages(ms, 'type'))).toEqual([
      ['RequestVote', [1, 3]],
      ['AppendEntries', [2]],
    ]);
    expect(ids(groupMessages(ms, 'destination'))).toEqual([
      ['to S2', [1]],
      ['to S3', [2, 3]],
    ]);
    expect(ids(groupMessages(ms, 'none'))).toEqual([['', [1, 2, 3]]]);
  });

  it('the mode switch changes only what differs: today’s manual network is written as before', () => {
    expect(modeChange({ manual: false }, 'manual')).toEqual({ manual: true });
    expect(modeChange({ manual: true }, 'automatic')).toEqual({ manual: false });
    expect(modeChange({ manual: false }, 'scheduler')).toEqual({ manual: true, frozenTimers: true });
    expect(modeChange({ manual: true, frozenTimers: true }, 'manual')).toEqual({ frozenTimers: false });
    expect(modeChange({ manual: true, frozenTimers: true }, 'automatic')).toEqual({ manual: false, frozenTimers: false });
    expect(modeChange({ manual: true, frozenTimers: true }, 'scheduler')).toBeNull();
    expect(networkMode({ manual: true, frozenTimers: false })).toBe('manual');
  });
});

describe('the scheduler in the app', () => {
  it('scheduler mode, fire, deliver all, drop stale: each a recorded action that replays', () => {
    restartScenario({ seed: 4, nodes: 3 });
    setNetworkMode('scheduler');
    expect(useApp.getState().frame.network.settings).toMatchObject({ manual: true, frozenTimers: true });
    expect(useApp.getState().playing).toBe(false);
    fireTimer('S1', 'election');
    expect(deliverAll()).toBe(2); // the RequestVotes
    fireTimer('S2', 'election'); // S2 campaigns in term 2…
    const toS1 = waitingMessages(useApp.getState().frame.messages).find((m) => m.from === 'S2' && m.to === 'S1' && m.term === 2);
    if (toS1 === undefined) throw new Error('no RequestVote from S2 to S1');
    deliverMessage(toS1.id); // …S1 hears of term 2: the term-1 vote replies waiting for it are stale
    const frame = useApp.getState().frame;
    const stale = waitingMessages(frame.messages).filter((m) => isStale(m, frame.nodes));
    expect(stale.length).toBeGreaterThan(0);
    expect(dropStale()).toBe(stale.length);
    const after = useApp.getState().frame;
    expect(waitingMessages(after.messages).filter((m) => isStale(m, after.nodes))).toEqual([]);
    const actions = session().tm.actions;
    expect(actions.map((a) => a.type)).toEqual(['setNetwork', 'fireTimer', 'deliver', 'deliver', 'fireTimer', 'deliver', ...stale.map(() => 'drop')]);
    const replay = createCluster(session().tm.options, actions);
    replay.runFor(session().tm.now);
    expect(replay.node('S2').term).toBe(2);
    expect(replay.inFlight().map((m) => m.id)).toEqual(after.messages.map((m) => m.id));
  });
});
