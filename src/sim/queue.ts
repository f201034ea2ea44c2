// The discrete-event queue: a binary min-heap over plain-data events ordered by
// (time, insertion sequence), so simultaneous events run in the order they were scheduled.

export type SimEvent =
  | { kind: 'boot'; at: number; seq: number }
  | { kind: 'deliver'; at: number; seq: number; message: number }
  | { kind: 'timer'; at: number; seq: number; node: string; timer: 'election' | 'heartbeat' }
  | { kind: 'client'; at: number; seq: number; client: string }
  | { kind: 'workload'; at: number; seq: number }
  | { kind: 'disk'; at: number; seq: number; node: string; write: number };

function before(a: SimEvent, b: SimEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export function heapPush(heap: SimEvent[], e: SimEvent): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(e, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = e;
}

export function heapPop(heap: SimEvent[]): SimEvent | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  let i = 0;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(heap[r], heap[l]) ? r : l;
    if (!before(heap[c], last)) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
  return top;
}

export function heapPeek(heap: readonly SimEvent[]): SimEvent | undefined {
  return heap[0];
}
