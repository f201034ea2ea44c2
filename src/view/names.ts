// Server names drawn in a small space: shortened from the side they share with the other
// names, never through the part that tells them apart. The classic lab's servers are
// 127.0.0.1:8001 … 127.0.0.1:8005: cut from the end they all read "127.0.0.1…"; cut from the
// start they read "…:8001". Every place that draws a server's name (stage, log grid, space-time,
// charts, panel chips, menus) asks shortName, so a name reads the same everywhere.

/** Where a name may be cut cleanly. */
const SEPARATORS = '.:-_/@ ';

/** Length of the prefix a and b share. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the suffix a and b share. */
function commonSuffix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * The part of `id` that tells it apart from the other names: [start, end) — after the longest
 * prefix and before the longest suffix it shares with any one of them. A name that is a prefix
 * of another (S1, S10) has an empty difference at its end: the whole name's tail counts.
 */
export function distinguishingPart(id: string, all: readonly string[]): { start: number; end: number } {
  let prefix = 0;
  let suffix = 0;
  for (const other of all) {
    if (other === id) continue;
    prefix = Math.max(prefix, commonPrefix(id, other));
    suffix = Math.max(suffix, commonSuffix(id, other));
  }
  let start = Math.min(prefix, id.length);
  let end = Math.max(id.length - suffix, 0);
  if (end <= start) {
    // the shared prefix and suffix overlap (e.g. "ab" and "aab"): keep the tail after the prefix, or the last character
    start = Math.min(start, id.length - 1);
    end = id.length;
  }
  return { start: Math.max(0, start), end };
}

/**
 * `id` in at most `max` characters (`…` counts as one): the characters that tell it apart from
 * `all` kept, the shared part cut — from the start when the names share their beginning
 * (`…:8001`), from the end when they share their end (`alpha…`), from both around a
 * difference in the middle. A difference longer than the room keeps its beginning.
 */
export function shortName(id: string, all: readonly string[], max: number): string {
  if (id.length <= max) return id;
  if (max <= 1) return '…';
  const { start, end } = distinguishingPart(id, all);
  const window = (room: number): number => Math.max(0, Math.min(start, end - room));
  let room = max - 1;
  let from = window(room);
  if (from > 0 && from + room < id.length) {
    // cut on both sides: two ellipses
    room = max - 2;
    from = window(room);
  }
  if (room <= 0) return '…';
  if (from > 0) {
    // start clean, at a separator of the shared part ("…:8001", "…0.1:8001" — a dot after the
    // ellipsis reads as a fourth dot, so it goes too)
    for (let j = from; j < start; j++) {
      if (SEPARATORS.includes(id[j])) {
        from = id[j] === '.' ? j + 1 : j;
        break;
      }
    }
  }
  const head = from > 0 ? '…' : '';
  const tail = from + room < id.length ? '…' : '';
  return head + id.slice(from, from + room) + tail;
}

/** shortName for a width in pixels at a font size (an average character is ~0.6 em wide). */
export function shortNameFor(id: string, all: readonly string[], widthPx: number, fontPx: number): string {
  return shortName(id, all, Math.max(2, Math.floor(widthPx / (fontPx * 0.6))));
}
