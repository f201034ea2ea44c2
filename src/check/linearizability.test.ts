import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ClientOp, ClientRecord } from '../sim/types.ts';
import { checkLinearizability, validateHistory, type LinearizabilityViolation } from './linearizability.ts';
import { applyToRegister, type RegisterValue } from './kv-model.ts';

// ---------------------------------------------------------------------------------------------
// Hand-written histories. `[from, to]` is the operation's interval in ms; `to` omitted = pending.
// ---------------------------------------------------------------------------------------------

class HistoryBuilder {
  readonly records: ClientRecord[] = [];

  private add(client: string, op: ClientOp, from: number, to?: number, result?: string | null): ClientRecord {
    const record: ClientRecord = { id: this.records.length + 1, client, op, invokedAt: from };
    if (to !== undefined) record.completedAt = to;
    if (result !== undefined) record.result = result;
    this.records.push(record);
    return record;
  }
  put(client: string, key: string, value: string, from: number, to?: number): ClientRecord {
    return this.add(client, { type: 'put', key, value }, from, to);
  }
  append(client: string, key: string, value: string, from: number, to?: number): ClientRecord {
    return this.add(client, { type: 'append', key, value }, from, to);
  }
  /** A completed get returning `result` (null: key absent). */
  get(client: string, key: string, result: string | null, from: number, to: number): ClientRecord {
    return this.add(client, { type: 'get', key }, from, to, result);
  }
  pendingGet(client: string, key: string, from: number): ClientRecord {
    return this.add(client, { type: 'get', key }, from);
  }
}

function check(h: HistoryBuilder) {
  return checkLinearizability(h.records);
}

function expectViolation(h: HistoryBuilder): LinearizabilityViolation {
  const result = check(h);
  if (result.ok !== false) throw new Error(`expected a violation, got ${JSON.stringify(result)}`);
  return result;
}

describe('checkLinearizability: linearizable histories', () => {
  it('accepts the empty history', () => {
    expect(checkLinearizability([])).toEqual({ ok: true });
  });

  it('accepts a sequential history that follows the model', () => {
    const h = new HistoryBuilder();
    h.get('C1', 'x', null, 0, 10);
    h.put('C1', 'x', '1', 20, 30);
    h.get('C2', 'x', '1', 40, 50);
    h.put('C2', 'x', '2', 60, 70);
    h.get('C1', 'x', '2', 80, 90);
    expect(check(h)).toEqual({ ok: true });
  });

  it('accepts a get overlapping a put whichever side of the put it read', () => {
    for (const seen of [null, '1']) {
      const h = new HistoryBuilder();
      h.put('C1', 'x', '1', 0, 100);
      h.get('C2', 'x', seen, 10, 50);
      expect(check(h)).toEqual({ ok: true });
    }
  });

  it('accepts two concurrent puts read in either order', () => {
    for (const [first, second] of [['1', '2'], ['2', '1']]) {
      const h = new HistoryBuilder();
      h.put('C1', 'x', '1', 0, 100);
      h.put('C2', 'x', '2', 0, 100);
      h.get('C3', 'x', first, 10, 20);
      h.get('C3', 'x', second, 30, 40);
      expect(check(h)).toEqual({ ok: true });
    }
  });

  it('applies appends in some order, an absent key counting as ""', () => {
    for (const seen of ['ab', 'ba']) {
      const h = new HistoryBuilder();
      h.append('C1', 'x', 'a', 0, 50);
      h.append('C2', 'x', 'b', 0, 50);
      h.get('C3', 'x', seen, 60, 70);
      h.append('C3', 'x', 'c', 80, 90);
      h.get('C1', 'x', `${seen}c`, 100, 110);
      expect(check(h)).toEqual({ ok: true });
    }
  });

  it('treats operations that only touch at one millisecond as concurrent', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    h.get('C2', 'x', null, 10, 20);
    expect(check(h)).toEqual({ ok: true });
  });

  it('accepts a pending put whose effect was observed', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0);
    h.get('C2', 'x', '1', 50, 60);
    h.get('C2', 'x', '1', 70, 80);
    expect(check(h)).toEqual({ ok: true });
  });

  it('accepts a pending put whose effect was never observed', () => {
    const h = new HistoryBuilder();
    h.put('C2', 'x', '0', 0, 5);
    h.put('C1', 'x', '1', 10);
    h.get('C2', 'x', '0', 50, 60);
    h.get('C2', 'x', '0', 70, 80);
    expect(check(h)).toEqual({ ok: true });
  });

  it('accepts a pending put that took effect late, between two reads', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0);
    h.get('C2', 'x', null, 50, 60);
    h.get('C2', 'x', '1', 70, 80);
    expect(check(h)).toEqual({ ok: true });
  });

  it('ignores a pending get (its result, if any, was never delivered)', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    const pending = h.pendingGet('C2', 'x', 20);
    pending.result = 'garbage';
    expect(check(h)).toEqual({ ok: true });
  });

  it('checks keys independently: interleaved operations on x and y', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    h.put('C2', 'y', '1', 5, 15);
    h.get('C3', 'y', '1', 20, 30);
    h.get('C3', 'x', '1', 40, 50);
    h.put('C1', 'y', '2', 40, 60);
    h.get('C2', 'x', '1', 55, 65);
    h.get('C2', 'y', '2', 70, 75);
    expect(check(h)).toEqual({ ok: true });
  });
});

describe('checkLinearizability: violations', () => {
  it('catches a stale read after a completed put, and says why', () => {
    const h = new HistoryBuilder();
    const put = h.put('C1', 'x', '1', 0, 10);
    const get = h.get('C2', 'x', null, 20, 30);
    const violation = expectViolation(h);
    expect(violation.key).toBe('x');
    expect(violation.unplaced).toBe(get);
    expect(violation.linearized).toEqual([put]);
    expect(violation.prefix).toEqual([put, get]);
    expect(violation.reason).toBe(
      'get(x) by C2 returned null (key absent) at 30 ms, but no order of the operations explains it. ' +
        'In the longest consistent order the checker found (1 operation of x), x is "1" at that point, ' +
        'last written by put(x, "1") by C1 (0–10 ms).',
    );
  });

  it('catches a read of a value that was never written', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    const get = h.get('C2', 'x', '5', 300, 340);
    const violation = expectViolation(h);
    expect(violation.unplaced).toBe(get);
    expect(violation.reason).toBe('get(x) by C2 returned "5" at 340 ms, but no operation ever wrote "5" to x.');
  });

  it('catches a read that missed an append', () => {
    const h = new HistoryBuilder();
    h.append('C1', 'x', 'a', 0, 10);
    h.append('C2', 'x', 'b', 0, 10);
    const get = h.get('C3', 'x', 'a', 20, 30);
    const violation = expectViolation(h);
    expect(violation.unplaced).toBe(get);
    expect(violation.reason).toMatch(/^get\(x\) by C3 returned "a" at 30 ms, but no order of the operations explains it/);
  });

  it('catches a read that goes back in time (two readers during a slow put)', () => {
    // C3 sees the new value "2" while the put is in flight, so the put took effect before 40 ms;
    // C4 then reads the old value "1" at 50–60 ms: the value went back in time.
    const h = new HistoryBuilder();
    const put1 = h.put('C1', 'x', '1', 0, 10);
    const put2 = h.put('C2', 'x', '2', 20, 100);
    const newRead = h.get('C3', 'x', '2', 30, 40);
    const oldRead = h.get('C4', 'x', '1', 50, 60);
    const violation = expectViolation(h);
    expect(violation.key).toBe('x');
    expect(violation.unplaced).toBe(oldRead);
    expect(violation.linearized).toEqual([put1, put2, newRead]);
    expect(violation.prefix.map((r) => r.id)).toEqual([put1.id, put2.id, newRead.id, oldRead.id]);
    expect(violation.reason).toContain('get(x) by C4 returned "1" at 60 ms, but no order of the operations explains it');
    expect(violation.reason).toContain('x is "2" at that point, last written by put(x, "2") by C2 (20–100 ms)');
  });

  it('catches a pending put that was observed and then un-observed', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0);
    h.get('C2', 'x', '1', 10, 20);
    const get = h.get('C2', 'x', null, 30, 40);
    expect(expectViolation(h).unplaced).toBe(get);
  });

  it('reports the key that fails, whatever the other keys do', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    h.get('C2', 'x', '1', 20, 30);
    h.put('C1', 'y', '1', 20, 30);
    h.get('C2', 'y', null, 40, 50);
    h.get('C3', 'x', '1', 40, 50);
    const violation = expectViolation(h);
    expect(violation.key).toBe('y');
    expect(violation.prefix.every((record) => record.op.key === 'y')).toBe(true);
  });

  it('blames the read, not the write, when a read misses a completed put', () => {
    // The put of "b" completes before the read starts, yet the read returns the earlier value "a":
    // the read is the operation that cannot be placed after both puts.
    const h = new HistoryBuilder();
    h.put('C1', 'x', 'a', 0, 10);
    h.put('C2', 'x', 'b', 20, 30);
    h.get('C1', 'x', 'a', 40, 50);
    const violation = expectViolation(h);
    expect(violation.unplaced.op.type).toBe('get');
    expect(violation.linearized.map((r) => r.op)).toEqual([
      { type: 'put', key: 'x', value: 'a' },
      { type: 'put', key: 'x', value: 'b' },
    ]);
  });
});

describe('checkLinearizability: pending writes nobody observed', () => {
  it('are left out, so that forty of them do not make the search try every subset', () => {
    // Without dropping them the search would try 2^40 subsets before giving up on the last read.
    const h = new HistoryBuilder();
    for (let c = 0; c < 40; c++) h.put(`P${c}`, 'x', `p${c}`, c);
    h.put('W', 'x', 'q', 0, 5000);
    h.get('R', 'x', null, 100, 110);
    h.get('R', 'x', 'q', 120, 130);
    const last = h.get('R', 'x', null, 140, 150);
    const result = checkLinearizability(h.records, { timeLimitMs: 20_000 });
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.unplaced).toBe(last);
  });

  it('are still used when some get saw a value they could have produced', () => {
    const h = new HistoryBuilder();
    h.append('C1', 'x', 'a', 0);
    h.append('C2', 'x', 'b', 0, 10);
    h.get('C3', 'x', 'ba', 20, 30);
    expect(check(h)).toEqual({ ok: true });
  });
});

describe('checkLinearizability: time limit', () => {
  it('returns unknown when the time limit runs out before a decision', () => {
    const h = new HistoryBuilder();
    for (let i = 0; i < 20_000; i++) h.put('C1', 'x', String(i), 10 * i, 10 * i + 5);
    const result = checkLinearizability(h.records, { timeLimitMs: 0 });
    expect(result.ok).toBe('unknown');
    if (result.ok === 'unknown') expect(result.reason).toContain('"x"');
  });

  it('still decides small histories within a generous limit', () => {
    const h = new HistoryBuilder();
    h.put('C1', 'x', '1', 0, 10);
    expect(checkLinearizability(h.records, { timeLimitMs: 10_000 })).toEqual({ ok: true });
  });
});

describe('validateHistory: bad input names the record and the field', () => {
  const good = (): Record<string, unknown> => ({
    id: 7,
    client: 'C1',
    op: { type: 'get', key: 'x' },
    invokedAt: 10,
    completedAt: 20,
    result: null,
  });
  const bad = (history: unknown): (() => void) => () => validateHistory(history);

  it('accepts a valid history', () => {
    expect(bad([good()])).not.toThrow();
  });
  it('rejects something that is not an array', () => {
    expect(bad('nope')).toThrow(/expected an array of client records, got "nope"/);
    expect(() => checkLinearizability({} as unknown as ClientRecord[])).toThrow(/expected an array/);
  });
  it('rejects a record that is not an object, or has no id', () => {
    expect(bad([good(), 3])).toThrow(/history\[1\] must be a client record object/);
    expect(bad([{ ...good(), id: undefined }])).toThrow(/history\[0\], field "id" must be a number/);
  });
  it('rejects a record missing a field', () => {
    const { op: _op, ...noOp } = good();
    expect(bad([noOp])).toThrow(/record id 7 \(history\[0\]\), field "op" must be an operation object/);
    expect(bad([{ ...good(), client: undefined }])).toThrow(/record id 7 .*field "client"/);
    expect(bad([{ ...good(), invokedAt: 'soon' }])).toThrow(/record id 7 .*field "invokedAt" must be a finite number/);
    expect(bad([{ ...good(), op: { type: 'put', key: 'x' } }])).toThrow(/record id 7 .*field "op.value" must be a string/);
    expect(bad([{ ...good(), op: { type: 'get' } }])).toThrow(/record id 7 .*field "op.key" must be a string/);
  });
  it('rejects completedAt before invokedAt', () => {
    expect(bad([{ ...good(), invokedAt: 30, completedAt: 20 }])).toThrow(
      /record id 7 \(history\[0\]\), field "completedAt" \(20\) is before invokedAt \(30\)/,
    );
  });
  it('rejects an unknown op type', () => {
    expect(bad([{ ...good(), op: { type: 'delete', key: 'x' } }])).toThrow(
      /record id 7 .*field "op.type" must be "put", "get" or "append", got "delete"/,
    );
  });
  it('rejects a completed get without a result, and a result of the wrong type', () => {
    const { result: _result, ...noResult } = good();
    expect(bad([noResult])).toThrow(/record id 7 .*field "result" is missing/);
    expect(bad([{ ...good(), result: 3 }])).toThrow(/record id 7 .*field "result" must be a string, null or absent/);
  });
  it('rejects duplicate ids', () => {
    expect(bad([good(), { ...good(), client: 'C2' }])).toThrow(/record id 7 \(history\[1\]\), field "id" duplicates/);
  });
  it('rejects a client with two overlapping operations', () => {
    const second = { ...good(), id: 8, invokedAt: 15, completedAt: 25 };
    expect(bad([good(), second])).toThrow(
      /record id 8 \(history\[1\]\), field "invokedAt" \(15\): client "C1" already has record id 7 outstanding 10–20 ms/,
    );
  });
  it('rejects a client issuing an operation while another is pending', () => {
    const { completedAt: _c, ...pending } = good();
    const later = { ...good(), id: 8, invokedAt: 100, completedAt: 110 };
    expect(bad([pending, later])).toThrow(/record id 8 .*client "C1" already has record id 7 still pending since 10 ms/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

type Fate = 'completed' | 'pending-applied' | 'pending-lost';

interface Step {
  op: ClientOp;
  gap: number;
  duration: number;
  widenBefore: number;
  widenAfter: number;
  fate: Fate;
}

const keyArb = fc.constantFrom('x', 'y', 'z');
const valueArb = fc.constantFrom('a', 'b', 'c', 'ab');
const opArb: fc.Arbitrary<ClientOp> = fc.oneof(
  fc.record({ type: fc.constant('put' as const), key: keyArb, value: valueArb }),
  fc.record({ type: fc.constant('get' as const), key: keyArb }),
  fc.record({ type: fc.constant('append' as const), key: keyArb, value: valueArb }),
);
const stepArb: fc.Arbitrary<Step> = fc.record({
  op: opArb,
  gap: fc.nat(5),
  duration: fc.nat(5),
  widenBefore: fc.nat(40),
  widenAfter: fc.nat(40),
  fate: fc.constantFrom<Fate>('completed', 'completed', 'completed', 'completed', 'pending-applied', 'pending-lost'),
});

/**
 * Runs the steps one after another against the model (each in its own, non-overlapping
 * interval, linearized inside it), then widens every interval at random so that they overlap,
 * and finally hands the operations to as few clients as keep one operation outstanding per
 * client. Widening keeps each linearization point inside its interval: the result is
 * linearizable by construction.
 */
function linearizableHistory(steps: readonly Step[]): ClientRecord[] {
  const state = new Map<string, RegisterValue>();
  const records: ClientRecord[] = [];
  let now = 100;
  steps.forEach((step, index) => {
    const invokedAt = now + step.gap;
    const completedAt = invokedAt + step.duration;
    now = completedAt + 1;
    let result: RegisterValue | undefined;
    if (step.fate !== 'pending-lost') {
      const outcome = applyToRegister(state.get(step.op.key) ?? null, step.op);
      state.set(step.op.key, outcome.value);
      result = outcome.result;
    }
    const record: ClientRecord = { id: index + 1, client: '', op: step.op, invokedAt: Math.max(0, invokedAt - step.widenBefore) };
    if (step.fate === 'completed') {
      record.completedAt = completedAt + step.widenAfter;
      if (step.op.type === 'get') record.result = result ?? null;
    }
    records.push(record);
  });
  // Greedy interval colouring into clients (a pending operation occupies its client forever).
  const busyUntil: number[] = [];
  for (const record of [...records].sort((a, b) => a.invokedAt - b.invokedAt || a.id - b.id)) {
    let client = busyUntil.findIndex((until) => until <= record.invokedAt);
    if (client < 0) client = busyUntil.push(0) - 1;
    busyUntil[client] = record.completedAt ?? Number.POSITIVE_INFINITY;
    record.client = `C${client + 1}`;
  }
  return records;
}

describe('checkLinearizability: properties', () => {
  it('accepts every history produced by a sequential run with widened intervals', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const history = linearizableHistory(steps);
        expect(checkLinearizability(history)).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects such a history once one completed get returns a value never written', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), fc.nat(), (steps, pick) => {
        const history = linearizableHistory(steps);
        const gets = history.filter((r) => r.op.type === 'get' && r.completedAt !== undefined);
        fc.pre(gets.length > 0);
        const mutated = gets[pick % gets.length];
        mutated.result = '#never-written';
        const result = checkLinearizability(history);
        expect(result.ok).toBe(false);
        if (result.ok === false) {
          expect(result.key).toBe(mutated.op.key);
          expect(result.prefix).toContain(result.unplaced);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Against an oracle: plain Wing & Gong without any of the optimisations, on small random histories
// (linearizable or not), must agree with the checker.
// ---------------------------------------------------------------------------------------------

/** Tries every order that respects real time; pending operations may be left out. */
function bruteForceLinearizable(history: readonly ClientRecord[]): boolean {
  const done = new Array<boolean>(history.length).fill(false);
  const state = new Map<string, RegisterValue>();
  const search = (): boolean => {
    const open = history.filter((_, i) => !done[i]);
    if (open.every((r) => r.completedAt === undefined)) return true;
    // An operation may go next only if no other open operation completed before it was invoked.
    const earliestReturn = Math.min(...open.map((r) => r.completedAt ?? Number.POSITIVE_INFINITY));
    for (let i = 0; i < history.length; i++) {
      const record = history[i];
      if (done[i] || record.invokedAt > earliestReturn) continue;
      const before = state.get(record.op.key) ?? null;
      const outcome = applyToRegister(before, record.op);
      if (record.op.type === 'get' && record.completedAt !== undefined && outcome.result !== record.result) continue;
      done[i] = true;
      state.set(record.op.key, outcome.value);
      const found = search();
      done[i] = false;
      state.set(record.op.key, before);
      if (found) return true;
    }
    return false;
  };
  return search();
}

const randomRecordArb = fc.record({
  op: fc.oneof(
    fc.record({ type: fc.constant('put' as const), key: fc.constantFrom('x', 'y'), value: fc.constantFrom('a', 'b') }),
    fc.record({ type: fc.constant('get' as const), key: fc.constantFrom('x', 'y') }),
    fc.record({ type: fc.constant('append' as const), key: fc.constantFrom('x', 'y'), value: fc.constantFrom('a', 'b') }),
  ),
  invokedAt: fc.nat(30),
  duration: fc.nat(15),
  pending: fc.nat(4).map((n) => n === 0),
  result: fc.constantFrom<string | null>(null, 'a', 'b', 'ab', 'ba', 'aa', 'bb'),
});

describe('checkLinearizability: agrees with a brute-force oracle', () => {
  it('on random small histories, linearizable or not', () => {
    fc.assert(
      fc.property(fc.array(randomRecordArb, { maxLength: 7 }), (drawn) => {
        const history: ClientRecord[] = drawn.map((d, i) => {
          const record: ClientRecord = { id: i + 1, client: `C${i + 1}`, op: d.op, invokedAt: d.invokedAt };
          if (!d.pending) {
            record.completedAt = d.invokedAt + d.duration;
            if (d.op.type === 'get') record.result = d.result;
          }
          return record;
        });
        const verdict = checkLinearizability(history);
        expect(verdict.ok).toBe(bruteForceLinearizable(history));
      }),
      { numRuns: 3000 },
    );
  });
});
