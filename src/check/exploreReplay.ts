// An explorer counterexample as an ordinary raftlab scenario (issue "Safe under every action a
// student can take": "the link replays to the same violation in the app"). The run is scheduled
// by hand: the network is manual (nothing arrives until delivered), timers are frozen and an hour
// away besides (none fires on its own: the app's "You are the scheduler" mode, so a student who
// opens it can go on choosing events), and every explorer event becomes the action that does it — deliver
// this message, fire that timer, crash, propose … — carrying the explorer's answers to the
// engine's time tests. A message the path delivers twice is duplicated first (the explorer's
// messages stay deliverable; the simulator's are used up).
//
// A stuck state (bounded liveness: result.stuck) is shown by what follows it, not by the path:
// its scenario has ordinary election timing, and at its end the network turns automatic with
// the timers running (what the app's "Automatic" mode sets), so playing on shows the cluster
// left to itself. The timing changes no event of the path: frozen timers fire only by hand, and
// every test of elapsed time is answered by the path.

import { ENGINE } from '../sim/engine.ts';
import { createCluster, resolveOptions } from '../sim/index.ts';
import type { Action, ActionInput, Cluster, ClusterOptions, MessageView } from '../sim/index.ts';
import { messageKey, type ExploreConfig, type ExploreStep } from './explore.ts';
import { TIMING } from './explore/state.ts';
import type { Scenario } from './fuzz.ts';

/** Simulated ms between two events of the path: short, readable on the timeline. */
export const REPLAY_STEP_MS = 10;
const FAR = 3_000_000;

export interface CounterexampleScenario {
  options: ClusterOptions;
  actions: Action[];
  /** Run to here to see the violation (just after the last event; 'left-to-itself': the network turns automatic here). */
  until: number;
}

/**
 * What follows the path: 'scheduled' (a violation: timers an hour away, the student goes on
 * choosing events) or 'left-to-itself' (a stuck state: the explorer's election timing, and the
 * network automatic after the last event).
 */
export type AfterPath = 'scheduled' | 'left-to-itself';

/** The network the app's "Automatic" mode sets when leaving "You are the scheduler" (store/actions.ts setManualNetwork). */
export const LEFT_TO_ITSELF = { manual: false, frozenTimers: false } as const;

export function replayOptions(config: ExploreConfig, after: AfterPath = 'scheduled'): ClusterOptions {
  return {
    seed: 1,
    nodes: config.servers,
    timing: after === 'scheduled' ? { electionTimeoutMin: FAR, electionTimeoutMax: FAR, heartbeatInterval: FAR } : { ...TIMING },
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
export function counterexampleScenario(config: ExploreConfig, path: readonly ExploreStep[], after: AfterPath = 'scheduled'): CounterexampleScenario {
  const options = replayOptions(config, after);
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
  const until = REPLAY_STEP_MS * path.length + 1;
  const actions = c.actions();
  if (after === 'left-to-itself') actions.push({ type: 'setNetwork', network: { ...LEFT_TO_ITSELF }, at: until });
  return { options, actions, until };
}

/** A violation (an invariant failed) or a stuck state (bounded liveness), as the explorer reports them. */
export type Counterexample =
  | { kind: 'violation'; property: string; message: string; path: readonly ExploreStep[] }
  | { kind: 'stuck'; goal: 'elect' | 'membership'; message: string; path: readonly ExploreStep[] };

/**
 * The counterexample as the CLI prints its link and writes its JSON: a titled scenario, and the
 * moment the link opens at, paused — a violation 1 ms before its last event (step through it to
 * see the property fail), a stuck state just after its last event (play on: the cluster is left
 * to itself).
 */
export function counterexampleLink(config: ExploreConfig, cx: Counterexample): { scenario: Scenario & { title: string; description: string }; t: number; until: number } {
  const after: AfterPath = cx.kind === 'stuck' ? 'left-to-itself' : 'scheduled';
  const run = counterexampleScenario(config, cx.path, after);
  const what = cx.kind === 'violation' ? cx.property : cx.goal === 'elect' ? 'cannot elect' : 'cannot change membership';
  return {
    scenario: { v: 1, engine: ENGINE, options: resolveOptions(run.options), actions: run.actions, title: `Explorer counterexample: ${what}`, description: cx.message },
    t: cx.kind === 'violation' ? run.until - 2 : run.until - 1,
    until: run.until,
  };
}
