// The scripting API (DESIGN.md, "The scripting API"; docs/api.md documents every call).
export { createCluster, restoreCluster } from './cluster.ts';
export { resolveOptions, MAX_NODES, DEFAULT_FEATURES, DEFAULT_NETWORK, DEFAULT_TIMING, DEFAULT_WORKLOAD } from './options.ts';
// a schema check the scenario format shares, so both say "must be a whole number" alike
export { whole } from './options.ts';
export { actionSchema } from './validate.ts';
export type * from './types.ts';
export { MESSAGE_TYPES } from '../raft/messages.ts';
export { VARIANTS } from '../raft/types.ts';
