// The actions swarm runs add to the scheduled faults (faults.ts): leadership transfers to any
// server, membership changes that re-add removed servers and go down to one voter, a new server
// crashed at once, faults aimed at snapshot transfers, and actions the API may refuse — each
// refusal noted with its place in the script, so the seed can be replayed as a script with
// them in (scriptReplay.ts): a script must refuse exactly what the live calls refused.

import { chance, uniformInt } from '../../raft/rng.ts';
import type { Action, ActionInput } from '../../sim/types.ts';
import type { Fault } from './config.ts';
import { injectFault } from './faults.ts';
import { createSchedulerFault } from './schedulerFault.ts';
import { draw, pick, type FaultWorld } from './world.ts';

/** An action the API refused, and how many recorded actions came before it. */
export interface RefusedAttempt {
  action: Action;
  position: number;
}

export interface SwarmActions {
  /** Refused attempts, in order. */
  readonly refused: RefusedAttempt[];
  /** Applies `action` now; a refusal is fine and is noted. True when it was accepted. */
  attempt(action: ActionInput): boolean;
  transfer(): void;
  membership(): void;
  /** One scheduled fault of kind `fault` (snapshot faults react to InstallSnapshot sends instead). */
  fault(fault: Fault): void;
  /** An action the API may well refuse (a transfer to a learner, removing a non-voter …). */
  refusable(): void;
}

export function createSwarmActions(w: FaultWorld): SwarmActions {
  const { cluster, rng, profile: p } = w;
  const refused: RefusedAttempt[] = [];
  const attempt = (action: ActionInput): boolean => {
    const position = cluster.actions().length;
    try {
      cluster.apply(action);
      return true;
    } catch {
      refused.push({ action: { ...action, at: cluster.now }, position });
      return false;
    }
  };
  const voters = (): string[] => {
    const leader = cluster.leader();
    return leader === null ? [] : cluster.peek(leader).config.voters;
  };

  const scheduler = createSchedulerFault(w);
  const actions: SwarmActions = {
    refused,
    attempt,
    fault(fault) {
      if (fault === 'transfer') actions.transfer();
      else if (fault === 'membership') actions.membership();
      else if (fault === 'manual' && scheduler.maybe()) return;
      else if (fault !== 'snapshot') injectFault(w, fault);
    },
    transfer() {
      const leader = cluster.leader();
      if (leader === null) return;
      const others = voters().filter((v) => v !== leader);
      // Any server: learners, removed and crashed ones, the leader itself — refused, never executed.
      const target = chance(rng, p.transferToAnyChance) || others.length === 0 ? pick(rng, w.ids()) : pick(rng, others);
      attempt({ type: 'transferLeadership', node: target });
    },
    membership() {
      const leader = cluster.leader();
      if (leader === null) return;
      const v = voters();
      if (chance(rng, p.removeServerChance) && v.length > p.swarmMinVoters) {
        attempt({ type: 'removeServer', node: pick(rng, v) });
        return;
      }
      const learners = cluster.peek(leader).config.learners;
      const outside = w.ids().filter((id) => !v.includes(id) && !learners.includes(id));
      let id: string;
      if (outside.length > 0 && chance(rng, p.reAddChance)) {
        id = pick(rng, outside); // re-added under its name, with the disk it kept
        // A server the fuzzer crashed comes back for it.
        if (w.down.has(id)) {
          w.act(() => cluster.restart(id));
          w.down.delete(id);
        }
      } else {
        let k = w.ids().length + 1;
        while (w.ids().includes(`S${k}`)) k++;
        id = `S${k}`;
      }
      if (!attempt({ type: 'addServer', node: id })) return;
      if (chance(rng, p.newServerCrashChance)) {
        w.crashNow(id); // bug 4's setting: a new server that never answers
        if (chance(rng, 0.5)) w.restartAfter(id, draw(rng, p.downForMs));
      }
    },
    refusable() {
      const ids = w.ids();
      const target = pick(rng, ids);
      switch (uniformInt(rng, 0, 3)) {
        case 0:
          attempt({ type: 'transferLeadership', node: target });
          return;
        case 1:
          attempt({ type: 'removeServer', node: target });
          return;
        case 2:
          attempt({ type: 'addServer', node: target });
          return;
        default:
          attempt({ type: 'timeout', node: target });
      }
    },
  };
  return actions;
}

/**
 * Faults aimed at snapshot transfers: an InstallSnapshot just sent is dropped, duplicated,
 * delayed, or its receiver or sender crashed for a moment (before the stable period).
 */
export function attachSnapshotFaults(w: FaultWorld, stableStart: number): void {
  const { cluster, rng, profile: p } = w;
  cluster.subscribe((e) => {
    if (e.type !== 'send' || e.message.type !== 'InstallSnapshot' || cluster.now >= stableStart) return;
    if (!chance(rng, p.snapshotFaultChance)) return;
    const m = e.message;
    const kind = uniformInt(rng, 0, 4);
    const delay = draw(rng, p.delayMs);
    const within = uniformInt(rng, 0, 5);
    w.soon(e.at + within, () => {
      // Still on the wire once this moment settles: a message due now (latency 0) is delivered
      // before any call acts (docs/api.md), so dropping or delaying it would be refused.
      const onWire = w.wire((x) => x.id === m.id && (x.deliverAt === null || x.deliverAt > cluster.now)).length > 0;
      if (kind === 0 && onWire) w.act(() => cluster.drop(m.id));
      else if (kind === 1 && onWire) w.act(() => cluster.duplicate(m.id));
      else if (kind === 2 && onWire && !cluster.network().settings.manual) w.act(() => cluster.delay(m.id, delay));
      else if (kind >= 3) {
        const id = kind === 3 ? m.to : m.from;
        if (w.down.has(id) || !w.ids().includes(id)) return;
        w.crashNow(id);
        w.restartAfter(id, draw(rng, p.bounceDownMs));
      }
    });
  });
}
