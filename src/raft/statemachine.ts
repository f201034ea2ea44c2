// The replicated key-value state machine and its client sessions (thesis §6.3).
//
// Commands: the ClientOps (put / get / append) act on the map; a plain object without `type`
// is merged into the map (the classic lab writes {"data_id": 1}); anything else is
// replicated and applied without changing the map.

import type { ClientOp, LogEntry, Session } from './types.ts';

export function isClientOp(command: unknown): command is ClientOp {
  if (typeof command !== 'object' || command === null) return false;
  const c = command as Record<string, unknown>;
  if (typeof c.key !== 'string') return false;
  if (c.type === 'get') return true;
  return (c.type === 'put' || c.type === 'append') && typeof c.value === 'string';
}

function isPlainRecord(command: unknown): command is Record<string, unknown> {
  return (
    typeof command === 'object' &&
    command !== null &&
    !Array.isArray(command) &&
    !('type' in command)
  );
}

/** Applies one command; returns a get's value (null when absent), else undefined. */
export function applyCommand(kv: Map<string, unknown>, command: unknown): string | null | undefined {
  if (isClientOp(command)) {
    switch (command.type) {
      case 'put':
        kv.set(command.key, command.value);
        return undefined;
      case 'append': {
        const old = kv.get(command.key);
        kv.set(command.key, (old === undefined ? '' : String(old)) + command.value);
        return undefined;
      }
      case 'get': {
        const value = kv.get(command.key);
        return value === undefined ? null : String(value);
      }
    }
  }
  if (isPlainRecord(command)) {
    for (const key of Object.keys(command)) kv.set(key, command[key]);
  }
  return undefined;
}

/**
 * Applies an entry with exactly-once client semantics: a retry whose (client, seq) was
 * already applied is not applied again, and the cached reply is returned (thesis §6.3).
 */
export function applyEntry(
  kv: Map<string, unknown>,
  sessions: Map<string, Session>,
  entry: LogEntry,
): string | null | undefined {
  if (entry.kind !== 'command') return undefined;
  const tag = entry.client;
  if (tag === undefined) return applyCommand(kv, entry.command);
  const session = sessions.get(tag.client);
  if (session !== undefined && tag.seq <= session.seq) return session.result;
  const result = applyCommand(kv, entry.command);
  sessions.set(tag.client, { seq: tag.seq, result });
  return result;
}

/** Reads a key the way a get would, without a log entry (ReadIndex and local reads). */
export function readKey(kv: Map<string, unknown>, key: string): string | null {
  const value = kv.get(key);
  return value === undefined ? null : String(value);
}
