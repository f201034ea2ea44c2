// The cluster's broadcast time (§5.6: "the average time it takes a server to send RPCs in
// parallel to every server in the cluster and receive their responses"), measured as raftlab
// runs it, disk included: a settled leader takes one new entry per heartbeat interval and sends
// it to every follower at once; each follower writes it to stable storage before it answers
// (Figure 2), so a round runs from the leader's AppendEntries to the last follower's success
// reply — network there, the follower's disk write, network back. The median over rounds. (A
// bare heartbeat changes nothing on disk, so a heartbeat-only round would leave the disk out.)
// The election timeout plays no part in it: the measuring cluster gets a long one, so that its
// leader stays even where the line's timeout is near the broadcast time itself (12–24 ms), and
// rounds start at least ROUND_GAP_MS apart so that they never overlap.

import { createCluster, type ClusterOptions } from '../sim/index.ts';

export interface BroadcastTime {
  medianMs: number | null;
  rounds: number;
}

/** The least time between two measured rounds, ms. */
const ROUND_GAP_MS = 100;
/** The measuring cluster's election timeout, ms: far longer than any round. */
const STEADY_TIMEOUT_MS = 60_000;

export function measureBroadcastTime(options: ClusterOptions, rounds = 200): BroadcastTime {
  const c = createCluster({ ...options, timing: { ...options.timing, electionTimeoutMin: STEADY_TIMEOUT_MS, electionTimeoutMax: STEADY_TIMEOUT_MS } });
  const leader = c.ids[0];
  const followers = c.ids.length - 1;
  if (followers === 0) return { medianMs: null, rounds: 0 };
  c.timeout(leader);
  const hb = Math.max(ROUND_GAP_MS, c.options.timing.heartbeatInterval);
  if (!c.runUntil((x) => x.leader() === leader && x.peek(leader).commitIndex >= 1, STEADY_TIMEOUT_MS)) {
    return { medianMs: null, rounds: 0 };
  }
  const times: number[] = [];
  let index = 0;
  let sentAt = 0;
  const acked = new Set<string>();
  c.subscribe((e) => {
    if (e.type !== 'deliver' || e.message.type !== 'AppendEntriesReply' || e.message.to !== leader || !e.message.success) return;
    if (index === 0 || e.message.matchIndex < index || acked.has(e.message.from)) return;
    acked.add(e.message.from);
    if (acked.size === followers && times.length < rounds) {
      times.push(e.at - sentAt);
      index = 0;
    }
  });
  for (let r = 0; r < rounds + 20 && times.length < rounds; r++) {
    c.runFor(hb);
    if (c.leader() !== leader) break;
    acked.clear();
    sentAt = c.now;
    index = c.propose(leader, { broadcast: r }).index;
  }
  c.runFor(hb);
  if (times.length === 0) return { medianMs: null, rounds: 0 };
  times.sort((a, b) => a - b);
  return { medianMs: times[(times.length - 1) >> 1], rounds: times.length };
}
