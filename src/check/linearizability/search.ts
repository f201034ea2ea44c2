// The Wing & Gong / Lowe search over the operations of one key (see linearizability.ts): the
// sub-history as a doubly linked list of call and return events, linearized operations lifted
// out and put back on backtracking, explored configurations memoised (visited.ts).

import type { ClientOp, ClientRecord } from '../../sim/types.ts';
import type { RegisterValue } from '../kv-model.ts';
import { VisitedSet } from './visited.ts';

/** An operation of one key's sub-history, prepared for the search. */
export interface Operation {
  record: ClientRecord;
  /** Its bit in the linearized-set bitset (its index in the partition). */
  bit: number;
  completed: boolean;
  op: ClientOp;
  /** put: the interned id of the value it writes; get: of the value it returned. */
  valueId: number;
  /** Zobrist key: XORed into the running hash of the linearized set when it is linearized. */
  zobrist: number;
}

interface Link {
  next: Entry | null;
}

/** A call or return event in the doubly linked list of one key's sub-history. */
interface Entry extends Link {
  prev: Link;
  operation: Operation;
  isCall: boolean;
  /** For a call: its return entry (null for a pending operation, which returns at +infinity). */
  match: Entry | null;
}

export type SearchOutcome =
  | { ok: true }
  | { ok: 'unknown' }
  | { ok: false; linearized: Operation[]; unplaced: Operation; stateBefore: RegisterValue };

/** murmur3's 32-bit finaliser: a well-mixed deterministic hash of an integer. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Removes a linearized operation's call and return from the list (Lowe 2017, "lift"). */
function lift(call: Entry): void {
  call.prev.next = call.next;
  if (call.next !== null) call.next.prev = call.prev;
  const ret = call.match;
  if (ret !== null) {
    ret.prev.next = ret.next;
    if (ret.next !== null) ret.next.prev = ret.prev;
  }
}

/** Undoes `lift(call)`; lifts must be undone in reverse order (they are: the stack is LIFO). */
function unlift(call: Entry): void {
  const ret = call.match;
  if (ret !== null) {
    ret.prev.next = ret;
    if (ret.next !== null) ret.next.prev = ret;
  }
  call.prev.next = call;
  if (call.next !== null) call.next.prev = call;
}

/** Returns true every time `deadline` has passed (checked only every 1024 calls: cheap). */
export function makeTimer(deadline: number): () => boolean {
  let calls = 0;
  return () => (++calls & 1023) === 0 && performance.now() > deadline;
}

/**
 * Whether a pending operation can matter to the search. A pending get cannot: it changes nothing
 * and has no result to explain. A pending put of v matters only if some completed get returned a
 * value starting with v, and a pending append of w only if some get returned a value containing
 * w: in any linearization, the gets placed after the write and before the next put return exactly
 * such values, so when there are none, deleting the write from the linearization leaves every
 * completed operation explained (the appends in between are not observed either). Dropping these
 * "unobserved" pending writes keeps the verdict and avoids trying every subset of them: pending
 * writes are what can make the search exponential.
 */
function mayHaveBeenObserved(op: ClientOp, observedValues: ReadonlySet<string>): boolean {
  switch (op.type) {
    case 'get':
      return false;
    case 'put':
      for (const value of observedValues) if (value.startsWith(op.value)) return true;
      return false;
    case 'append':
      for (const value of observedValues) if (value.includes(op.value)) return true;
      return false;
  }
}

/** Wing & Gong / Lowe search over the operations of one key. */
export function searchKey(records: readonly ClientRecord[], timedOut: () => boolean): SearchOutcome {
  // Register values are interned to small integers so that a configuration's state is a number.
  // Id 0 is the absent key (null).
  const values: RegisterValue[] = [null];
  const valueIds = new Map<string, number>();
  const intern = (value: RegisterValue): number => {
    if (value === null) return 0;
    let id = valueIds.get(value);
    if (id === undefined) {
      id = values.length;
      values.push(value);
      valueIds.set(value, id);
    }
    return id;
  };

  const observedValues = new Set<string>();
  for (const record of records) {
    if (record.op.type === 'get' && record.completedAt !== undefined && typeof record.result === 'string') {
      observedValues.add(record.result);
    }
  }

  const operations: Operation[] = [];
  for (const record of records) {
    const completed = record.completedAt !== undefined;
    if (!completed && !mayHaveBeenObserved(record.op, observedValues)) continue;
    let valueId = 0;
    if (record.op.type === 'put') valueId = intern(record.op.value);
    else if (record.op.type === 'get') valueId = intern(record.result ?? null);
    const bit = operations.length;
    operations.push({ record, bit, completed, op: record.op, valueId, zobrist: mix32(bit * 0x9e3779b9 + 0x632be5ab) });
  }

  // The event list, in real-time order. At equal times calls come before returns, so operations
  // that merely touch are treated as concurrent: the checker never reports a violation that
  // depends on how two events in the same millisecond were ordered.
  interface Event {
    time: number;
    isCall: boolean;
    operation: Operation;
  }
  const events: Event[] = [];
  for (const operation of operations) {
    events.push({ time: operation.record.invokedAt, isCall: true, operation });
    if (operation.completed) events.push({ time: operation.record.completedAt as number, isCall: false, operation });
  }
  events.sort(
    (a, b) =>
      a.time - b.time ||
      (a.isCall === b.isCall ? 0 : a.isCall ? -1 : 1) ||
      a.operation.record.id - b.operation.record.id,
  );
  const head: Link = { next: null };
  const callEntries = new Map<Operation, Entry>();
  let last: Link = head;
  for (const event of events) {
    const entry: Entry = { prev: last, next: null, operation: event.operation, isCall: event.isCall, match: null };
    last.next = entry;
    last = entry;
    if (event.isCall) callEntries.set(event.operation, entry);
    else (callEntries.get(event.operation) as Entry).match = entry;
  }

  /** The state id after applying `operation` to state `stateId`, or -1 when the model rejects it. */
  const step = (stateId: number, operation: Operation): number => {
    switch (operation.op.type) {
      case 'put':
        return operation.valueId;
      case 'get':
        return stateId === operation.valueId ? stateId : -1;
      case 'append':
        return intern((values[stateId] ?? '') + operation.op.value);
    }
  };

  // The linearized set as a bitset, with an incrementally maintained Zobrist hash of it.
  const words = Math.ceil(operations.length / 32);
  const linearizedBits = new Uint32Array(words);
  let linearizedHash = 0;

  // Memoisation of explored configurations (Lowe 2017, section 4; Porcupine's `cache`).
  // A linearizable history with little backtracking visits about one configuration per operation.
  const visited = new VisitedSet(words, operations.length + 1);

  const toggle = (operation: Operation): void => {
    linearizedBits[operation.bit >>> 5] ^= 1 << (operation.bit & 31);
    linearizedHash ^= operation.zobrist;
  };

  // The backtracking stack: the call entries linearized so far and the state before each.
  const stackCalls: Entry[] = [];
  const stackStates: number[] = [];
  let stateId = 0; // the key starts absent
  let completedLeft = operations.reduce((n, operation) => n + (operation.completed ? 1 : 0), 0);

  // The deepest point the search got stuck at: the basis of the violation report.
  let best: { linearized: Operation[]; unplaced: Operation; stateBefore: RegisterValue } | null = null;

  let entry = head.next;
  // Accept once every completed operation is linearized: pending ones still in the list are
  // those that never took effect (or took effect after everything that was observed).
  while (completedLeft > 0) {
    if (timedOut()) return { ok: 'unknown' };
    if (entry === null || !entry.isCall) {
      // A return event: its operation should have taken effect by now but could not be placed
      // after the current partial linearization. (entry === null cannot happen while a
      // completed operation is left, since its return is still in the list; handled anyway.)
      if (entry !== null && (best === null || stackCalls.length > best.linearized.length)) {
        best = {
          linearized: stackCalls.map((call) => call.operation),
          unplaced: entry.operation,
          stateBefore: values[stateId],
        };
      }
      const call = stackCalls.pop();
      if (call === undefined) break; // nothing left to undo: no linearization exists
      stateId = stackStates.pop() as number;
      toggle(call.operation);
      if (call.operation.completed) completedLeft++;
      unlift(call);
      entry = call.next; // try the next candidate after the one just undone
      continue;
    }
    const operation = entry.operation;
    const nextStateId = step(stateId, operation);
    if (nextStateId >= 0) {
      toggle(operation);
      if (visited.addIfNew(linearizedHash ^ mix32(nextStateId + 0x27d4eb2f), linearizedBits, nextStateId)) {
        stackCalls.push(entry);
        stackStates.push(stateId);
        stateId = nextStateId;
        if (operation.completed) completedLeft--;
        lift(entry);
        entry = head.next; // restart from the earliest event still in the list
        continue;
      }
      toggle(operation); // explored before from this very configuration: prune
    }
    entry = entry.next;
  }
  if (completedLeft === 0) return { ok: true };
  if (best === null) throw new Error('linearizability search failed without reaching a return event');
  return { ok: false, ...best };
}
