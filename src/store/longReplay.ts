// Opening a long run: a link or file whose time is far into its run replays it from time 0
// (runs are pure functions of their scenario). When that is much work (replayWork.ts), the
// replay runs in slices between frames, with its progress on screen and a cancel: the page never
// freezes and the user is never stuck. Cancel stops where the replay got and shows the run there,
// paused (what was computed is kept; playing or seeking on continues from it).

import { create } from 'zustand';
import { formatDuration, LONG_REPLAY_EVENTS, replayEvents } from '../scenario/replayWork.ts';
import { pause, seek } from './playback.ts';
import { session } from './session.ts';
import { toast } from './ui.ts';

export interface ReplayProgress {
  /** Simulated time the replay goes to. */
  target: number;
  /** Simulated time reached so far. */
  reached: number;
}

export const useReplay = create<{ progress: ReplayProgress | null }>(() => ({ progress: null }));

let cancelRequested = false;

/** Stops the replay in progress (it stops at the next slice and shows the run where it got). */
export function cancelReplay(): void {
  if (useReplay.getState().progress !== null) cancelRequested = true;
}

/** Wall-clock milliseconds of one slice: short enough to keep the page responsive. */
const SLICE_MS = 40;

/** Whether going from the current time to `t` is long work (shown with progress). */
export function isLongReplay(t: number): boolean {
  const { tm } = session();
  if (t <= tm.horizon) return false; // computed already: a checkpoint is near
  return replayEvents(tm.options, t - tm.now) > LONG_REPLAY_EVENTS;
}

/**
 * Shows the run at time `t`, paused: at once when that is little work, else in slices with
 * progress. `done(reached)` is called when the run is shown (reached === t unless cancelled).
 */
export function seekWithProgress(t: number, done: (reached: number) => void = () => {}): void {
  pause();
  if (!isLongReplay(t)) {
    seek(t);
    done(t);
    return;
  }
  const s = session();
  const { tm } = s;
  cancelRequested = false;
  useReplay.setState({ progress: { target: t, reached: tm.now } });
  const finish = () => {
    useReplay.setState({ progress: null });
    const reached = tm.now;
    seek(reached);
    if (reached < t) toast(`Stopped opening the run at ${formatDuration(reached)} of ${formatDuration(t)}. Play or seek to go on.`);
    done(reached);
  };
  const slice = () => {
    if (session() !== s) {
      useReplay.setState({ progress: null }); // another scenario replaced this one
      return;
    }
    if (cancelRequested) {
      cancelRequested = false;
      finish();
      return;
    }
    const stopAt = performance.now() + SLICE_MS;
    while (tm.now < t && performance.now() < stopAt) tm.runTo(Math.min(t, tm.now + 100));
    if (tm.now >= t) {
      finish();
      return;
    }
    useReplay.setState({ progress: { target: t, reached: tm.now } });
    setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}
