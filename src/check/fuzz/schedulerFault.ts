// "You are the scheduler" in the fuzzer (issue #14's mode, every action of issue #12): a swarm
// seed's manual-network window may instead freeze the timers, so that nothing happens but what
// the fuzzer chooses — a held message delivered, dropped or duplicated, or a server's election
// or heartbeat timer fired (fireTimer, the explorer's timer action). Whether a window is a
// scheduler window, and every choice inside it, comes from the seed's own stream
// 'fuzz:scheduler', so a seed none of whose windows is one runs exactly as before.

import { chance, deriveRng, uniformInt, type Rng } from '../../raft/rng.ts';
import { draw, pick, rollWeights, shuffled, type FaultWorld } from './world.ts';

export interface SchedulerFault {
  /** A manual-network window: with `swarmSchedulerChance` the timers frozen too. False: not taken, do the plain manual fault. */
  maybe(): boolean;
}

export function createSchedulerFault(w: FaultWorld): SchedulerFault {
  const { cluster, profile: p } = w;
  let rng: Rng | null = null;
  return {
    maybe() {
      rng ??= deriveRng(cluster.options.seed, 'fuzz:scheduler');
      const r = rng;
      if (!chance(r, p.swarmSchedulerChance) || cluster.network().settings.manual) return false;
      w.act(() => cluster.setNetwork({ manual: true, frozenTimers: true }));
      const end = cluster.now + draw(r, p.manualWindowMs);
      const fates = p.manualFates;
      const tick = () => {
        const held = w.wire((m) => m.deliverAt === null);
        const n = draw(r, p.manualBatch);
        for (const m of shuffled(r, held).slice(0, n)) {
          const roll = rollWeights(r, fates);
          if (roll < fates.deliver) w.act(() => cluster.deliver(m.id));
          else if (roll < fates.deliver + fates.drop) w.act(() => cluster.drop(m.id));
          else w.act(() => cluster.duplicate(m.id));
        }
        // A timer or two: most often an election timer of a server not leading (elections
        // are what frozen timers stop), a leader's heartbeat otherwise.
        const up = w.alive();
        for (let k = uniformInt(r, 0, 2); k > 0 && up.length > 0; k--) {
          const id = pick(r, up);
          const leads = cluster.peek(id).role === 'leader';
          const timer = leads && !chance(r, p.schedulerLeaderElectionTimerChance) ? 'heartbeat' : 'election';
          w.act(() => cluster.fireTimer(id, timer));
        }
        const next = cluster.now + draw(r, p.manualTickMs);
        if (next < end) w.schedule(next, tick);
        else w.schedule(end, () => w.act(() => cluster.setNetwork({ manual: false, frozenTimers: false })));
      };
      w.schedule(cluster.now + draw(r, p.manualFirstTickMs), tick);
      return true;
    },
  };
}
