// The deliberately broken Rafts, for teaching (docs/safety.md): every place where a variant
// departs from the paper asks one predicate here, so the correct rule reads plainly beside it.

import type { RaftSettings } from './types.ts';

/** 'commit-old-terms': count replicas of entries of earlier terms (the bug of Figure 8). */
export function commitsOldTerms(settings: RaftSettings): boolean {
  return settings.features.variant === 'commit-old-terms';
}

/** 'vote-without-log-check': grant votes without the election restriction (§5.4.1). */
export function votesWithoutLogCheck(settings: RaftSettings): boolean {
  return settings.features.variant === 'vote-without-log-check';
}

/** 'forget-vote': keep votedFor in memory only, so a crash forgets it (Figure 2: persistent). */
export function forgetsVoteOnCrash(settings: RaftSettings): boolean {
  return settings.features.variant === 'forget-vote';
}

/** 'truncate-always': drop every entry after prevLogIndex, even matching ones (Figure 2, rule 3). */
export function truncatesAlways(settings: RaftSettings): boolean {
  return settings.features.variant === 'truncate-always';
}

/** 'local-reads': answer reads from local state without confirming leadership (thesis §6.4). */
export function readsLocally(settings: RaftSettings): boolean {
  return settings.features.variant === 'local-reads';
}
