// Changing a node's log (Figure 2: appending, deleting conflicting entries) and keeping the
// configuration derived from it in step (thesis §4.1: a server uses the latest configuration in
// its log, committed or not, and reverts when that entry is deleted).

import { pushItem, sliceItems, truncateFrom } from './chunked.ts';
import { emitConfig, entryView, type StepContext } from './context.ts';
import { currentVoters, entryAt, lastLogIndex, latestConfigIndex, snapshotIndex } from './log.ts';
import type { LogEntry, NodeState } from './types.ts';

/** Keeps the derived configuration in step with the log after a truncation or snapshot. */
export function refreshVoters(node: NodeState): void {
  node.voters = currentVoters(node).slice();
  node.votersIndex = latestConfigIndex(node);
}

/** The configuration in force at `index`: the latest config entry at or before it. */
export function votersAt(node: NodeState, index: number): string[] {
  for (let i = index; i > snapshotIndex(node); i--) {
    const e = entryAt(node, i);
    if (e !== undefined && e.kind === 'config' && e.voters) return e.voters.slice();
  }
  return (node.snapshot !== null ? node.snapshot.voters : node.bootVoters).slice();
}

export function appendToLog(node: NodeState, entries: readonly LogEntry[], ctx: StepContext): void {
  if (entries.length === 0) return;
  const from = lastLogIndex(node) + 1;
  let configChanged = false;
  for (const e of entries) {
    pushItem(node.log, e);
    if (e.kind === 'config' && e.voters) {
      node.voters = e.voters.slice();
      node.votersIndex = lastLogIndex(node);
      configChanged = true;
    }
  }
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'append',
      at: ctx.now,
      node: node.id,
      from,
      entries: entries.map((e, i) => entryView(from + i, e)),
    });
  }
  if (configChanged) emitConfig(node, ctx);
}

export function truncateLog(node: NodeState, from: number, ctx: StepContext): void {
  const last = lastLogIndex(node);
  if (from > last) return;
  const removed = ctx.out.trace ? sliceItems(node.log, from, last) : [];
  truncateFrom(node.log, from);
  const hadConfig = node.votersIndex >= from;
  if (hadConfig) refreshVoters(node);
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'truncate',
      at: ctx.now,
      node: node.id,
      from,
      entries: removed.map((e, i) => entryView(from + i, e)),
    });
  }
  if (hadConfig) emitConfig(node, ctx);
}
