// Linearizability checker for the key-value client histories of raftlab (DESIGN.md, "Checking").
//
// A history is linearizable when every completed operation can be given a single instant
// between its invocation and its completion such that, executed in the order of those instants,
// the operations follow the sequential key-value model (kv-model.ts) and each get returns what
// it returned in the history (Herlihy & Wing 1990).
//
// The search is Wing & Gong's (1993) with the improvements of
//   G. Lowe, "Testing for linearizability", Concurrency and Computation 29(4), 2017, and
//   A. Athalye, Porcupine (github.com/anishathalye/porcupine):
//   1. P-compositionality: every operation touches exactly one key, so each key's
//      sub-history is checked on its own (a history is linearizable iff each of them is).
//   2. The sub-history is a doubly linked list of call and return events in real-time order.
//      Linearizing an operation "lifts" its call and return out of the list in O(1); backtracking
//      "unlifts" them (dancing links: undo in LIFO order restores the exact pointers).
//   3. Memoisation: a configuration is (set of linearized operations, model state). Reaching a
//      configuration that was already explored means exploring it again would fail again, so it
//      is pruned. The set is a bitset; the cache is keyed by an incrementally maintained Zobrist
//      hash of the bitset combined with the state, and buckets compare bitsets exactly (a hash
//      collision can never prune a configuration wrongly).
//   4. An explicit stack of (call entry, state before) instead of recursion.
//
// Pending operations (no completedAt: the client never heard back) may have taken effect at any
// instant after their invocation, or never. As in Porcupine and Knossos they are treated as
// returning at +infinity: their call is in the list, they have no return event, and the search
// accepts as soon as every *completed* operation is linearized (pending ones left over are the
// ones that never took effect, or took effect after everything we observed). A pending get
// cannot constrain anything (its result is unknown and it changes nothing), so it is dropped, and
// so is a pending write no completed get can have observed (see mayHaveBeenObserved).
//
// Deciding linearizability is NP-complete (Gibbons & Korach 1997); the memoised search is fast on
// histories of real systems (little concurrency: here one operation outstanding per client), but
// many pending writes that were observed can still make it explore many subsets. Callers that
// must answer in bounded time (the live UI, the fuzzer) pass `timeLimitMs`.

import type { ClientOp, ClientRecord } from '../sim/types.ts';
import { describeOp, describeRecord, describeValue, type RegisterValue } from './kv-model.ts';

export interface LinearizabilityOptions {
  /** Give up (result `ok: 'unknown'`) after this many wall-clock ms. Default: no limit. */
  timeLimitMs?: number;
}

export interface LinearizabilityViolation {
  ok: false;
  /** The key whose operations cannot be linearized. */
  key: string;
  /** A sentence for a student, naming the operation that could not be placed. */
  reason: string;
  /**
   * The shortest illegal prefix found: the operations of `linearized` plus `unplaced`, sorted by
   * invocation time (then id), so that the UI can draw them as a timeline per client.
   */
  prefix: ClientRecord[];
  /** The longest partial linearization the search reached, in linearization order. */
  linearized: ClientRecord[];
  /** The operation that could not be placed after `linearized`. */
  unplaced: ClientRecord;
}

export type LinearizabilityResult =
  | { ok: true }
  | LinearizabilityViolation
  | { ok: 'unknown'; reason: string };

// ---------------------------------------------------------------------------------------------
// Input validation
// ---------------------------------------------------------------------------------------------

const OP_TYPES: ReadonlySet<string> = new Set(['put', 'get', 'append']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeGot(value: unknown): string {
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

// ---------------------------------------------------------------------------------------------
// The search over one key
// ---------------------------------------------------------------------------------------------

/** An operation of one key's sub-history, prepared for the search. */
interface Operation {
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

type SearchOutcome =
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
function makeTimer(deadline: number): () => boolean {
  let calls = 0;
  return () => (++calls & 1023) === 0 && performance.now() > deadline;
}

/**
 * The set of explored configurations (linearized-set bitset, state id): a hash table with
 * chaining, stored in typed arrays (a configuration's bitset is copied into one growing pool),
 * so that recording a configuration allocates nothing in the common case.
 */
class VisitedSet {
  private capacity: number;
  private count = 0;
  /** Bucket heads: index of the first configuration in each bucket, or -1. */
  private heads: Int32Array;
  /** Per configuration: the next one in its bucket (-1: end), its hash and its state id. */
  private nextInBucket: Int32Array;
  private hashes: Int32Array;
  private stateIds: Int32Array;
  /** Per configuration: its bitset, `words` words at offset index * words. */
  private bits: Uint32Array;
  /** Words per bitset. */
  private readonly words: number;

  /** `expected`: how many configurations to make room for at first (it grows as needed). */
  constructor(words: number, expected: number) {
    this.words = words;
    this.capacity = 64;
    while (this.capacity < expected) this.capacity *= 2;
    this.heads = new Int32Array(this.capacity * 2).fill(-1);
    this.nextInBucket = new Int32Array(this.capacity);
    this.hashes = new Int32Array(this.capacity);
    this.stateIds = new Int32Array(this.capacity);
    this.bits = new Uint32Array(this.capacity * words);
  }

  /** Records the configuration; false when it had been recorded already. */
  addIfNew(hash: number, bitset: Uint32Array, stateId: number): boolean {
    const { words } = this;
    const mask = this.heads.length - 1;
    for (let i = this.heads[hash & mask]; i !== -1; i = this.nextInBucket[i]) {
      if (this.hashes[i] !== hash || this.stateIds[i] !== stateId) continue;
      const base = i * words;
      let w = 0;
      while (w < words && this.bits[base + w] === bitset[w]) w++;
      if (w === words) return false;
    }
    if (this.count === this.capacity) this.grow();
    const index = this.count++;
    const bucket = hash & (this.heads.length - 1);
    this.hashes[index] = hash;
    this.stateIds[index] = stateId;
    this.bits.set(bitset, index * words);
    this.nextInBucket[index] = this.heads[bucket];
    this.heads[bucket] = index;
    return true;
  }

  private grow(): void {
    this.capacity *= 2;
    const hashes = new Int32Array(this.capacity);
    const stateIds = new Int32Array(this.capacity);
    const nextInBucket = new Int32Array(this.capacity);
    const bits = new Uint32Array(this.capacity * this.words);
    hashes.set(this.hashes);
    stateIds.set(this.stateIds);
    bits.set(this.bits);
    this.hashes = hashes;
    this.stateIds = stateIds;
    this.nextInBucket = nextInBucket; // rebuilt below
    this.bits = bits;
    // Re-bucket into twice as many buckets (load factor stays ≤ 1/2).
    this.heads = new Int32Array(this.capacity * 2).fill(-1);
    const mask = this.heads.length - 1;
    for (let i = 0; i < this.count; i++) {
      const bucket = this.hashes[i] & mask;
      this.nextInBucket[i] = this.heads[bucket];
      this.heads[bucket] = i;
    }
  }
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
function searchKey(records: readonly ClientRecord[], timedOut: () => boolean): SearchOutcome {
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

// ---------------------------------------------------------------------------------------------
// The violation, told to a student
// ---------------------------------------------------------------------------------------------

function explainViolation(
  key: string,
  keyRecords: readonly ClientRecord[],
  linearized: readonly ClientRecord[],
  unplaced: ClientRecord,
  stateBefore: RegisterValue,
): string {
  const when = unplaced.completedAt === undefined ? 'while pending' : `at ${unplaced.completedAt} ms`;
  const lastWrite = [...linearized].reverse().find((record) => record.op.type !== 'get');
  const stateThere =
    `In the longest consistent order the checker found (${linearized.length} operation` +
    `${linearized.length === 1 ? '' : 's'} of ${key}), ${key} is ${describeValue(stateBefore)} at that point` +
    (lastWrite === undefined ? ' (nothing written yet).' : `, last written by ${describeRecord(lastWrite)}.`);

  if (unplaced.op.type === 'get') {
    const got = unplaced.result ?? null;
    const shown = got === null ? 'null (key absent)' : JSON.stringify(got);
    const head = `${describeOp(unplaced.op)} by ${unplaced.client} returned ${shown} ${when}`;
    if (got !== null) {
      // A value is writable if some put writes it or some append could have produced its end.
      const writable = keyRecords.some(
        (record) =>
          (record.op.type === 'put' && record.op.value === got) ||
          (record.op.type === 'append' && got.endsWith(record.op.value)),
      );
      if (!writable) return `${head}, but no operation ever wrote ${describeValue(got)} to ${key}.`;
    }
    return `${head}, but no order of the operations explains it. ${stateThere}`;
  }
  const done = unplaced.completedAt === undefined ? 'is pending' : `completed at ${unplaced.completedAt} ms`;
  return (
    `${describeOp(unplaced.op)} by ${unplaced.client} ${done}, but no order of the operations explains ` +
    `the values read around it. ${stateThere}`
  );
}

function byInvocation(a: ClientRecord, b: ClientRecord): number {
  return a.invokedAt - b.invokedAt || a.id - b.id;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Decides whether a client history is linearizable against the key-value model. Throws (see
 * validateHistory) on invalid input. With `timeLimitMs`, returns `ok: 'unknown'` when the search
 * ran out of time without finding a violation.
 */
export function checkLinearizability(
  history: readonly ClientRecord[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  validateHistory(history);
  const { timeLimitMs } = options;
  if (timeLimitMs !== undefined && !(typeof timeLimitMs === 'number' && timeLimitMs >= 0)) {
    throw new Error(`Invalid option "timeLimitMs": must be a number ≥ 0, got ${describeGot(timeLimitMs)}`);
  }
  const timedOut = timeLimitMs === undefined ? () => false : makeTimer(performance.now() + timeLimitMs);

  // P-compositionality: one independent search per key, keys in order of first appearance.
  const byKey = new Map<string, ClientRecord[]>();
  for (const record of history) {
    const list = byKey.get(record.op.key);
    if (list === undefined) byKey.set(record.op.key, [record]);
    else list.push(record);
  }

  const undecided: string[] = [];
  for (const [key, records] of byKey) {
    const outcome = searchKey(records, timedOut);
    if (outcome.ok === 'unknown') {
      undecided.push(key);
      continue;
    }
    if (outcome.ok) continue;
    const linearized = outcome.linearized.map((operation) => operation.record);
    const unplaced = outcome.unplaced.record;
    return {
      ok: false,
      key,
      reason: explainViolation(key, records, linearized, unplaced, outcome.stateBefore),
      prefix: [...linearized, unplaced].sort(byInvocation),
      linearized,
      unplaced,
    };
  }
  if (undecided.length > 0) {
    const keys = undecided.map((key) => JSON.stringify(key)).join(', ');
    return {
      ok: 'unknown',
      reason:
        `The check ran out of its ${timeLimitMs} ms time limit before deciding key${undecided.length === 1 ? '' : 's'} ` +
        `${keys}; no violation was found in the ${byKey.size - undecided.length} other key${byKey.size - undecided.length === 1 ? '' : 's'}.`,
    };
  }
  return { ok: true };
}
