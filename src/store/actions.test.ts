// The user's actions through the store: recorded, branching in the past, undone; errors as
// notices; the manual network; membership and partitions from the UI; a refused script action.
import { describe, expect, it } from 'vitest';
import type { Action } from '../sim/index.ts';
import { act, addServer, moveToGroup, removeServer, restartScenario, setManualNetwork, undo } from './actions.ts';
import { useApp } from './app.ts';
import { isMember } from './membership.ts';
import { currentGroups } from './partition.ts';
import { seek, pause } from './playback.ts';
import { createRaftlabHandle } from './scripting.ts';
import { session } from './session.ts';

describe('acting', () => {
  it('records actions, starts a branch in the past, and undoes', () => {
    restartScenario({ seed: 5 });
    seek(1000);
    act((c) => c.crash('S1'));
    seek(2000);
    seek(500);
    act((c) => c.crash('S2'));
    const { tm } = session();
    expect(tm.actions.map((a) => `${a.type} ${'node' in a ? a.node : ''}@${a.at}`)).toEqual(['crash S2@500']);
    expect(tm.branches).toHaveLength(1);
    expect(useApp.getState().toasts.some((t) => t.kind === 'branch')).toBe(true);
    undo();
    expect(tm.actions.map((a) => a.at)).toEqual([1000]);
  });

  it('turns errors into notices, never exceptions', () => {
    restartScenario({ seed: 5 });
    expect(act((c) => c.deliver(99999))).toBeUndefined();
    expect(useApp.getState().toasts.at(-1)?.kind).toBe('error');
  });

  it('pauses when the network goes manual', () => {
    restartScenario({ seed: 5 });
    seek(500);
    useApp.setState({ playing: true });
    setManualNetwork(true);
    expect(useApp.getState().playing).toBe(false);
    expect(useApp.getState().frame.network.settings.manual).toBe(true);
  });
});

describe('membership from the UI', () => {
  it('a removed server is no member and can be added back', () => {
    restartScenario({ seed: 5, nodes: 3 });
    const tm = session().tm;
    tm.runTo(1500);
    seek(1500);
    const leader = useApp.getState().frame.leader as string;
    const other = useApp.getState().frame.ids.find((id) => id !== leader) as string;
    expect(isMember(useApp.getState().frame, other)).toBe(true);
    removeServer(other);
    tm.runTo(2500);
    seek(2500);
    expect(isMember(useApp.getState().frame, other)).toBe(false);
    addServer(other);
    tm.runTo(5000);
    seek(5000);
    const frame = useApp.getState().frame;
    expect(isMember(frame, other)).toBe(true);
    expect(frame.nodes.get(frame.leader as string)?.config.voters).toContain(other);
    expect(frame.ids.filter((id) => id === other)).toHaveLength(1);
  });
});

describe('partitions from the UI', () => {
  it('applies to the cluster, and heals when one group is left', () => {
    restartScenario({ seed: 5 });
    seek(400);
    moveToGroup('S1', 'S2');
    expect(currentGroups(useApp.getState().frame)).toEqual([['S2', 'S1'], ['S3', 'S4', 'S5']]);
    moveToGroup('S1', 'S3');
    moveToGroup('S2', 'S3');
    expect(useApp.getState().frame.network.groups).toEqual([]);
  });
});

describe('a script with an action the live API refuses (a hand-edited link)', () => {
  it('is skipped on replay and listed: on the frame the stage draws, and by raftlab.cluster.refusedActions()', () => {
    const repro: Action[] = [
      { type: 'addServer', node: 'S4', at: 283 },
      { type: 'setLink', from: 'S1', to: 'S4', link: { latencyMin: 200, latencyMax: 200 }, at: 283 },
      { type: 'transferLeadership', node: 'S4', at: 283 },
    ];
    expect(restartScenario({ seed: 1, nodes: 3 }, repro)).toBe(true);
    pause();
    const raftlab = createRaftlabHandle();
    seek(250);
    expect(useApp.getState().frame.skipped).toEqual([]);
    expect(raftlab.cluster.refusedActions()).toEqual([]);
    seek(1000);
    const skipped = useApp.getState().frame.skipped;
    expect(skipped).toEqual([{ index: 2, at: 283, action: 'transfer leadership to S4', reason: "'S4' is not a voting member" }]);
    expect(raftlab.cluster.refusedActions()).toEqual([{ action: repro[2], reason: "'S4' is not a voting member" }]);
    seek(1500);
    expect(useApp.getState().frame.skipped).toBe(skipped); // the same list while it does not change
    expect(useApp.getState().frame.leader).not.toBe('S4');
    // the script itself is kept as loaded (a link shared from here says what was asked)
    expect(session().tm.actions).toEqual(repro);
  });
});
