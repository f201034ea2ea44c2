// A linearizability violation, told to a student.

import type { ClientRecord } from '../../sim/types.ts';
import { describeOp, describeRecord, describeValue, type RegisterValue } from '../kv-model.ts';

export function explainViolation(
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

export function byInvocation(a: ClientRecord, b: ClientRecord): number {
  return a.invokedAt - b.invokedAt || a.id - b.id;
}
