import { describe, expect, it } from 'vitest';
import type { Action } from '../sim/index.ts';
import {
  act,
  clampSpeed,
  addServer,
  currentGroups,
  isMember,
  moveToGroup,
  nextGroups,
  nextServerName,
  removeServer,
  pause,
  restartScenario,
  seek,
  setManualNetwork,
  stepBack,
  stepForward,
  tick,
  undo,
  useApp,
} from './app.ts';
import { createRaftlabHandle } from './scripting.ts';
import { session } from './session.ts';

describe('playback', () => {
  it('advances the displayed time by wall time × speed and runs the cluster to it', () => {
    restartScenario({ seed: 3 });
    useApp.setState({ playing: true, speed: 0.5 });
    for (let i = 0; i < 100; i++) tick(16);
    const s = useApp.getState();
    expect(s.displayedTime).toBeCloseTo(800, 5);
    expect(s.snap.now).toBe(800);
    expect(session().tm.cluster.now).toBe(800);
    // a long pause of the tab does not jump: at most 100 ms of wall time per frame
    tick(5000);
    expect(useApp.getState().displayedTime).toBeCloseTo(850, 5);
  });

  it('does not move while paused; speed is clamped to 0.01×–100×', () => {
    restartScenario({ seed: 3 });
    pause();
    tick(16);
    expect(useApp.getState().displayedTime).toBe(0);
    expect(clampSpeed(1000)).toBe(100);
    expect(clampSpeed(0)).toBe(0.01);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });

  it('seeks backwards and forwards, and steps', () => {
    restartScenario({ seed: 8 });
    seek(1200);
    const at1200 = useApp.getState().snap;
    seek(300);
    expect(useApp.getState().snap.now).toBe(300);
    seek(1200);
    expect(useApp.getState().snap.nodes).toEqual(at1200.nodes);
    stepForward();
    const after = useApp.getState().displayedTime;
    expect(after).toBeGreaterThanOrEqual(1200);
    stepBack();
    expect(useApp.getState().displayedTime).toBeLessThanOrEqual(after);
  });
});

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
    expect(useApp.getState().snap.network.settings.manual).toBe(true);
  });
});

describe('membership from the UI', () => {
  it('a removed server is no member and can be added back', () => {
    restartScenario({ seed: 5, nodes: 3 });
    const tm = session().tm;
    tm.runTo(1500);
    seek(1500);
    const leader = useApp.getState().snap.leader as string;
    const other = useApp.getState().snap.ids.find((id) => id !== leader) as string;
    expect(isMember(useApp.getState().snap, other)).toBe(true);
    removeServer(other);
    tm.runTo(2500);
    seek(2500);
    expect(isMember(useApp.getState().snap, other)).toBe(false);
    addServer(other);
    tm.runTo(5000);
    seek(5000);
    const snap = useApp.getState().snap;
    expect(isMember(snap, other)).toBe(true);
    expect(snap.nodes.get(snap.leader as string)?.config.voters).toContain(other);
    expect(snap.ids.filter((id) => id === other)).toHaveLength(1);
  });
});

describe('partitions by dragging', () => {
  it('dragging a server onto another makes that pair a group against the rest', () => {
    expect(nextGroups([['S1', 'S2', 'S3', 'S4', 'S5']], 'S1', 'S3')).toEqual([['S3', 'S1'], ['S2', 'S4', 'S5']]);
  });
  it('dragging into another group moves it there; dragging away isolates it', () => {
    expect(nextGroups([['S1', 'S2'], ['S3', 'S4', 'S5']], 'S3', 'S1')).toEqual([['S1', 'S2', 'S3'], ['S4', 'S5']]);
    expect(nextGroups([['S1', 'S2', 'S3', 'S4', 'S5']], 'S4', null)).toEqual([['S1', 'S2', 'S3', 'S5'], ['S4']]);
  });
  it('applies to the cluster, and heals when one group is left', () => {
    restartScenario({ seed: 5 });
    seek(400);
    moveToGroup('S1', 'S2');
    expect(currentGroups(useApp.getState().snap)).toEqual([['S2', 'S1'], ['S3', 'S4', 'S5']]);
    moveToGroup('S1', 'S3');
    moveToGroup('S2', 'S3');
    expect(useApp.getState().snap.network.groups).toEqual([]);
  });
});

describe('nextServerName', () => {
  it('follows the names in use', () => {
    expect(nextServerName(['S1', 'S2', 'S3'])).toBe('S4');
    expect(nextServerName(['127.0.0.1:8000', '127.0.0.1:8001'])).toBe('127.0.0.1:8002');
    expect(nextServerName(['alpha'])).toBe('alpha-1');
  });
});

describe('a script with an action the live API refuses (a hand-edited link)', () => {
  it('is skipped on replay and listed: on the snapshot the stage draws, and by raftlab.cluster.refusedActions()', () => {
    const repro: Action[] = [
      { type: 'addServer', node: 'S4', at: 283 },
      { type: 'setLink', from: 'S1', to: 'S4', link: { latencyMin: 200, latencyMax: 200 }, at: 283 },
      { type: 'transferLeadership', node: 'S4', at: 283 },
    ];
    expect(restartScenario({ seed: 1, nodes: 3 }, repro)).toBe(true);
    pause();
    const raftlab = createRaftlabHandle();
    seek(250);
    expect(useApp.getState().snap.skipped).toEqual([]);
    expect(raftlab.cluster.refusedActions()).toEqual([]);
    seek(1000);
    const skipped = useApp.getState().snap.skipped;
    expect(skipped).toEqual([{ index: 2, at: 283, action: 'transfer leadership to S4', reason: "'S4' is not a voting member" }]);
    expect(raftlab.cluster.refusedActions()).toEqual([{ action: repro[2], reason: "'S4' is not a voting member" }]);
    seek(1500);
    expect(useApp.getState().snap.skipped).toBe(skipped); // the same list while it does not change
    expect(useApp.getState().snap.leader).not.toBe('S4');
    // the script itself is kept as loaded (a link shared from here says what was asked)
    expect(session().tm.actions).toEqual(repro);
  });
});
