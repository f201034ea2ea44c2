// The scripting API (DESIGN.md, "The scripting API"; docs/api.md documents every call).
export { createCluster, restoreCluster } from './cluster.ts';
export { stateFingerprint } from './fingerprint.ts';
export { resolveOptions, MAX_NODES, DEFAULT_FEATURES, DEFAULT_NETWORK, DEFAULT_TIMING, DEFAULT_WORKLOAD } from './options.ts';
// the validation atoms the scenario format shares, so both say "must be a whole number" alike,
// and the one client-name pattern (C1, C2, …)
export {
  whole,
  wholeMs,
  positiveMs,
  diskMs,
  MAX_DISK_LATENCY,
  rate,
  nodeName,
  serverName,
  MAX_NODE_NAME,
  CLIENT_NAME,
  isClientName,
  clientName,
  RESERVED_NAMES,
} from './atoms.ts';
// the action registry: one row per action type (schema, check, how it acts, words, label, wire code)
export {
  ACTIONS,
  ACTION_TYPES,
  actionSchema,
  actionSpec,
  actionFields,
  isActionType,
  describeAction,
  actionLabel,
  actionTypeOfCode,
} from './actions/registry.ts';
export type { ActionSpec, ActionWire, WireDecoder, Json as WireJson } from './actions/registry.ts';
export type * from './types.ts';
export { MESSAGE_TYPES } from '../raft/messages.ts';
export { VARIANTS } from '../raft/types.ts';
