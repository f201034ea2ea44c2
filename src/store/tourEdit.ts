// Pure rules of the tour editor's highlights (no store, no DOM), so they can be unit-tested:
// toggling a server, a message or a log entry in a step's highlights, which servers a step may
// name at its time, and what a draft keeps when the run restarts with other settings.

import type { Action } from '../sim/index.ts';
import { LIMITS, type TourHighlights, type TourStep } from '../scenario/format.ts';

export interface EntryRef {
  node: string;
  index: number;
}

/** The step with these highlights; empty lists and an empty highlights object are removed. */
export function withHighlights(step: TourStep, highlights: TourHighlights): TourStep {
  const kept: TourHighlights = {};
  if (highlights.nodes !== undefined && highlights.nodes.length > 0) kept.nodes = highlights.nodes;
  if (highlights.messages !== undefined && highlights.messages.length > 0) kept.messages = highlights.messages;
  if (highlights.entries !== undefined && highlights.entries.length > 0) kept.entries = highlights.entries;
  const next: TourStep = { ...step };
  if (Object.keys(kept).length > 0) next.highlights = kept;
  else delete next.highlights;
  return next;
}

/** Adds or removes a server; the list follows `order` (the servers' order on screen). */
export function toggleNode(step: TourStep, id: string, order: readonly string[]): TourStep {
  const current = step.highlights?.nodes ?? [];
  const chosen = new Set(current);
  if (chosen.has(id)) chosen.delete(id);
  else if (chosen.size < LIMITS.highlights) chosen.add(id);
  // servers no longer on screen (a restart) keep their place at the end
  const ordered = [...order.filter((x) => chosen.has(x)), ...current.filter((x) => chosen.has(x) && !order.includes(x))];
  return withHighlights(step, { ...step.highlights, nodes: ordered });
}

/** Adds or removes a message id; ids stay in ascending order (the order they were sent). */
export function toggleMessage(step: TourStep, id: number): TourStep {
  const current = step.highlights?.messages ?? [];
  const next = current.includes(id)
    ? current.filter((m) => m !== id)
    : current.length < LIMITS.highlights
      ? [...current, id].sort((a, b) => a - b)
      : current;
  return withHighlights(step, { ...step.highlights, messages: next });
}

export function hasEntry(step: TourStep, entry: EntryRef): boolean {
  return (step.highlights?.entries ?? []).some((e) => e.node === entry.node && e.index === entry.index);
}

/** Adds or removes a log entry (server and 1-based index); sorted by server order, then index. */
export function toggleEntry(step: TourStep, entry: EntryRef, order: readonly string[]): TourStep {
  if (!Number.isInteger(entry.index) || entry.index < 1) return step;
  const current = step.highlights?.entries ?? [];
  let next: EntryRef[];
  if (hasEntry(step, entry)) next = current.filter((e) => e.node !== entry.node || e.index !== entry.index);
  else if (current.length >= LIMITS.highlights) return step;
  else next = [...current, { node: entry.node, index: entry.index }];
  const rank = (node: string) => {
    const i = order.indexOf(node);
    return i < 0 ? order.length : i;
  };
  next.sort((a, b) => rank(a.node) - rank(b.node) || a.index - b.index);
  return withHighlights(step, { ...step.highlights, entries: next });
}

/** Servers a step at `at` may name: the initial ones and those added by `addServer` by then. */
export function nodesAt(initial: readonly string[], actions: readonly Action[], at: number): Set<string> {
  const present = new Set(initial);
  for (const a of actions) if (a.type === 'addServer' && a.at <= at) present.add(a.node);
  return present;
}

/** The servers each step highlights (as a server or by a log entry) that the run does not have then. */
export function unknownNodeRefs(tour: readonly TourStep[], initial: readonly string[], actions: readonly Action[]): { step: number; nodes: string[] }[] {
  const out: { step: number; nodes: string[] }[] = [];
  tour.forEach((s, step) => {
    const present = nodesAt(initial, actions, s.at);
    const named = [...(s.highlights?.nodes ?? []), ...(s.highlights?.entries ?? []).map((e) => e.node)];
    const missing = [...new Set(named.filter((id) => !present.has(id)))];
    if (missing.length > 0) out.push({ step, nodes: missing });
  });
  return out;
}

/**
 * The tour without highlights of servers the run does not have at each step's time: what goes
 * into links and saved drafts (a scenario naming an unknown server is refused). The editor
 * keeps them, marked, so adding that server back brings them back.
 */
export function withoutUnknownNodes(tour: readonly TourStep[], initial: readonly string[], actions: readonly Action[]): TourStep[] {
  return tour.map((s) => {
    const h = s.highlights;
    if (h === undefined) return s;
    const present = nodesAt(initial, actions, s.at);
    const nodes = h.nodes?.filter((id) => present.has(id));
    const entries = h.entries?.filter((e) => present.has(e.node));
    if (nodes?.length === h.nodes?.length && entries?.length === h.entries?.length) return s;
    return withHighlights(s, { ...h, nodes, entries });
  });
}

export interface CarriedDraft {
  tour: TourStep[];
  /** Steps naming servers the new run does not have (kept, marked in the editor). */
  unknown: { step: number; nodes: string[] }[];
  /** Message highlights removed: message ids name messages of the earlier run. */
  droppedMessages: number;
}

/**
 * A tour being edited, carried across a restart with other settings. Steps, texts, questions,
 * server and log-entry highlights stay (the times and servers still mean something in the new
 * run); message highlights go, because a message id names whatever that run sent n-th.
 */
export function carryDraftAcrossRestart(tour: readonly TourStep[], initial: readonly string[], actions: readonly Action[]): CarriedDraft {
  let droppedMessages = 0;
  const carried = tour.map((s) => {
    const messages = s.highlights?.messages;
    if (messages === undefined) return s;
    droppedMessages += messages.length;
    return withHighlights(s, { ...s.highlights, messages: [] });
  });
  return { tour: carried, unknown: unknownNodeRefs(carried, initial, actions), droppedMessages };
}

/** A sentence telling the lecturer what a restart did to the draft, or null when nothing changed. */
export function describeCarriedDraft(d: CarriedDraft): string | null {
  const parts: string[] = [];
  if (d.unknown.length > 0) {
    const names = [...new Set(d.unknown.flatMap((u) => u.nodes))];
    const steps = d.unknown.map((u) => u.step + 1);
    parts.push(
      `Step${steps.length === 1 ? '' : 's'} ${steps.join(', ')} highlight${steps.length === 1 ? 's' : ''} ${names.join(', ')}, ` +
        `not in this run: kept and marked in the editor, left out of links until you remove ${names.length === 1 ? 'it' : 'them'} or add ${names.length === 1 ? 'that server' : 'those servers'}.`,
    );
  }
  if (d.droppedMessages > 0) {
    parts.push(`${d.droppedMessages} message highlight${d.droppedMessages === 1 ? ' was' : 's were'} removed: the new run sends other messages.`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
