// The scheduled faults: one every `faultEveryMs`, of a kind from `--faults`, through the
// scripting API (so the recorded action script is the scenario). Every probability and bound is
// a field of the profile (config.ts); the draws come from the seed's fault stream in a fixed
// order, so a seed gives the same run for the same profile.

import { chance, uniformInt } from '../../raft/rng.ts';
import type { Fault } from './config.ts';
import { draw, pick, rollWeights, shuffled, type FaultWorld } from './world.ts';

/** Injects one fault of kind `fault` now (a fault that does not apply does nothing). */
export function injectFault(w: FaultWorld, fault: Fault): void {
  switch (fault) {
    case 'crash':
      return crashFault(w);
    case 'partition':
      return partitionFault(w);
    case 'loss':
      return lossFault(w);
    case 'dup':
      return dupFault(w);
    case 'reorder':
      return reorderFault(w);
    case 'manual':
      return manualFault(w);
    case 'timeout':
      return timeoutFault(w);
    case 'membership':
      return membershipFault(w);
  }
}

/** The leader (half the time) or a random live server, restarted later or bounced. */
function crashFault(w: FaultWorld): void {
  const { rng, profile: p } = w;
  const leader = w.cluster.leader();
  const candidates = w.alive();
  if (candidates.length === 0) return;
  const id = leader !== null && chance(rng, p.crashLeaderChance) ? leader : pick(rng, candidates);
  w.crashNow(id);
  const bounce = chance(rng, p.bounceChance);
  const downFor = bounce ? draw(rng, p.bounceDownMs) : draw(rng, p.downForMs);
  w.restartAfter(id, downFor);
}

/** One-directional links down, the leader isolated (alone or with one follower), or a random split; healed later. */
function partitionFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  const leader = cluster.leader();
  const all = w.ids();
  const shapes = p.partitionShapes;
  // A shape that does not apply now (one server; no leader) falls through to the next one.
  const roll = rollWeights(rng, shapes);
  if (roll < shapes.oneWayLinks && all.length > 1) {
    // One-directional links down: a node hears but is not heard (or the reverse).
    const n = uniformInt(rng, p.oneWayLinks[0], Math.min(p.oneWayLinks[1], all.length));
    for (let i = 0; i < n; i++) {
      const from = pick(rng, all);
      const to = pick(rng, all.filter((x) => x !== from));
      w.act(() => cluster.setLink(from, to, { up: false }));
    }
  } else if (roll < shapes.oneWayLinks + shapes.isolateLeader && leader !== null) {
    const others = shuffled(
      rng,
      all.filter((x) => x !== leader),
    );
    const mine = chance(rng, p.isolateWithFollowerChance) && others.length > 0 ? [leader, others[0]] : [leader];
    w.act(() => cluster.partition([mine]));
  } else {
    const order = shuffled(rng, all);
    const cut = uniformInt(rng, 1, Math.max(1, order.length - 1));
    const groups = chance(rng, p.threeGroupsChance) && order.length > 2 ? [order.slice(0, cut), order.slice(cut, cut + 1)] : [order.slice(0, cut)];
    w.act(() => cluster.partition(groups.filter((g) => g.length > 0)));
  }
  w.schedule(cluster.now + draw(rng, p.partitionHealMs), () => w.act(() => cluster.heal()));
}

/** A loss burst on the whole network, or on one link. */
function lossFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  if (chance(rng, p.lossNetworkChance)) {
    const rate = draw(rng, p.lossBurstPercent) / 100;
    w.act(() => cluster.setNetwork({ lossRate: rate }));
    w.schedule(cluster.now + draw(rng, p.lossBurstMs), () => w.act(() => cluster.setNetwork({ lossRate: 0 })));
  } else {
    const all = w.ids();
    if (all.length < 2) return;
    const from = pick(rng, all);
    const to = pick(rng, all.filter((x) => x !== from));
    w.touchedLinks.add(`${from}\n${to}`);
    w.act(() => cluster.setLink(from, to, { lossRate: draw(rng, p.linkLossPercent) / 100 }));
    w.schedule(cluster.now + draw(rng, p.linkLossMs), () => w.act(() => cluster.setLink(from, to, { lossRate: 0 })));
  }
}

/** A duplication burst on the whole network, or copies of messages in flight. */
function dupFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  if (chance(rng, p.dupNetworkChance)) {
    w.act(() => cluster.setNetwork({ duplicateRate: draw(rng, p.dupBurstPercent) / 100 }));
    w.schedule(cluster.now + draw(rng, p.dupBurstMs), () => w.act(() => cluster.setNetwork({ duplicateRate: 0 })));
  } else {
    const now = cluster.now;
    const msgs = w.wire((m) => m.deliverAt !== null && m.deliverAt > now);
    const n = draw(rng, p.dupCopies);
    for (const m of shuffled(rng, msgs).slice(0, n)) w.act(() => cluster.duplicate(m.id));
  }
}

/** A wide latency range on the whole network, or messages in flight delayed. */
function reorderFault(w: FaultWorld): void {
  const { cluster, rng, profile: p, base } = w;
  if (chance(rng, p.reorderNetworkChance)) {
    w.act(() => cluster.setNetwork({ latencyMin: draw(rng, p.reorderLatencyMinMs), latencyMax: draw(rng, p.reorderLatencyMaxMs) }));
    w.schedule(cluster.now + draw(rng, p.reorderBurstMs), () =>
      w.act(() => cluster.setNetwork({ latencyMin: base.latencyMin, latencyMax: base.latencyMax })),
    );
  } else {
    const now = cluster.now;
    const msgs = w.wire((m) => m.deliverAt !== null && m.deliverAt > now);
    const n = draw(rng, p.delayedMessages);
    for (const m of shuffled(rng, msgs).slice(0, n)) w.act(() => cluster.delay(m.id, draw(rng, p.delayMs)));
  }
}

/** Manual delivery for a while, the fuzzer delivering, dropping and duplicating held messages in random order. */
function manualFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  if (cluster.network().settings.manual) return;
  w.act(() => cluster.setNetwork({ manual: true }));
  const end = cluster.now + draw(rng, p.manualWindowMs);
  const fates = p.manualFates;
  const tick = () => {
    const held = w.wire((m) => m.deliverAt === null);
    const n = draw(rng, p.manualBatch);
    for (const m of shuffled(rng, held).slice(0, n)) {
      const roll = rollWeights(rng, fates);
      if (roll < fates.deliver) w.act(() => cluster.deliver(m.id));
      else if (roll < fates.deliver + fates.drop) w.act(() => cluster.drop(m.id));
      else w.act(() => cluster.duplicate(m.id));
    }
    const next = cluster.now + draw(rng, p.manualTickMs);
    if (next < end) w.schedule(next, tick);
    else w.schedule(end, () => w.act(() => cluster.setNetwork({ manual: false })));
  };
  w.schedule(cluster.now + draw(rng, p.manualFirstTickMs), tick);
}

/** A forced election, often two at once (a split vote). */
function timeoutFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  const candidates = w.alive();
  if (candidates.length === 0) return;
  const first = pick(rng, candidates);
  w.act(() => cluster.timeout(first));
  if (chance(rng, p.splitVoteChance) && candidates.length > 1) {
    const second = pick(
      rng,
      candidates.filter((x) => x !== first),
    );
    // Split vote: a second candidate in the same moment or a few ms later.
    const delay = draw(rng, p.splitVoteGapMs);
    if (delay === 0) w.act(() => cluster.timeout(second));
    else w.schedule(cluster.now + delay, () => w.act(() => cluster.timeout(second)));
  }
}

/** Add a server, or remove a voter (never below `minVoters`). */
function membershipFault(w: FaultWorld): void {
  const { cluster, rng, profile: p } = w;
  const leader = cluster.leader();
  if (leader === null) return;
  const voters = cluster.node(leader).config.voters;
  if (chance(rng, p.removeServerChance) && voters.length > p.minVoters) {
    const target = pick(rng, voters);
    w.attempt(() => cluster.removeServer(target));
  } else {
    const ids = w.ids();
    let k = ids.length + 1;
    while (w.ids().includes(`S${k}`)) k++;
    const id = `S${k}`;
    w.attempt(() => cluster.addServer(id));
  }
}
