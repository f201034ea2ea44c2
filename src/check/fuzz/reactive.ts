// The reactive faults, driven by the trace: they hit the moments where Raft is fragile — a
// leader just elected, a vote just granted (above all during a split election), a leader that
// just appended an entry (the start of Figure 8), a leader that just committed (above all an
// entry of an earlier term, which correct Raft never does). They become ordinary actions in the
// script, so a replay needs none of this. On with the `crash` fault; before the stable period.

import { chance, uniformInt } from '../../raft/rng.ts';
import { draw, type FaultWorld } from './world.ts';

/** Subscribes the reactive faults to the world's cluster (call before the run starts). */
export function attachReactiveFaults(w: FaultWorld, options: { stableStart: number; partitions: boolean }): void {
  const { cluster, rng, profile: p, down } = w;
  const { stableStart, partitions } = options;
  const roles = new Map<string, string>();
  /** Crashes `id` at `at` (unless it is down by then), restarting it `downFor` ms later. */
  const crashAt = (id: string, at: number, downFor: number) =>
    w.soon(at, () => {
      if (down.has(id)) return;
      w.crashNow(id);
      w.restartAfter(id, downFor);
    });
  // The term of every log entry, per node (index → term), for the Figure 8 trigger below.
  const terms = new Map<string, number[]>();
  const termOf = new Map<string, number>();
  cluster.subscribe((e) => {
    if (e.type === 'append' || e.type === 'truncate') {
      let t = terms.get(e.node);
      if (t === undefined) {
        t = [0];
        terms.set(e.node, t);
      }
      if (t.length > e.from) t.length = e.from;
      if (e.type === 'append') {
        while (t.length < e.from) t.push(0);
        for (const x of e.entries) t.push(x.term);
      }
    }
    if (cluster.now >= stableStart) return;
    if (e.type === 'role') {
      roles.set(e.node, e.role);
      termOf.set(e.node, e.term);
      if (e.role === 'leader' && chance(rng, p.electedCrashChance)) crashAt(e.node, e.at + draw(rng, p.electedCrashWithinMs), draw(rng, p.electedDownMs));
    } else if (e.type === 'vote') {
      // Bounce the voter: down for a moment, then back (its vote must survive: Figure 2).
      // Most often when another candidate of the same term is still asking for votes.
      let split = false;
      if (e.votedFor !== e.node) {
        for (const [id, r] of roles) if (r === 'candidate' && id !== e.votedFor && termOf.get(id) === e.term) split = true;
      }
      if (chance(rng, split ? p.splitVoteBounceChance : p.voteBounceChance)) {
        crashAt(e.node, e.at + draw(rng, p.voteBounceWithinMs), draw(rng, split ? p.splitVoteBounceDownMs : p.voteBounceDownMs));
      }
    } else if (e.type === 'append' && roles.get(e.node) === 'leader') {
      // A leader that dies or is cut off right after appending leaves an uncommitted entry
      // on a minority: the start of Figure 8.
      const roll = uniformInt(rng, 0, 99);
      if (roll < p.appendCrashPercent) crashAt(e.node, e.at + draw(rng, p.appendCrashWithinMs), draw(rng, p.appendDownMs));
      else if (roll < p.appendCrashPercent + p.appendCutOffPercent && partitions) {
        const id = e.node;
        w.soon(e.at + draw(rng, p.appendCutOffWithinMs), () => {
          w.act(() => cluster.partition([[id]]));
          w.schedule(cluster.now + draw(rng, p.appendCutOffHealMs), () => w.act(() => cluster.heal()));
        });
      }
    } else if (e.type === 'commit' && roles.get(e.node) === 'leader') {
      // A leader that dies right after committing, before the followers learn of it. When
      // the entry it just committed is of an earlier term (which correct Raft never does:
      // Figure 8), more often: that is the moment a later leader may erase it.
      const oldTerm = (terms.get(e.node)?.[e.commitIndex] ?? 0) < (termOf.get(e.node) ?? 0);
      if (chance(rng, oldTerm ? p.oldTermCommitCrashChance : p.commitCrashChance)) {
        crashAt(e.node, e.at + draw(rng, p.commitCrashWithinMs), draw(rng, p.commitDownMs));
      }
    } else if (e.type === 'crash') {
      roles.set(e.node, 'follower');
    }
  });
}
