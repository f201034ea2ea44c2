// The cluster's broadcast time (§5.6: "the average time it takes a server to send RPCs in
// parallel to every server in the cluster and receive their responses"), measured as raftlab
// runs it: per heartbeat round of a settled leader, from its AppendEntries to the last reply, the
// median over rounds.

import { createCluster, type ClusterOptions } from '../sim/index.ts';

export interface BroadcastTime {
  medianMs: number | null;
  rounds: number;
}

export function measureBroadcastTime(options: ClusterOptions, rounds = 200): BroadcastTime {
  const c = createCluster(options);
  c.timeout(c.ids[0]);
  const followers = c.ids.length - 1;
  const started = new Map<number, number>();
  const replies = new Map<number, number>();
  const times: number[] = [];
  const leader = c.ids[0];
  c.subscribe((e) => {
    if (e.type === 'send' && e.message.type === 'AppendEntries' && e.message.from === leader) {
      if (!started.has(e.message.round)) started.set(e.message.round, e.at);
    } else if (e.type === 'deliver' && e.message.type === 'AppendEntriesReply' && e.message.to === leader) {
      const r = e.message.round;
      const n = (replies.get(r) ?? 0) + 1;
      replies.set(r, n);
      const t0 = started.get(r);
      if (n === followers && t0 !== undefined) times.push(e.at - t0);
    }
  });
  const hb = c.options.timing.heartbeatInterval;
  const limit = (rounds + 20) * hb + 10 * c.options.timing.electionTimeoutMax;
  c.runUntil(() => times.length >= rounds, limit);
  if (times.length === 0 || followers === 0) return { medianMs: null, rounds: 0 };
  times.sort((a, b) => a - b);
  return { medianMs: times[(times.length - 1) >> 1], rounds: times.length };
}
