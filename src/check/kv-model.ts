// The sequential specification the linearizability checker compares client histories against:
// one key of the replicated key-value map, seen as an atomic register of strings.
//
//   put(k, v)     sets k to v
//   append(k, v)  sets k to (current value, or "" when k is absent) + v
//   get(k)        returns the current value, or null when k is absent
//
// Every ClientOp touches exactly one key, so the map is a product of independent registers and
// a history is linearizable iff its restriction to every key is (Herlihy & Wing's locality;
// Porcupine calls it P-compositionality). The checker therefore only needs this one-key model.

import type { ClientOp, ClientRecord } from '../sim/types.ts';

/** The value of one key: null when the key is absent. */
export type RegisterValue = string | null;

/** Runs `op` against a key holding `value`: the key's new value, and what a get returns. */
export function applyToRegister(
  value: RegisterValue,
  op: ClientOp,
): { value: RegisterValue; result: RegisterValue | undefined } {
  switch (op.type) {
    case 'put':
      return { value: op.value, result: undefined };
    case 'append':
      return { value: (value ?? '') + op.value, result: undefined };
    case 'get':
      return { value, result: value };
  }
}

/** `put(x, "1")`, `append(x, "ab")`, `get(x)`: an operation as a student reads it. */
export function describeOp(op: ClientOp): string {
  switch (op.type) {
    case 'put':
      return `put(${op.key}, ${JSON.stringify(op.value)})`;
    case 'append':
      return `append(${op.key}, ${JSON.stringify(op.value)})`;
    case 'get':
      return `get(${op.key})`;
  }
}

/** A register value for a sentence: `"1"` or `absent`. */
export function describeValue(value: RegisterValue): string {
  return value === null ? 'absent' : JSON.stringify(value);
}

/** `put(x, "1") by C1 (100–200 ms)`, `get(x) by C2 (pending since 300 ms)`. */
export function describeRecord(record: ClientRecord): string {
  const span =
    record.completedAt === undefined
      ? `pending since ${record.invokedAt} ms`
      : `${record.invokedAt}–${record.completedAt} ms`;
  return `${describeOp(record.op)} by ${record.client} (${span})`;
}
