// The timeline's mark where the two runs of a comparison first differ: a dashed line across
// the track with a fork glyph; its tooltip says what each run did there, and a click jumps there.
// Where an outcome first differs (leader, term, committed entries, safety) a small flag, named.

import { pause, seek } from '../store/playback.ts';
import { useCompare } from '../store/compare.ts';
import { formatTime } from '../store/describe.ts';
import { ASPECT_NAMES, type OutcomeDifference } from '../store/outcome.ts';

/** The latest of the divergence and the outcome differences while comparing (the timeline keeps them in view), else 0. */
export function useDivergenceAt(): number {
  return useCompare((c) => Math.max(c.divergence?.at ?? 0, ...c.outcomes.map((o) => o.at)));
}

/** Flags where each outcome first differs. */
export function OutcomeMarks({ x }: { x: (v: number) => number }) {
  const outcomes = useCompare((c) => c.outcomes);
  return (
    <g>
      {outcomes.map((o, i) => (
        <OutcomeFlag key={o.aspect} o={o} px={x(o.at)} row={i} />
      ))}
    </g>
  );
}

function OutcomeFlag({ o, px, row }: { o: OutcomeDifference; px: number; row: number }) {
  const label = `${formatTime(o.at)}: ${ASPECT_NAMES[o.aspect]} first differ — A: ${o.a}; B: ${o.b}`;
  const y = 14 + (row % 3) * 9;
  return (
    <TimelineMark kind="tl-outcome" at={o.at} px={px} label={label} className={o.aspect} testId={`outcome-mark-${o.aspect}`}>
      <path className="tl-outcome-flag" d={`M${px},${y - 4} L${px + 9},${y} L${px},${y + 4} Z`} />
    </TimelineMark>
  );
}

export function DivergenceMark({ x }: { x: (v: number) => number }) {
  const d = useCompare((c) => c.divergence);
  const text = useCompare((c) => c.divergenceText);
  if (d === null || text === null) return null;
  const px = x(d.at);
  const label = `${formatTime(d.at)}: the runs diverge here — A: ${text.a} / B: ${text.b}`;
  return (
    <TimelineMark kind="tl-divergence" at={d.at} px={px} label={label} testId="divergence-mark">
      <rect x={px - 7} y={2} width={14} height={44} fill="transparent" />
      <path className="tl-divergence-fork" d={`M${px},44 L${px},34 M${px},34 L${px - 5},26 M${px},34 L${px + 5},26`} />
      <circle className="tl-divergence-dot" cx={px} cy={8} r={4} />
    </TimelineMark>
  );
}

/**
 * A mark of `kind` at `at` (drawn at x = `px`): a dashed line across the track and the glyph in
 * `children`; it jumps to `at` when clicked or pressed (Enter, Space), without starting a drag.
 */
function TimelineMark({ kind, at, px, label, className, testId, children }: { kind: 'tl-divergence' | 'tl-outcome'; at: number; px: number; label: string; className?: string; testId: string; children: React.ReactNode }) {
  const jump = () => {
    pause();
    seek(at);
  };
  return (
    <g
      className={className === undefined ? kind : `${kind} ${className}`}
      data-testid={testId}
      role="button"
      tabIndex={0}
      aria-label={`${label}. Jump there.`}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation();
        jump();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          jump();
        }
      }}
    >
      <title>{label}</title>
      <line className={`${kind}-line`} x1={px} x2={px} y1={6} y2={42} />
      {children}
    </g>
  );
}
