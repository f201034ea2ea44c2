// The exhaustive explorer (src/check/explore.ts): configuration (defaults, per-variant bounds, validation) and describing a step.


import { DEFAULT_EXPLORE, EXPLORE_ACTIONS, type ExploreConfig, type ExploreStep } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Configuration and reporting

export class ExploreConfigError extends Error {}

/**
 * Each broken variant's own default bounds: what it takes to reach its bug (docs/safety.md
 * lists the depth at which each counterexample is found).
 */
export const VARIANT_BOUNDS: Readonly<Record<string, Partial<ExploreConfig>>> = {
  'vote-without-log-check': { depth: 10 },
  'forget-vote': { depth: 9 },
  'truncate-always': { depth: 11 },
  // Figure 8 of the paper: four elections, two requests, 20 events. Plain breadth-first search
  // grows about ×3 a level and cannot get there; requests from an earlier term than their
  // receiver's are dropped (dropStaleRequests) and election timer firings bounded to the four
  // elections the scenario needs: found at depth 20 (docs/safety.md).
  'commit-old-terms': {
    depth: 20,
    maxTerm: 4,
    maxLog: 1,
    maxRequests: 2,
    maxCrashes: 0,
    maxCopies: 1,
    maxTimeouts: 4,
    dropStaleRequests: true,
    actions: ['deliver', 'timeout', 'request'],
  },
};

/** Defaults (the variant's own bounds first), then validation naming the field. */
export function resolveExploreConfig(input: Partial<ExploreConfig> = {}): ExploreConfig {
  const variant = input.variant ?? 'none';
  const base = { ...DEFAULT_EXPLORE, ...(VARIANT_BOUNDS[variant] ?? {}) };
  const config: ExploreConfig = { ...base, ...input, features: { ...base.features, ...input.features } };
  const whole = (name: keyof ExploreConfig, min: number, max: number) => {
    const v: unknown = config[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ExploreConfigError(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(v) ?? 'nothing'}`);
    }
  };
  whole('servers', 1, 4);
  whole('depth', 1, 200);
  whole('maxTerm', 1, 20);
  whole('maxLog', 0, 20);
  whole('maxCrashes', 0, 20);
  whole('maxRequests', 0, 20);
  whole('maxMembership', 0, 10);
  whole('maxTransfers', 0, 10);
  whole('maxCopies', 0, 10);
  whole('maxTimeouts', 0, 50);
  whole('livenessDepth', 1, 40);
  whole('maxStates', 1, 100_000_000);
  const variants = ['none', 'commit-old-terms', 'vote-without-log-check', 'forget-vote', 'truncate-always', 'local-reads'];
  if (!variants.includes(variant)) throw new ExploreConfigError(`variant: unknown variant '${String(variant)}' (known: ${variants.join(', ')})`);
  if (variant === 'local-reads') {
    throw new ExploreConfigError("variant: 'local-reads' breaks linearizability, not a state invariant: the fuzzer finds it (npm run fuzz -- --variant local-reads)");
  }
  if (typeof config.liveness !== 'boolean') throw new ExploreConfigError(`liveness: must be true or false, got ${JSON.stringify(config.liveness) ?? 'nothing'}`);
  if (config.livenessAt !== 'every' && config.livenessAt !== 'removal') throw new ExploreConfigError(`livenessAt: must be 'every' or 'removal', got ${JSON.stringify(config.livenessAt) ?? 'nothing'}`);
  if (typeof config.dropStaleRequests !== 'boolean') throw new ExploreConfigError(`dropStaleRequests: must be true or false, got ${JSON.stringify(config.dropStaleRequests) ?? 'nothing'}`);
  if (typeof config.symmetry !== 'boolean') throw new ExploreConfigError(`symmetry: must be true or false, got ${JSON.stringify(config.symmetry) ?? 'nothing'}`);
  const actions: unknown = config.actions;
  if (!Array.isArray(actions) || actions.length === 0) throw new ExploreConfigError('actions: name at least one action');
  for (const a of actions as unknown[]) {
    if (typeof a !== 'string' || !(EXPLORE_ACTIONS as readonly string[]).includes(a)) {
      throw new ExploreConfigError(`actions: unknown action ${JSON.stringify(a) ?? 'nothing'} (known: ${EXPLORE_ACTIONS.join(', ')})`);
    }
  }
  if (config.features.snapshotThreshold < 0) throw new ExploreConfigError('features.snapshotThreshold: must not be negative');
  return config;
}

/** One line a student can read. */
export function describeStep(s: ExploreStep): string {
  const tests = s.tests.length > 0 ? ` [time tests answered: ${s.tests.map((t) => (t ? 'yes' : 'no')).join(', ')}]` : '';
  switch (s.kind) {
    case 'deliver': {
      const m = s.message;
      return `deliver ${m.type} ${m.from} → ${m.to} (term ${m.term})${tests}`;
    }
    case 'timeout':
      return `${s.node}'s election timer fires${tests}`;
    case 'heartbeat':
      return `${s.node}'s heartbeat timer fires${tests}`;
    case 'crash':
      return `${s.node} crashes${tests}`;
    case 'restart':
      return `${s.node} restarts${tests}`;
    case 'request':
      return `a client request reaches the leader ${s.node}${tests}`;
    case 'add':
      return `the leader adds ${s.node}${tests}`;
    case 'remove':
      return `the leader removes ${s.node}${tests}`;
    case 'transfer':
      return `the leader transfers leadership to ${s.node}${tests}`;
  }
}
