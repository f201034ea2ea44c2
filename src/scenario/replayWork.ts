// The bound on opening a run: the work of replaying it, not its simulated length. A run is a
// pure function of its scenario, so opening a link replays it from time 0; what that costs is
// the number of events the engine processes, which grows with the servers, the heartbeat rate
// and the client load as much as with the time. A quiet 5-server cluster makes ~420 events per
// simulated second, 9 servers under heavy client load ~4,800: one simulated hour is 1.5 million
// events for the first and 17 million for the second. So the scenario format caps time only
// against absurd numbers (LIMITS.time) and this file estimates the work and bounds it.
//
// The estimate is deliberately on the high side (it takes the configured client rate even when
// the clients cannot reach it): measured against the engine in replayWork.test.ts.

import type { ResolvedOptions } from '../sim/index.ts';

/** Events a link may make the page replay before it shows anything (a few minutes of computing at worst). */
export const REPLAY_EVENTS_LIMIT = 100_000_000;

/** Replays estimated above this many events open with a progress bar and a cancel button. */
export const LONG_REPLAY_EVENTS = 400_000;

/** Events per simulated second the engine processes for these options, estimated from above. */
export function eventsPerSecond(o: ResolvedOptions): number {
  const n = o.nodes.length;
  // per heartbeat: the leader's AppendEntries to every follower and their replies (send and
  // deliver each), and each follower's election timer reset — ~5.2 events per follower
  const heartbeats = (1000 / Math.max(1, o.timing.heartbeatInterval)) * 5.5 * Math.max(1, n - 1);
  const wl = o.workload;
  let clients = 0;
  if (wl.clients > 0 && wl.opsPerSecond > 0) {
    // an operation takes about four message latencies (client → leader → followers → leader → client),
    // and a client has one at a time
    const meanLatency = Math.max(1, (o.network.latencyMin + o.network.latencyMax) / 2);
    const rate = Math.min(wl.opsPerSecond, (wl.clients * 1000) / (4 * meanLatency));
    // each: invoke and reply, the request and reply messages, and on every server its share of
    // the AppendEntries carrying it, append, commit and apply (measured: 37–38 events at 5 and 9 servers)
    clients = rate * (5 * n + 13);
  }
  return heartbeats + clients;
}

/** Estimated events of replaying a run with these options from 0 to `endMs`. */
export function replayEvents(o: ResolvedOptions, endMs: number): number {
  return Math.ceil((eventsPerSecond(o) * Math.max(0, endMs)) / 1000);
}

/** "3 h 12 min", "45 min", "20 s": a simulated duration as people read it. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  if (h < 48) return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
  return `${Math.round(h / 24)} days`;
}

/** "120 million", "850,000": a count of events as people read it. */
export function formatCount(n: number): string {
  if (n >= 1_000_000) return `${Math.round(n / 1_000_000).toLocaleString('en')} million`;
  return Math.round(n).toLocaleString('en');
}

/**
 * Why a run to `endMs` is too much work to open, naming the field it comes from, or null. The
 * message says how long the run is, the estimated work and the limit, and what to do instead.
 */
export function replayWorkProblem(o: ResolvedOptions, endMs: number, field: string): string | null {
  const events = replayEvents(o, endMs);
  if (events <= REPLAY_EVENTS_LIMIT) return null;
  return (
    `${field}: replaying this run to ${formatDuration(endMs)} of simulated time is about ${formatCount(events)} events of work ` +
    `for ${o.nodes.length} servers${o.workload.clients > 0 ? ' under client load' : ''}, more than the limit of ${formatCount(REPLAY_EVENTS_LIMIT)}; ` +
    'share an earlier moment of it, or fewer servers or less load'
  );
}
