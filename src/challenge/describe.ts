// A challenge's goal and rules in words, for the goal card, the editor and the console.

import { actionLabel, type ActionType } from '../sim/index.ts';
import { PROPERTY_NAMES } from '../check/invariants/properties.ts';
import type { Atom, Goal, Rules, When } from './types.ts';

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A duration as the tours write it: 250 ms, 2 s, 1.5 s. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function whenText(w: When | undefined, subject: string): string {
  if (w === undefined) return '';
  const parts: string[] = [];
  if (w.partitioned !== undefined) parts.push(`${list(w.partitioned)} ${w.partitioned.length === 1 ? 'is' : 'are'} partitioned away from ${subject}`);
  if (w.down !== undefined) parts.push(`${list(w.down)} ${w.down.length === 1 ? 'is' : 'are'} down`);
  if (w.upAtMost !== undefined) parts.push(`at most ${w.upAtMost} server${w.upAtMost === 1 ? ' is' : 's are'} up`);
  return parts.length === 0 ? '' : ` while ${list(parts)}`;
}

/** One condition in words. */
export function atomText(a: Atom): string {
  switch (a.kind) {
    case 'leader':
      return `${a.node ?? 'A server'} becomes leader${a.minTerm !== undefined ? ` of term ${a.minTerm} or later` : ''}${whenText(a.when, 'it')}`;
    case 'leaders':
      return `${a.count} different servers become leader within ${formatMs(a.withinMs)}`;
    case 'step-down':
      return `${a.node ?? 'A leader'} stops being leader while up${a.sameTerm === true ? ', without hearing of a higher term' : ''}`;
    case 'split-vote':
      return 'A split vote: an election ends without a leader because two or more candidates split the votes';
    case 'no-leader':
      return `No leader for more than ${formatMs(a.ms)} while a majority is up`;
    case 'commit': {
      const what = a.entry === 'config' ? 'a configuration change (membership)' : a.entry === 'any' ? 'a new entry' : 'a new client command';
      return `The leader commits ${what}${whenText(a.when, 'the leader')}`;
    }
    case 'read':
      return `A client’s read completes${whenText(a.when, 'the leader')}`;
    case 'truncate':
      return `${a.node !== undefined ? `${a.node}’s` : 'A server’s'} log is truncated (entries deleted)`;
    case 'majority-overwritten':
      return 'An entry stored on a majority of the servers is later overwritten';
    case 'committed-erased':
      return 'An entry that was committed is later erased from a log';
    case 'violation':
      return a.property !== undefined ? `The safety monitor finds ${PROPERTY_NAMES[a.property]} violated` : 'The safety monitor finds a safety property violated';
    case 'stale-read':
      return 'A client’s read returns a stale value (the history is not linearizable)';
    case 'message': {
      const flag = a.granted === true ? ' granting its vote' : a.granted === false ? ' refusing its vote' : a.success === true ? ' reporting success' : a.success === false ? ' reporting failure' : '';
      return `A ${a.type}${flag} is delivered${a.from !== undefined ? ` from ${a.from}` : ''}${a.to !== undefined ? ` to ${a.to}` : ''}`;
    }
  }
}

/** The goal as lines: conditions, with "all of", "one of", "in this order". */
export function goalLines(g: Goal, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  if ('kind' in g) return [`${pad}${atomText(g)}`];
  const [head, items] = 'all' in g ? ['All of:', g.all] : 'any' in g ? ['One of:', g.any] : ['In this order:', g.then];
  if (items.length === 1) return goalLines(items[0], depth);
  return [`${pad}${head}`, ...items.flatMap((c) => goalLines(c, depth + 1))];
}

/** The rules in words: which actions, how many, how long. */
export function rulesText(r: Rules): string[] {
  const out: string[] = [];
  const allowed = r.allow.map((t) => `${actionLabel(t)}${r.limits?.[t] !== undefined ? ` ×${r.limits[t]}` : ''}`);
  out.push(allowed.length === 0 ? 'No actions: only play, pause and watch.' : `Allowed: ${allowed.join(', ')}.`);
  if (r.budget !== undefined) out.push(`At most ${r.budget} action${r.budget === 1 ? '' : 's'} in all.`);
  if (r.timeLimitMs !== undefined) out.push(`Within ${formatMs(r.timeLimitMs)} of simulated time from the start.`);
  return out;
}

export function actionName(t: ActionType): string {
  return actionLabel(t);
}
