// Playback: play and pause, the speed, the animation frame's tick (wall time × speed advances
// the displayed time, and the cluster runs to it), seeking, stepping one event or to the next
// event of a kind, and running until the cluster settles.

import type { Cluster, TraceEvent } from '../sim/index.ts';
import { sync, useApp } from './app.ts';
import { session } from './session.ts';
import { toast } from './ui.ts';

export type StepKind = 'leader' | 'election' | 'commit' | 'client' | 'fault' | 'message';

export const STEP_KINDS: readonly { id: StepKind; label: string }[] = [
  { id: 'message', label: 'delivery' },
  { id: 'election', label: 'election' },
  { id: 'leader', label: 'new leader' },
  { id: 'commit', label: 'commit' },
  { id: 'client', label: 'client reply' },
  { id: 'fault', label: 'drop / crash' },
];

export const SPEEDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 100;
/** How long "run until settled" may run, in simulated ms. */
export const SETTLE_LIMIT = 10_000;
/** Simulation work allowed per animation frame, ms of wall time; beyond it the display falls behind. */
export const FRAME_BUDGET_MS = 30;

const get = useApp.getState;
const set = useApp.setState;

// ------------------------------------------------------------------ play, pause, speed

export function play(): void {
  set({ playing: true });
}
export function pause(): void {
  set({ playing: false });
}
export function togglePlay(): void {
  set({ playing: !get().playing });
}

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
}

export function setSpeed(x: number): void {
  set({ speed: clampSpeed(x) });
}

/** Next / previous preset speed. */
export function nudgeSpeed(dir: 1 | -1): void {
  const s = get().speed;
  if (dir > 0) setSpeed(SPEEDS.find((v) => v > s + 1e-9) ?? MAX_SPEED);
  else setSpeed([...SPEEDS].reverse().find((v) => v < s - 1e-9) ?? MIN_SPEED);
}

// ------------------------------------------------------------------ the displayed time

/**
 * One animation frame: advance the displayed time by wall time × speed and run the cluster to
 * it. At high speed under load the run may not keep up: it stops at the frame budget and the
 * displayed time stays where the run got to (slower than asked, never janky).
 */
export function tick(wallMs: number): void {
  const s = get();
  if (!s.playing || s.scrubbing) return;
  const dt = Math.min(Math.max(wallMs, 0), 100) * s.speed;
  if (dt <= 0) return;
  const target = s.displayedTime + dt;
  const { tm } = session();
  const start = now();
  const slice = Math.max(1, Math.ceil(dt / 8));
  let t = Math.floor(s.displayedTime);
  let reached = target;
  while (t < Math.floor(target)) {
    t = Math.min(Math.floor(target), t + slice);
    tm.runTo(t);
    if (now() - start > FRAME_BUDGET_MS && t < Math.floor(target)) {
      reached = t;
      break;
    }
  }
  if (reached === target) tm.runTo(Math.floor(target));
  sync({ displayedTime: reached });
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

/** Shows the run at time t (backwards by restoring a checkpoint). */
export function seek(t: number): void {
  const target = Math.max(0, Number.isFinite(t) ? t : 0);
  session().tm.seek(target);
  sync({ displayedTime: target });
}

export function setScrubbing(on: boolean): void {
  set({ scrubbing: on });
}

// ------------------------------------------------------------------ steps

export function stepForward(): void {
  const { tm } = session();
  pause();
  if (!tm.stepOnce()) {
    toast('Nothing is pending: the simulation is idle.');
    return;
  }
  sync({ displayedTime: tm.now });
}

export function stepBack(): void {
  const { tm } = session();
  pause();
  // Between events (displayed time past the last step): go back to that step first.
  if (get().displayedTime > tm.now + 1e-9 && get().displayedTime - tm.now >= 1) {
    seek(tm.now);
    return;
  }
  if (!tm.stepBack()) return;
  sync({ displayedTime: tm.now });
}

function matcher(kind: StepKind): (e: TraceEvent) => boolean {
  switch (kind) {
    case 'message':
      return (e) => e.type === 'deliver';
    case 'election':
      return (e) => e.type === 'role' && (e.role === 'candidate' || e.role === 'precandidate');
    case 'leader':
      return (e) => e.type === 'role' && e.role === 'leader';
    case 'commit':
      return (e) => e.type === 'commit';
    case 'client':
      return (e) => e.type === 'client-ok';
    case 'fault':
      return (e) => e.type === 'drop' || e.type === 'crash';
  }
}

export function setStepKind(kind: StepKind): void {
  set({ stepKind: kind });
}

/** Runs to the next event of the chosen kind (at most 10 s of simulated time). */
export function stepToNext(kind: StepKind = get().stepKind): void {
  const { tm } = session();
  pause();
  const label = STEP_KINDS.find((k) => k.id === kind)?.label ?? kind;
  const e = tm.stepUntil(matcher(kind), SETTLE_LIMIT);
  sync({ displayedTime: tm.now });
  if (e === null) toast(`No ${label} within 10 s of simulated time.`);
}

// ------------------------------------------------------------------ settle

/**
 * Fast-forwards until no client operation is pending and every live node has applied the
 * leader's commit index (or 10 s of simulated time pass).
 */
export function runUntilSettled(): void {
  const { tm, index } = session();
  pause();
  const start = tm.now;
  const ok = tm.runUntil(
    (c) => isSettled(c, () => index.clientStatus(tm.traceLength, (i) => tm.trace.get(i)).some((x) => x.pending !== null)),
    SETTLE_LIMIT,
    5,
  );
  sync({ displayedTime: tm.now });
  toast(
    !ok
      ? 'Not settled after 10 s of simulated time (no leader, a partition, or steady load).'
      : tm.now === start
        ? 'Already settled: no request pending, every log applied.'
        : `Settled after ${tm.now - start} ms of simulated time.`,
  );
}

/**
 * Settled: a leader, no client operation pending, and every live voter has applied the
 * leader's commit index. (Reads nodes without copying logs: it is asked every 5 ms.)
 */
export function isSettled(
  c: Cluster,
  pending: () => boolean = () => c.history().some((r) => r.completedAt === undefined),
): boolean {
  const leaderId = c.leader();
  if (leaderId === null) return false;
  if (pending()) return false;
  const leader = c.peek(leaderId);
  for (const id of c.ids) {
    const n = c.peek(id);
    if (!n.alive || !leader.config.voters.includes(id)) continue;
    if (n.lastApplied < leader.commitIndex) return false;
  }
  return true;
}
