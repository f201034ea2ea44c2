// An append-mostly list stored in fixed-size chunks, so that copying it (for a checkpoint)
// costs O(chunks), not O(items): full chunks are never written again and are shared between
// copies; only the last, partly filled chunk is owned by one list and copied by `copyList`.
// Items are addressed by absolute position `base + 1 .. base + length` (1-based, as log
// indexes are in the paper); positions up to `base` were discarded (compaction).

export const CHUNK_SIZE = 256;

export interface ChunkedList<T> {
  /** Number of items discarded from the front (the snapshot's last included index). */
  base: number;
  length: number;
  chunks: T[][];
}

export function emptyList<T>(base = 0): ChunkedList<T> {
  return { base, length: 0, chunks: [] };
}

/** Absolute position of the last item (base when empty). */
export function lastPosition<T>(list: ChunkedList<T>): number {
  return list.base + list.length;
}

/** The item at absolute position `pos` (base < pos ≤ base + length), else undefined. */
export function itemAt<T>(list: ChunkedList<T>, pos: number): T | undefined {
  const i = pos - list.base - 1;
  if (i < 0 || i >= list.length) return undefined;
  return list.chunks[(i / CHUNK_SIZE) | 0][i % CHUNK_SIZE];
}

export function pushItem<T>(list: ChunkedList<T>, item: T): void {
  const i = list.length;
  if (i % CHUNK_SIZE === 0) list.chunks.push([item]);
  else list.chunks[(i / CHUNK_SIZE) | 0].push(item);
  list.length = i + 1;
}

/** Removes every item at positions ≥ pos. Never writes into a chunk a copy may share. */
export function truncateFrom<T>(list: ChunkedList<T>, pos: number): void {
  const keep = Math.max(0, pos - list.base - 1);
  if (keep >= list.length) return;
  const full = (keep / CHUNK_SIZE) | 0;
  const rest = keep % CHUNK_SIZE;
  const chunks = list.chunks.slice(0, full);
  if (rest > 0) chunks.push(list.chunks[full].slice(0, rest));
  list.chunks = chunks;
  list.length = keep;
}

/** Items at positions from..to inclusive (clamped to what the list holds). */
export function sliceItems<T>(list: ChunkedList<T>, from: number, to: number): T[] {
  const out: T[] = [];
  const lo = Math.max(from, list.base + 1);
  const hi = Math.min(to, list.base + list.length);
  for (let p = lo; p <= hi; p++) out.push(itemAt(list, p) as T);
  return out;
}

/** A list that starts after position `newBase`, keeping the items that follow it. */
export function dropThrough<T>(list: ChunkedList<T>, newBase: number): ChunkedList<T> {
  const out = emptyList<T>(newBase);
  for (let p = Math.max(newBase + 1, list.base + 1); p <= list.base + list.length; p++) {
    pushItem(out, itemAt(list, p) as T);
  }
  return out;
}

/** A copy sharing every full chunk: O(number of chunks). */
export function copyList<T>(list: ChunkedList<T>): ChunkedList<T> {
  const chunks = list.chunks.slice();
  const last = chunks.length - 1;
  if (last >= 0 && chunks[last].length < CHUNK_SIZE) chunks[last] = chunks[last].slice();
  return { base: list.base, length: list.length, chunks };
}

export function listToArray<T>(list: ChunkedList<T>): T[] {
  return sliceItems(list, list.base + 1, list.base + list.length);
}
