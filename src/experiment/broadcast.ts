// The cluster's broadcast time (§5.6: "the average time it takes a server to send RPCs in
// parallel to every server in the cluster and receive their responses"), measured as raftlab
// runs it, disk included: a settled leader takes one new entry per heartbeat interval and sends
// it to every follower at once; each follower writes it to stable storage before it answers
// (Figure 2), so a round runs from the leader's AppendEntries to the last follower's success
// reply — network there, the follower's disk write, network back. The median over rounds. (A
// bare heartbeat changes nothing on disk, so a heartbeat-only round would leave the disk out.)

import { createCluster, type ClusterOptions } from '../sim/index.ts';

export interface BroadcastTime {
  medianMs: number | null;
  rounds: number;
}

export function measureBroadcastTime(options: ClusterOptions, rounds = 200): BroadcastTime {
  const c = createCluster(options);
  const leader = c.ids[0];
  const followers = c.ids.length - 1;
  if (followers === 0) return { medianMs: null, rounds: 0 };
  c.timeout(leader);
  const hb = c.options.timing.heartbeatInterval;
  if (!c.runUntil((x) => x.leader() === leader && x.peek(leader).commitIndex >= 1, 10 * c.options.timing.electionTimeoutMax)) {
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
