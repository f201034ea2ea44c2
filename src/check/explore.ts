// A bounded model checker over the engine itself (issue "Safe under every action a student can
// take"): every state of a small cluster reachable within bounds by every choice of the next
// event — deliver any message in flight, fire any server's election or heartbeat timer, crash
// or restart a server, a client request, a membership change, a leadership transfer — with time
// abstracted away: a timer firing is a choice, and so is every test of elapsed time the engine
// makes (src/raft/time.ts), resolved both ways.
//
// As TLC, Stateright and DSLabs' search tests do: breadth-first, states deduplicated by a
// canonical hash, so the first counterexample found is a shortest one. Messages form a set: a
// delivered message stays deliverable (duplication and reordering without unbounded copies;
// dropping a message adds no reachable state for safety). Renamings of the servers count as one
// state where the options treat servers alike (explore/symmetry.ts); replies from an earlier term
// than their receiver's are left out of the state (explore/step.ts). With `liveness`, every
// reached state is also checked to still be able to elect and to finish a membership change
// (explore/liveness.ts).

export { DEFAULT_EXPLORE, EXPLORE_ACTIONS } from './explore/types.ts';
export type { ExploreAction, ExploreConfig, ExploreCoverage, ExploreEvent, ExploreFeatures, ExploreResult, ExploreStep, ExploreStuck, ExploreViolation } from './explore/types.ts';
export { messageKey } from './explore/state.ts';
export { explore, type ExploreProgress } from './explore/search.ts';
export { symmetric } from './explore/symmetry.ts';
export { ExploreConfigError, VARIANT_BOUNDS, describeStep, resolveExploreConfig } from './explore/config.ts';
