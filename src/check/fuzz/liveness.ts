// Liveness at the end of a swarm run, where some servers stay down for good. A leader is owed
// only when a majority of the latest committed configuration, and of every newer configuration
// in a live server's log, is up (the stable period has healed the network, so up means
// connected): those are the quorums an election may need (thesis §4.2.2 — a server removed by an
// uncommitted entry still campaigns, so both sides may be needed). With PreVote and CheckQuorum
// both off a removed server may disrupt the cluster when it returns (§4.2.3): the stable period
// stops removed servers first (run.ts). When a leader is owed: it exists; every live voter has
// applied what was committed `lagMs` before the end; every client request made before the
// stable period was answered; and no membership change is left hanging (no learner still being
// caught up, the latest configuration committed).

import type { Checked } from './checked.ts';
import { configAt, type ConfigEntry } from './extra.ts';

/** The configurations whose majorities an election may need now, with who is up in each. */
export function neededConfigs(c: Checked): { voters: string[]; index: number; committed: boolean }[] {
  const { cluster, extra } = c;
  const g = extra.committed();
  // The committed configuration: at index g in the log of a server that committed g (its log
  // keeps the committed prefix: committed-entry-kept). Boot configuration before any commit.
  const by = extra.committedBy();
  const committed = configAt(extra.configs(by ?? cluster.ids[0]), g);
  const out = [{ voters: committed.voters, index: committed.index, committed: true }];
  // Newer configurations in the logs of live members: a server the committed configuration
  // does not name may hold stale entries that will be overwritten; they need no majority.
  for (const id of cluster.ids) {
    if (!cluster.peek(id).alive || !committed.voters.includes(id)) continue;
    for (const e of extra.configs(id)) if (e.index > g) out.push({ voters: e.voters, index: e.index, committed: false });
  }
  return out;
}

/** Servers no configuration names any more (neither the committed one nor a newer one in a live log). */
export function removedServers(c: Checked): string[] {
  const named = new Set(neededConfigs(c).flatMap((x) => x.voters));
  const learners = new Set<string>();
  const leader = c.cluster.leader();
  if (leader !== null) for (const l of c.cluster.peek(leader).config.learners) learners.add(l);
  return c.cluster.ids.filter((id) => !named.has(id) && !learners.has(id));
}

/** How long a leader must have led before every request made earlier is owed an answer. */
export const ANSWER_WITHIN_MS = 4000;

/** 'owed': the ordinary checks apply (a leader is owed); 'checked': this function decided. */
export function swarmLiveness(c: Checked, committedTarget: number, lagMs: number): 'owed' | 'checked' {
  const { cluster } = c;
  const up = (id: string) => cluster.ids.includes(id) && cluster.peek(id).alive;
  const needed = neededConfigs(c);
  const short = needed.find((x) => x.voters.filter(up).length * 2 <= x.voters.length);
  if (short !== undefined) return 'checked'; // no majority up somewhere: no leader is owed
  // §4.2.3: with PreVote and CheckQuorum both off, a removed server that never learnt of its
  // removal (one committed during the stable period) disrupts the cluster; nothing is owed
  // until it is stopped.
  const { preVote, checkQuorum } = cluster.options.features;
  if (!preVote && !checkQuorum && removedServers(c).some(up)) return 'checked';
  const leader = cluster.leader();
  const said = needed.map((x) => `{${x.voters.join(', ')}}${x.committed ? ' (committed)' : ` (index ${x.index})`}`).join(', ');
  if (leader === null) {
    const roles = cluster.ids.map((id) => {
      const n = cluster.peek(id);
      return `${id} ${n.alive ? n.role : 'down'} (term ${n.term})`;
    });
    c.fail({ kind: 'liveness', at: cluster.now, message: `No leader at the end (${cluster.now} ms), though a majority of every configuration an election may need is up and connected: ${said}. Servers: ${roles.join(', ')}.` });
    return 'checked';
  }
  const view = cluster.peek(leader);
  for (const id of view.config.voters) {
    const n = cluster.peek(id);
    if (n.alive && n.lastApplied < committedTarget) {
      c.fail({
        kind: 'liveness',
        at: cluster.now,
        message: `${id} has applied entries only up to index ${n.lastApplied} at ${cluster.now} ms, but index ${committedTarget} was committed ${lagMs} ms earlier (leader ${leader}, term ${view.term}).`,
      });
      return 'checked';
    }
  }
  if (view.config.learners.length > 0) {
    c.fail({ kind: 'liveness', at: cluster.now, message: `A membership change never completed: at ${cluster.now} ms leader ${leader} is still catching up ${view.config.learners.join(', ')} (thesis §4.2.1: give up on a server that cannot catch up).` });
    return 'checked';
  }
  // A client retries the servers of the configuration in turn (raftlab-4): a crashed one costs a
  // request timeout, a live one answers or points at the leader, so a request made before the
  // leader was elected is owed an answer once it has led ANSWER_WITHIN_MS (more than a round of
  // the down servers' timeouts). Before raftlab-4 clients retried at random, and a request was
  // owed only after one of its attempts reached a live server (seed 2636: seven picks of the one
  // crashed server of three).
  const since = c.extra.leaderSince(leader);
  const waiting = cluster.now - since >= ANSWER_WITHIN_MS ? unanswered(c, since) : [];
  if (waiting.length > 0) {
    c.fail({ kind: 'liveness', at: cluster.now, message: `${waiting.length} client request${waiting.length === 1 ? ' was' : 's were'} never answered (first: #${waiting[0]}), though ${leader} has led since ${since} ms (now ${cluster.now} ms).` });
    return 'checked';
  }
  const latest = c.extra.configs(leader).at(-1) as ConfigEntry;
  if (latest.index > view.commitIndex) {
    c.fail({ kind: 'liveness', at: cluster.now, message: `A membership change never completed: leader ${leader}'s configuration {${latest.voters.join(', ')}} at index ${latest.index} is still uncommitted at ${cluster.now} ms (commit index ${view.commitIndex}).` });
    return 'checked';
  }
  return 'checked';
}

/** Requests made before `before` that were never answered (clients retry until they are). */
export function unanswered(c: Checked, before: number): number[] {
  return c.cluster
    .history()
    .filter((r) => r.completedAt === undefined && r.invokedAt < before)
    .map((r) => r.id);
}
