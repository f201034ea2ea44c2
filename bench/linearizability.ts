// Benchmark: the linearizability checker on a realistic client history (issue 3, "Speed"):
// 10,000 operations over 10 keys from 5 clients, which must be decided in under 1 s.
//
//   npx tsx bench/linearizability.ts

import { pathToFileURL } from 'node:url';
import type { ClientOp, ClientRecord } from '../src/sim/types.ts';
import { checkLinearizability } from '../src/check/linearizability.ts';
import { applyToRegister, type RegisterValue } from '../src/check/kv-model.ts';

const OPERATIONS = 10_000;
const KEYS = 10;
const CLIENTS = 5;
const RUNS = 5;

/** mulberry32: a small seeded PRNG, so every run benchmarks the same history. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Five clients issue operations back to back (random think time, random latency, so operations
 * of different clients overlap) against an atomic key-value map: each operation takes effect at
 * a random instant inside its interval, and gets return the value at that instant. Mix: put 50%,
 * get 40%, append 10%. The last operation of some clients is left pending (its effect kept), as
 * at the end of a simulated run. Linearizable by construction.
 */
export function buildBenchHistory(seed = 42): ClientRecord[] {
  const random = prng(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const records: ClientRecord[] = [];
  const effectAt = new Map<ClientRecord, number>();
  const clientNow = Array.from({ length: CLIENTS }, () => 0);
  for (let i = 0; i < OPERATIONS; i++) {
    const client = i % CLIENTS;
    const key = `k${int(0, KEYS - 1)}`;
    const roll = random();
    const op: ClientOp =
      roll < 0.5
        ? { type: 'put', key, value: `v${i}` }
        : roll < 0.9
          ? { type: 'get', key }
          : { type: 'append', key, value: `+${i % 100}` };
    const invokedAt = clientNow[client] + int(0, 10);
    const completedAt = invokedAt + int(1, 60);
    clientNow[client] = completedAt;
    const record: ClientRecord = { id: i + 1, client: `C${client + 1}`, op, invokedAt, completedAt };
    records.push(record);
    effectAt.set(record, invokedAt + random() * (completedAt - invokedAt));
  }
  // Apply the operations to the atomic map in the order of their linearization points.
  const state = new Map<string, RegisterValue>();
  const inEffectOrder = [...records].sort((a, b) => (effectAt.get(a) as number) - (effectAt.get(b) as number));
  for (const record of inEffectOrder) {
    const outcome = applyToRegister(state.get(record.op.key) ?? null, record.op);
    state.set(record.op.key, outcome.value);
    if (record.op.type === 'get') record.result = outcome.result ?? null;
  }
  // The run ends with a few operations in flight.
  for (let client = 0; client < CLIENTS; client += 2) {
    const last = records[OPERATIONS - CLIENTS + client];
    delete last.completedAt;
    delete last.result;
  }
  return records;
}

export async function runLinearizabilityBench(): Promise<{ name: string; medianMs: number; ops: number }> {
  const history = buildBenchHistory();
  // One cold run first (JIT warm-up), reported separately; the median is over the warm runs.
  const coldStart = performance.now();
  checkLinearizability(history);
  const coldMs = performance.now() - coldStart;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = checkLinearizability(history);
    times.push(performance.now() - start);
    if (result.ok !== true) throw new Error(`benchmark history should be linearizable, got ${JSON.stringify(result)}`);
    await Promise.resolve();
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(RUNS / 2)];
  const name = `linearizability check: ${OPERATIONS} ops, ${KEYS} keys, ${CLIENTS} clients`;
  console.log(`${name}: median ${medianMs.toFixed(1)} ms over ${RUNS} runs, first (cold) run ${coldMs.toFixed(1)} ms (target < 1000 ms)`);
  return { name, medianMs, ops: OPERATIONS };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runLinearizabilityBench();
}
