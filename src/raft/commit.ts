// Commitment and the state machine (Figure 2, "Leaders" and "All servers"; §5.4.2, Figure 8).

import { afterApplied } from './hooks.ts';
import type { StepContext } from './context.ts';
import { entryAt, termAt } from './log.ts';
import { majorityValue } from './quorum.ts';
import { ownMatchIndex } from './storage.ts';
import { replyClient } from './replies.ts';
import { applyEntry } from './statemachine.ts';
import type { NodeState } from './types.ts';
import { commitsOldTerms } from './variants.ts';

/**
 * Figure 2, "Leaders": commit the largest N replicated on a majority of voters whose entry
 * is of the current term. Entries of earlier terms commit only indirectly (§5.4.2, Figure 8):
 * counting their replicas is exactly the bug the 'commit-old-terms' variant shows. The leader
 * counts itself only for entries on its own disk (storage.ts; thesis §10.2.1).
 */
export function maybeCommit(node: NodeState, ctx: StepContext): void {
  if (node.role !== 'leader') return;
  const n = majorityValue(node, (voter) => (voter === node.id ? ownMatchIndex(node) : (node.progress.get(voter)?.matchIndex ?? 0)));
  if (n <= node.commitIndex) return;
  if (termAt(node, n) !== node.currentTerm && !commitsOldTerms(ctx.settings)) return;
  setCommitIndex(node, n, ctx);
}

export function setCommitIndex(node: NodeState, index: number, ctx: StepContext): void {
  node.commitIndex = index;
  if (ctx.out.trace) ctx.out.emit({ type: 'commit', at: ctx.now, node: node.id, commitIndex: index });
  applyCommitted(node, ctx);
}

/** Figure 2, "All servers": apply log[lastApplied+1 .. commitIndex] in order, exactly once. */
export function applyCommitted(node: NodeState, ctx: StepContext): void {
  while (node.lastApplied < node.commitIndex) {
    const index = node.lastApplied + 1;
    const entry = entryAt(node, index);
    if (entry === undefined) break; // only under broken variants (log lost under commitIndex)
    node.lastApplied = index;
    const result = applyEntry(node.kv, node.sessions, entry);
    if (ctx.out.trace) {
      ctx.out.emit({
        type: 'apply',
        at: ctx.now,
        node: node.id,
        index,
        term: entry.term,
        command: entry.command,
        kind: entry.kind,
      });
    }
    if (node.role === 'leader' && entry.client !== undefined) {
      replyClient(ctx, node, entry.client.client, entry.client.seq, true, result, node.id);
    }
  }
  afterApplied(node, ctx);
}
