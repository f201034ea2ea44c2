// The timeline's mark where the two runs of a comparison first differ: a dashed line across
// the track with a fork glyph; its tooltip says what each run did there, and a click jumps there.

import { pause, seek } from '../store/playback.ts';
import { useCompare } from '../store/compare.ts';
import { formatTime } from '../store/describe.ts';

/** The divergence time while comparing (the timeline keeps it in view), else 0. */
export function useDivergenceAt(): number {
  return useCompare((c) => c.divergence?.at ?? 0);
}

export function DivergenceMark({ x }: { x: (v: number) => number }) {
  const d = useCompare((c) => c.divergence);
  const text = useCompare((c) => c.divergenceText);
  if (d === null || text === null) return null;
  const px = x(d.at);
  const label = `${formatTime(d.at)}: the runs diverge here — A: ${text.a} / B: ${text.b}`;
  const jump = () => {
    pause();
    seek(d.at);
  };
  return (
    <g
      className="tl-divergence"
      data-testid="divergence-mark"
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
      <rect x={px - 7} y={2} width={14} height={44} fill="transparent" />
      <line className="tl-divergence-line" x1={px} x2={px} y1={6} y2={42} />
      <path className="tl-divergence-fork" d={`M${px},44 L${px},34 M${px},34 L${px - 5},26 M${px},34 L${px + 5},26`} />
      <circle className="tl-divergence-dot" cx={px} cy={8} r={4} />
    </g>
  );
}
