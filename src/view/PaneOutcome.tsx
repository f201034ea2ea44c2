// A compared run's outcome at the displayed time, in one line: who leads, the highest term, how
// many entries are committed, and its safety status (from its own live monitor). Each part that
// differs from the other pane's is marked, so a student sees *what* differs, not only that the
// events did.

import { useStore } from 'zustand';
import type { PaneData, PaneStore } from '../store/panes.ts';
import { formatTime } from '../store/describe.ts';
import { PROPERTY_NAMES } from '../check/invariants.ts';
import { usePane } from './pane.ts';

const SEP = '\u0001';

/** The outcome at the pane's displayed moment as one string (a stable selector result). */
export function outcomeKey(p: PaneData): string {
  const f = p.frame;
  let term = 0;
  let committed = 0;
  for (const n of f.nodes.values()) {
    term = Math.max(term, n.term);
    committed = Math.max(committed, n.commitIndex);
  }
  const shown = p.session.index.violations.filter((v) => v.event < f.traceLength);
  const names = [...new Set(shown.map((v) => PROPERTY_NAMES[v.property]))].join(', ');
  const first = shown[0];
  return [f.leader ?? '', term, committed, names, first === undefined ? '' : first.at].join(SEP);
}

interface Outcome {
  leader: string;
  term: string;
  committed: string;
  violated: string;
  firstAt: string;
}

function parse(key: string): Outcome {
  const [leader, term, committed, violated, firstAt] = key.split(SEP);
  return { leader, term, committed, violated, firstAt };
}

/** "Leader Completeness violated", or with more than one property "Leader Completeness violated, +1". */
function violatedWords(names: string): string {
  const list = names.split(', ');
  return list.length === 1 ? `${list[0]} violated` : `${list[0]} violated, +${list.length - 1}`;
}

/** This pane's outcome now, each part marked where `other`'s differs. */
export function PaneOutcome({ other, letter }: { other: PaneStore; letter: 'a' | 'b' }) {
  const mine = parse(usePane(outcomeKey));
  const theirs = parse(useStore(other, outcomeKey));
  const cls = (k: keyof Outcome) => (mine[k] !== theirs[k] ? 'po-part differs' : 'po-part');
  const n = Number(mine.committed);
  return (
    <span className="pane-outcome" data-testid={`outcome-${letter}`}>
      <span className={cls('leader')} data-aspect="leader">
        {mine.leader === '' ? 'no leader' : `leader ${mine.leader}`}
      </span>
      {' · '}
      <span className={cls('term')} data-aspect="term">
        term {mine.term}
      </span>
      {' · '}
      <span className={cls('committed')} data-aspect="committed">
        {n} committed
      </span>
      {' · '}
      {mine.violated === '' ? (
        <span className={`${cls('violated')} po-safe`} data-aspect="safety">
          ✓ safe
        </span>
      ) : (
        <span className={`${cls('violated')} po-violated`} data-aspect="safety" title={`${mine.violated} violated (first at ${formatTime(Number(mine.firstAt))})`}>
          ✗ {violatedWords(mine.violated)}
        </span>
      )}
    </span>
  );
}
