// A SafetyMonitor subscribed to a running cluster, seeded from its nodes' current state (the UI
// attaches one late).

import type { Cluster, NodeView } from '../../sim/types.ts';
import { createSafetyMonitor } from './monitor.ts';
import type { SafetyMonitor, SafetyMonitorOptions, Violation } from './properties.ts';

export interface AttachedSafetyMonitor extends SafetyMonitor {
  /** Stop listening. */
  detach: () => void;
}

/**
 * Subscribes a SafetyMonitor to `cluster`. It starts from the nodes' current state, so it can be
 * attached to a fresh cluster (before its first step) or to one already running; a cluster that
 * has compacted logs before the monitor was attached leaves those prefixes unverified.
 */
export function attachSafetyMonitor(
  cluster: Pick<Cluster, 'ids' | 'node' | 'subscribe'> & { readonly options?: { readonly nodes: readonly string[] } },
  options: Omit<SafetyMonitorOptions, 'nodes'> & { onViolation?: (v: Violation) => void } = {},
): AttachedSafetyMonitor {
  const nodes: NodeView[] = cluster.ids.map((id) => cluster.node(id));
  const monitor = createSafetyMonitor({ bootVoters: cluster.options?.nodes, ...options, nodes });
  const onViolation = options.onViolation;
  const detach = cluster.subscribe((e) => {
    const found = monitor.observe(e);
    if (onViolation !== undefined) for (const v of found) onViolation(v);
  });
  return {
    observe: monitor.observe,
    properties: monitor.properties,
    ok: monitor.ok,
    violations: monitor.violations,
    warnings: monitor.warnings,
    get events() {
      return monitor.events;
    },
    detach,
  };
}
