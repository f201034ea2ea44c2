// Compare side by side: two cluster views of one seed and action script under the one toolbar
// and timeline, each titled with its difference ("A: PreVote off" / "B: PreVote on"), with
// where the runs diverge and the actions of the script each pane had to skip. Pane B is the same ClusterView
// reading compare pane B's store through a PaneProvider.

import { useCallback } from 'react';
import { pause, seek } from '../store/playback.ts';
import { advanceDivergence, exitCompare, useCompare } from '../store/compare.ts';
import { formatTime } from '../store/describe.ts';
import { ClusterView } from './stage/ClusterView.tsx';
import { useAnimationFrame } from './hooks.ts';
import { PaneProvider } from './pane.ts';
import { paneA, type PaneStore } from '../store/panes.ts';
import { PaneOutcome } from './PaneOutcome.tsx';
import { ASPECT_NAMES } from '../store/outcome.ts';
import { SkippedActions } from './SkippedActions.tsx';
import './compare.css';

export function ComparePanes() {
  const pane = useCompare((c) => c.pane);
  const titles = useCompare((c) => c.titles);
  // the divergence scout works a few milliseconds per frame, ahead of the display
  const frame = useCallback(() => advanceDivergence(), []);
  useAnimationFrame(frame);
  if (pane === null) return <ClusterView />;
  return (
    <div className="compare" data-testid="compare-panes">
      <CompareBar />
      <div className="compare-panes">
        <section className="compare-pane" aria-label={`Run A: ${titles.a}`} data-pane="a">
          <PaneHeader letter="A" title={titles.a} other={pane} />
          <ClusterView />
        </section>
        <PaneProvider value={pane}>
          <section className="compare-pane" aria-label={`Run B: ${titles.b}`} data-pane="b">
            <PaneHeader letter="B" title={titles.b} other={paneA} />
            <ClusterView />
          </section>
        </PaneProvider>
      </div>
    </div>
  );
}

function jumpTo(t: number): void {
  pause();
  seek(t);
}

function CompareBar() {
  const divergence = useCompare((c) => c.divergence);
  const comparedTo = useCompare((c) => c.comparedTo);
  const failed = useCompare((c) => c.scoutFailed);
  const same = useCompare((c) => c.titles.a === 'same options');
  const outcomes = useCompare((c) => c.outcomes);
  let status: React.ReactNode;
  if (divergence !== null) {
    status = (
      <>
        <ForkIcon />
        <strong>The runs diverge at {formatTime(divergence.at)}</strong>
        <button className="btn small" onClick={() => jumpTo(divergence.at)} data-testid="divergence-jump" title="Show both runs at the first event that differs">
          Jump there
        </button>
        <span className="compare-outcomes" data-testid="compare-outcomes">
          {outcomes.length === 0 ? (
            <span className="muted">same leader, term, commits and safety so far</span>
          ) : (
            <>
              <span className="muted">outcomes differ:</span>
              {outcomes.map((o) => (
                <button
                  key={o.aspect}
                  className={`btn small compare-outcome ${o.aspect}`}
                  onClick={() => jumpTo(o.at)}
                  title={`${formatTime(o.at)}: ${ASPECT_NAMES[o.aspect]} — A: ${o.a}; B: ${o.b}. Jump there.`}
                  data-testid={`outcome-jump-${o.aspect}`}
                >
                  {ASPECT_NAMES[o.aspect]} {formatTime(o.at)}
                </button>
              ))}
            </>
          )}
        </span>
      </>
    );
  } else if (failed) {
    status = <span>Could not look ahead for a divergence; both runs still play.</span>;
  } else {
    status = (
      <span className="muted">
        {same ? 'Same options: ' : ''}no divergence up to {formatTime(comparedTo)}
      </span>
    );
  }
  return (
    <div className="compare-bar" role="status" data-testid="compare-bar">
      <span className="compare-label">Compare</span>
      {status}
      <span className="spacer" />
      <span className="muted compare-note">You act on A; B replays the same actions.</span>
      <button className="btn small" onClick={exitCompare} data-testid="exit-compare" title="Back to one run (pane A)">
        Exit compare
      </button>
    </div>
  );
}

/** The timeline mark's glyph: one line forking in two (drawn, as not every font has ⑂). */
function ForkIcon() {
  return (
    <svg className="compare-fork" width="14" height="16" viewBox="0 0 14 16" aria-hidden="true">
      <path d="M7,15 L7,8 M7,8 L2,1 M7,8 L12,1" />
    </svg>
  );
}

/** The pane's letter, its difference, its outcome now (leader, term, committed, safety), and what it did where the runs diverge. */
function PaneHeader({ letter, title, other }: { letter: 'A' | 'B'; title: string; other: PaneStore }) {
  const diverged = useCompare((c) => (c.divergenceText === null ? null : letter === 'A' ? c.divergenceText.a : c.divergenceText.b));
  const at = useCompare((c) => c.divergence?.at ?? null);
  return (
    <header className="compare-pane-header">
      <div className="compare-title">
        <span className={`compare-letter pane-${letter.toLowerCase()}`}>{letter}</span>
        <strong data-testid={`pane-title-${letter.toLowerCase()}`}>{title}</strong>
        <span className="compare-leader">
          <PaneOutcome other={other} letter={letter === 'A' ? 'a' : 'b'} />
        </span>
      </div>
      {diverged !== null && at !== null && (
        <div className="compare-diverged" data-testid={`diverged-${letter.toLowerCase()}`} title={diverged}>
          at {formatTime(at)}: {diverged}
        </div>
      )}
      <SkippedActions label={`Skipped in ${letter}`} />
    </header>
  );
}
