// Playback through the store: the animation frame's tick, pausing, the speed's bounds, seeking
// and stepping.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restartScenario } from './actions.ts';
import { useApp } from './app.ts';
import { clampSpeed, pause, seek, stepBack, stepForward, tick } from './playback.ts';
import { session } from './session.ts';

describe('playback', () => {
  afterEach(() => vi.restoreAllMocks());

  it('advances the displayed time by wall time × speed and runs the cluster to it', () => {
    // The frame budget reads the real clock: held still here, so a loaded machine cannot make
    // the run stop early (the budget has its own test below).
    vi.spyOn(performance, 'now').mockReturnValue(0);
    restartScenario({ seed: 3 });
    useApp.setState({ playing: true, speed: 0.5 });
    for (let i = 0; i < 100; i++) tick(16);
    const s = useApp.getState();
    expect(s.displayedTime).toBeCloseTo(800, 5);
    expect(s.frame.now).toBe(800);
    expect(session().tm.cluster.now).toBe(800);
    // a long pause of the tab does not jump: at most 100 ms of wall time per frame
    tick(5000);
    expect(useApp.getState().displayedTime).toBeCloseTo(850, 5);
  });

  it('stops at the frame budget when the run cannot keep up: the displayed time stays where the run got to', () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000)); // every slice "takes" a second
    restartScenario({ seed: 3 });
    useApp.setState({ playing: true, speed: 10 });
    tick(16); // asks for 160 ms of simulated time
    const s = useApp.getState();
    expect(s.displayedTime).toBeGreaterThan(0);
    expect(s.displayedTime).toBeLessThan(160);
    expect(session().tm.cluster.now).toBe(s.displayedTime);
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
    const at1200 = useApp.getState().frame;
    seek(300);
    expect(useApp.getState().frame.now).toBe(300);
    seek(1200);
    expect(useApp.getState().frame.nodes).toEqual(at1200.nodes);
    stepForward();
    const after = useApp.getState().displayedTime;
    expect(after).toBeGreaterThanOrEqual(1200);
    stepBack();
    expect(useApp.getState().displayedTime).toBeLessThanOrEqual(after);
  });
});
