// The library dialog's model, pure: its entries (lectures, experiments and challenges, each with
// its kind), the search, the grouping by topic, the count's words, and moving between cards with
// the arrow keys.

import type { LectureInfo } from '../../scenario/library/index.ts';
import type { ExperimentInfo } from '../../experiment/catalog.ts';
import type { ChallengeInfo } from '../../challenge/info.ts';

/** What the library offers; the dialog labels every entry that is not a lecture with its kind. */
export type LibraryKind = 'lecture' | 'experiment' | 'challenge';

export interface LibraryEntry {
  id: string;
  kind: LibraryKind;
  topic: string;
  title: string;
  /** Markdown. */
  description: string;
  /** One line under the title: servers, steps, questions. */
  meta: string;
  /** The heading over its topic's heading, when its kind has one ('Challenges'); searched too. */
  group?: string;
}

export function lectureEntries(lectures: readonly LectureInfo[]): LibraryEntry[] {
  return lectures.map((e) => ({
    id: e.id,
    kind: 'lecture',
    topic: e.topic,
    title: e.title,
    description: e.description,
    meta: `${e.servers} servers · ${e.steps} step${e.steps === 1 ? '' : 's'}${e.questions ? ' · questions' : ''}`,
  }));
}

/** The built-in experiments, under their own topic. */
export function experimentEntries(experiments: readonly ExperimentInfo[]): LibraryEntry[] {
  return experiments.map((e) => ({ id: e.id, kind: 'experiment', topic: 'Experiments', title: e.title, description: e.description, meta: e.meta }));
}

/** The built-in challenges, under the heading Challenges, grouped by their topic (Elections, Broken Raft, …). */
export function challengeEntries(challenges: readonly ChallengeInfo[], solved: (id: string) => boolean = () => false): LibraryEntry[] {
  return challenges.map((c) => ({ id: c.id, kind: 'challenge', group: 'Challenges', topic: c.topic, title: c.title, description: c.description, meta: `${solved(c.id) ? '✓ solved · ' : ''}${c.meta}` }));
}

const KIND_NAMES: Record<LibraryKind, [string, string]> = { lecture: ['lecture', 'lectures'], experiment: ['experiment', 'experiments'], challenge: ['challenge', 'challenges'] };

/** What the library holds, in words: "16 lectures, 4 experiments and 15 challenges". */
export function countWords(entries: readonly LibraryEntry[]): string {
  const parts: string[] = [];
  for (const kind of Object.keys(KIND_NAMES) as LibraryKind[]) {
    const n = entries.filter((e) => e.kind === kind).length;
    if (n > 0) parts.push(`${n} ${KIND_NAMES[kind][n === 1 ? 0 : 1]}`);
  }
  if (parts.length === 0) return 'nothing';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The count beside the search field: everything, or how many of all match. */
export function countText(found: readonly LibraryEntry[], all: readonly LibraryEntry[]): string {
  return found.length === all.length ? countWords(all) : `${found.length} of ${all.length} match: ${countWords(found)}`;
}

/** Lower case, without accents or markdown marks, for matching. */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[`*_]/g, '')
    .toLowerCase();
}

/** The entries whose title, topic, description, kind or line hold every word of `query` (any order, any case). */
export function searchLibrary(entries: readonly LibraryEntry[], query: string): LibraryEntry[] {
  const words = fold(query).split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const text = fold(`${e.title} ${e.topic} ${e.group ?? ''} ${e.description} ${e.kind} ${e.id} ${e.meta}`);
    return words.every((w) => text.includes(w));
  });
}

export interface TopicGroup {
  /** The heading over the topic (challenges), or undefined. */
  group?: string;
  topic: string;
  entries: LibraryEntry[];
}

/** Entries grouped by topic, topics in the order they first appear; a topic under a heading (the challenges' Elections) is not the lectures' one. */
export function byTopic(entries: readonly LibraryEntry[]): TopicGroup[] {
  const out: TopicGroup[] = [];
  for (const e of entries) {
    let g = out.find((x) => x.topic === e.topic && x.group === e.group);
    if (g === undefined) {
      g = { group: e.group, topic: e.topic, entries: [] };
      out.push(g);
    }
    g.entries.push(e);
  }
  return out;
}

export interface CardBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The card an arrow key moves to from card `at`, among boxes in reading order (cards flow in
 * columns, or in rows): ← → the previous and next card; ↑ ↓ the nearest card above or below in
 * the same column, else the card of the next row that way whose centre is nearest across; Home and
 * End the first and last. Null: not a move, or no card that way.
 */
export function moveInGrid(boxes: readonly CardBox[], at: number, key: string): number | null {
  if (boxes.length === 0) return null;
  switch (key) {
    case 'ArrowLeft':
      return at > 0 ? at - 1 : null;
    case 'ArrowRight':
      return at < boxes.length - 1 ? at + 1 : null;
    case 'Home':
      return 0;
    case 'End':
      return boxes.length - 1;
    case 'ArrowUp':
    case 'ArrowDown': {
      const here = boxes[at];
      const down = key === 'ArrowDown';
      const cx = here.x + here.width / 2;
      const isPast = (b: CardBox) => (down ? b.y >= here.y + here.height - 1 : b.y + b.height <= here.y + 1);
      // in the same column (cards flow in columns, topic by topic): the nearest card that way
      let column: number | null = null;
      boxes.forEach((b, i) => {
        if (!isPast(b) || b.x >= here.x + here.width || b.x + b.width <= here.x) return;
        if (column === null || (down ? b.y < boxes[column].y : b.y > boxes[column].y)) column = i;
      });
      if (column !== null) return column;
      // the nearest row that way: the smallest vertical step to a card entirely past this one
      let rowY: number | null = null;
      for (const b of boxes) {
        if (isPast(b) && (rowY === null || (down ? b.y < rowY : b.y > rowY))) rowY = b.y;
      }
      if (rowY === null) return null;
      let best: number | null = null;
      let bestD = Infinity;
      boxes.forEach((b, i) => {
        if (Math.abs(b.y - rowY) > 1) return;
        const d = Math.abs(b.x + b.width / 2 - cx);
        if (d < bestD) {
          best = i;
          bestD = d;
        }
      });
      return best;
    }
    default:
      return null;
  }
}
