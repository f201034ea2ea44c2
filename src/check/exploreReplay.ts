// An explorer counterexample as an ordinary raftlab scenario (issue "Safe under every action a
// student can take": "the link replays to the same violation in the app"). The run is scheduled
// by hand: the network is manual (nothing arrives until delivered), timers are frozen and an hour
// away besides (none fires on its own: the app's "You are the scheduler" mode, so a student who
// opens it can go on choosing events), and every explorer event becomes the action that does it — deliver
// this message, fire that timer, crash, propose … — carrying the explorer's answers to the
// engine's time tests. A message the path delivers twice is duplicated first (the explorer's
// messages stay deliverable; the simulator's are used up).

import { createCluster } from '../sim/index.ts';
import type { Action, ActionInput, Cluster, ClusterOptions, MessageView } from '../sim/index.ts';
import { messageKey, type ExploreConfig, type ExploreStep } from './explore.ts';

/** Simulated ms between two events of the path: short, readable on the timeline. */
export const REPLAY_STEP_MS = 10;
const FAR = 3_000_000;

export interface CounterexampleScenario {
  options: ClusterOptions;
  actions: Action[];
  /** Run to here to see the violation (just after the last event). */
  until: number;
}

export function replayOptions(config: ExploreConfig): ClusterOptions {
  return {
    seed: 1,
    nodes: config.servers,
    timing: { electionTimeoutMin: FAR, electionTimeoutMax: FAR, heartbeatInterval: FAR },
    network: { manual: true, frozenTimers: true },
    features: {
      preVote: config.features.preVote,
      checkQuorum: config.features.checkQuorum,
      snapshotThreshold: config.features.snapshotThreshold,
      noopOnElection: config.features.noopOnElection,
      variant: config.variant,
    },
  };
}

function keyOf(m: MessageView): string {
  return messageKey(m);
}

/** The path as actions, found by driving a cluster through it. Throws if the path does not apply. */
export function counterexampleScenario(config: ExploreConfig, path: readonly ExploreStep[]): CounterexampleScenario {
  const options = replayOptions(config);
  const c: Cluster = createCluster(options);
  let requests = 0;
  path.forEach((step, i) => {
    c.runFor(REPLAY_STEP_MS * (i + 1) - c.now);
    const tests = step.tests.length > 0 ? { tests: step.tests } : {};
    const act = (a: ActionInput) => c.apply({ ...a, ...tests });
    switch (step.kind) {
      case 'deliver': {
        const key = messageKey(step.message);
        const m = c.inFlight().find((x) => keyOf(x) === key);
        if (m === undefined) throw new Error(`step ${i + 1}: no ${step.message.type} ${step.message.from} → ${step.message.to} on the wire`);
        const again = path.slice(i + 1).some((s) => s.kind === 'deliver' && messageKey(s.message) === key);
        if (again) c.apply({ type: 'duplicate', message: m.id });
        act({ type: 'deliver', message: m.id });
        return;
      }
      case 'timeout':
        act({ type: 'fireTimer', node: step.node, timer: 'election' });
        return;
      case 'heartbeat':
        act({ type: 'fireTimer', node: step.node, timer: 'heartbeat' });
        return;
      case 'request':
        requests += 1;
        act({ type: 'propose', node: step.node, command: { type: 'put', key: 'x', value: String(requests) } });
        return;
      case 'crash':
      case 'restart':
        act({ type: step.kind, node: step.node });
        return;
      case 'add':
        act({ type: 'addServer', node: step.node });
        return;
      case 'remove':
        act({ type: 'removeServer', node: step.node });
        return;
      case 'transfer':
        act({ type: 'transferLeadership', node: step.node });
        return;
    }
  });
  return { options, actions: c.actions(), until: REPLAY_STEP_MS * path.length + 1 };
}
