// Validating a client history before it is checked: every record's fields, unique ids, and at
// most one operation outstanding per client. Errors name the record (id and position) and field.

import type { ClientRecord } from '../../sim/types.ts';

const OP_TYPES: ReadonlySet<string> = new Set(['put', 'get', 'append']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeGot(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value) ?? String(value);
  }
  return `a ${typeof value}`;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Throws the validation error for field `field` of the record at `position`. */
function invalidField(position: number, id: unknown, field: string, problem: string): never {
  throw new Error(`Invalid client history: record id ${String(id)} (history[${position}]), field "${field}" ${problem}`);
}

/** Checks one record's fields (not its relation to other records); throws naming the field. */
function validateRecord(item: unknown, position: number): asserts item is ClientRecord {
  if (!isPlainObject(item)) {
    throw new Error(`Invalid client history: history[${position}] must be a client record object, got ${describeGot(item)}`);
  }
  const { id, client, op, invokedAt, completedAt, result } = item;
  if (typeof id !== 'number' || !Number.isFinite(id)) {
    throw new Error(`Invalid client history: history[${position}], field "id" must be a number, got ${describeGot(id)}`);
  }
  if (typeof client !== 'string' || client === '') {
    invalidField(position, id, 'client', `must be a non-empty string, got ${describeGot(client)}`);
  }
  if (!isPlainObject(op)) invalidField(position, id, 'op', `must be an operation object, got ${describeGot(op)}`);
  const { type, key, value } = op;
  if (typeof type !== 'string' || !OP_TYPES.has(type)) {
    invalidField(position, id, 'op.type', `must be "put", "get" or "append", got ${describeGot(type)}`);
  }
  if (typeof key !== 'string') invalidField(position, id, 'op.key', `must be a string, got ${describeGot(key)}`);
  if (type !== 'get' && typeof value !== 'string') {
    invalidField(position, id, 'op.value', `must be a string for ${type}, got ${describeGot(value)}`);
  }
  if (!isTime(invokedAt)) invalidField(position, id, 'invokedAt', `must be a finite number, got ${describeGot(invokedAt)}`);
  if (completedAt !== undefined) {
    if (!isTime(completedAt)) {
      invalidField(position, id, 'completedAt', `must be a finite number or absent (pending), got ${describeGot(completedAt)}`);
    }
    if (completedAt < invokedAt) {
      invalidField(position, id, 'completedAt', `(${completedAt}) is before invokedAt (${invokedAt})`);
    }
  }
  if (result !== undefined && result !== null && typeof result !== 'string') {
    invalidField(position, id, 'result', `must be a string, null or absent, got ${describeGot(result)}`);
  }
  if (type === 'get' && completedAt !== undefined && result === undefined) {
    invalidField(position, id, 'result', 'is missing: a completed get must have a result (a string, or null for an absent key)');
  }
}

/**
 * Throws an Error naming the record (its id and position) and the field when `history` is not a
 * valid client history: not an array, a record with a missing or ill-typed field, a duplicate id,
 * completedAt before invokedAt, an unknown op type, a completed get without a result, or a client
 * with two operations outstanding at once (the checker's model: at most one per client).
 */
export function validateHistory(history: unknown): asserts history is readonly ClientRecord[] {
  if (!Array.isArray(history)) {
    throw new Error(`Invalid client history: expected an array of client records, got ${describeGot(history)}`);
  }
  const positionOfId = new Map<number, number>();
  for (let position = 0; position < history.length; position++) {
    const record: unknown = history[position];
    validateRecord(record, position);
    const earlier = positionOfId.get(record.id);
    if (earlier !== undefined) invalidField(position, record.id, 'id', `duplicates the id of history[${earlier}]`);
    positionOfId.set(record.id, position);
  }

  // Each client has at most one operation outstanding: sorted by invocation, every operation of a
  // client must be invoked no earlier than the previous one completed (a pending one never does).
  const byClient = new Map<string, ClientRecord[]>();
  for (const record of history as ClientRecord[]) {
    const list = byClient.get(record.client);
    if (list === undefined) byClient.set(record.client, [record]);
    else list.push(record);
  }
  for (const [client, records] of byClient) {
    records.sort((a, b) => a.invokedAt - b.invokedAt || a.id - b.id);
    for (let i = 1; i < records.length; i++) {
      const previous = records[i - 1];
      const record = records[i];
      if (previous.completedAt === undefined || record.invokedAt < previous.completedAt) {
        const previousSpan =
          previous.completedAt === undefined
            ? `still pending since ${previous.invokedAt} ms`
            : `outstanding ${previous.invokedAt}–${previous.completedAt} ms`;
        throw new Error(
          `Invalid client history: record id ${record.id} (history[${positionOfId.get(record.id)}]), field "invokedAt" ` +
            `(${record.invokedAt}): client ${JSON.stringify(client)} already has record id ${previous.id} ${previousSpan}; ` +
            'a client has at most one operation outstanding',
        );
      }
    }
  }
}
