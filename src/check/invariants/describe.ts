// Describing log entries and nodes to a student, for the violations' messages.

import type { LogEntryView } from '../../sim/types.ts';
import { stableStringify } from '../stable.ts';

function short(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** "put x=1", "get x", "no-op", or the command's JSON. */
export function describeCommand(command: unknown, kind?: string): string {
  if (kind === 'noop') return 'no-op';
  if (kind === 'config') {
    if (typeof command === 'object' && command !== null && 'voters' in command) {
      const voters = command.voters;
      if (Array.isArray(voters)) return `config {${voters.map(String).join(', ')}}`;
    }
    return `config ${short(stableStringify(command))}`;
  }
  if (typeof command === 'object' && command !== null && !Array.isArray(command)) {
    const c = command as Record<string, unknown>;
    if (typeof c.key === 'string') {
      if (c.type === 'put' && typeof c.value === 'string') return `put ${c.key}=${short(c.value, 20)}`;
      if (c.type === 'append' && typeof c.value === 'string') return `append ${c.key}+=${short(c.value, 20)}`;
      if (c.type === 'get') return `get ${c.key}`;
    }
  }
  if (command === null || command === undefined) return 'an empty command';
  if (typeof command === 'string') return short(command);
  return short(stableStringify(command));
}

/** What the monitor hashes and shows for an entry: a configuration entry is its voters. */
export function entryCommand(e: LogEntryView): unknown {
  return e.kind === 'config' && e.voters !== undefined ? { voters: e.voters } : e.command;
}

export function configVoters(command: unknown): readonly string[] | undefined {
  if (typeof command !== 'object' || command === null || !('voters' in command)) return undefined;
  const voters = command.voters;
  return Array.isArray(voters) ? voters.map(String) : undefined;
}

export function describeEntry(term: number, command: unknown, kind: string | undefined): string {
  return `${describeCommand(command, kind)} (term ${term})`;
}

export function listNodes(nodes: readonly string[]): string {
  if (nodes.length <= 1) return nodes.join('');
  return `${nodes.slice(0, -1).join(', ')} and ${nodes[nodes.length - 1]}`;
}
