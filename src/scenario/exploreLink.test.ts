// An exhaustive explorer's counterexample, as a share link, replays to the same violation in the
// simulator the app runs (issue "Safe under every action a student can take"): the run is
// scheduled by hand (manual network, timers fired by fireTimer), with the explorer's answers to
// the engine's time tests carried on the actions.

import { describe, expect, it } from 'vitest';
import { attachSafetyMonitor } from '../check/index.ts';
import { explore } from '../check/explore.ts';
import { counterexampleScenario } from '../check/exploreReplay.ts';
import { resolveOptions } from '../sim/index.ts';
import { runScenario } from './api.ts';
import { ENGINE, type Scenario } from './format.ts';
import { hashToScenario, scenarioToHash } from './url.ts';

describe('explorer counterexamples as links', () => {
  // commit-old-terms: 20 events deep, found with stale requests dropped (never delivered in the replay either).
  it.each(['forget-vote', 'vote-without-log-check', 'commit-old-terms'] as const)('%s: the link replays to the same violation', (variant) => {
    const r = explore({ variant });
    const v = r.violation;
    expect(v).not.toBeNull();
    if (v === null) return;
    const cx = counterexampleScenario(r.config, v.path);
    const scenario: Scenario = { v: 1, engine: ENGINE, options: resolveOptions(cx.options), actions: cx.actions };
    const back = hashToScenario(scenarioToHash(scenario, cx.until - 2));
    expect(back.ok ? 'ok' : back.error).toBe('ok');
    if (!back.ok) return;
    expect(back.scenario.actions).toEqual(cx.actions);
    const cluster = runScenario(back.scenario, 0);
    const monitor = attachSafetyMonitor(cluster);
    cluster.runFor(cx.until);
    expect(cluster.refusedActions()).toEqual([]);
    expect(monitor.violations().map((x) => x.property)).toContain(v.property);
    // every explorer event is one action (deliveries of a message the path uses twice: a duplicate first)
    expect(cx.actions.filter((a) => a.type !== 'duplicate')).toHaveLength(v.path.length);
  }, 600_000);
});
