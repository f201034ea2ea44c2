// The timeline: scrub to any simulated time (backwards too: the time machine restores a
// checkpoint and replays), marks for elections, crashes, partitions, your actions and safety
// violations; the part already computed but not shown (the recorded future) is shaded.

import { scaleLinear } from 'd3-scale';
import { memo, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useApp } from '../store/app.ts';
import { pause, play, seek, setScrubbing } from '../store/playback.ts';
import { formatTime } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { tourPlaysScript, useTour } from '../store/tour.ts';
import type { Mark, MarkKind } from '../store/traceIndex.ts';
import { DivergenceMark, OutcomeMarks, useDivergenceAt } from './DivergenceMark.tsx';
import { useSize } from './hooks.ts';
import { useTypeScale } from './useTypeScale.ts';

const PAD = 12;
const ROW: Record<MarkKind, number> = {
  leader: 12,
  crash: 24,
  restart: 24,
  partition: 36,
  heal: 36,
  network: 36,
  action: 36,
  violation: 12,
};

export function Timeline() {
  const wrap = useRef<HTMLDivElement>(null);
  const size = useSize(wrap, { width: 900, height: 52 });
  const t = useApp((s) => s.displayedTime);
  const horizon = useApp((s) => s.frame.horizon);
  const traceLength = useApp((s) => s.frame.traceLength);
  const futureActions = useApp((s) => s.frame.futureActions);
  const actions = useApp((s) => s.frame.actions);
  const branches = useApp((s) => s.frame.branches);
  // a guided tour playing its own script is always 'in the past' at its steps: no warning there
  const tourOnScript = useTour(tourPlaysScript);
  const wasPlaying = useRef(false);
  const dragging = useRef(false);

  const divergenceAt = useDivergenceAt(); // comparing: the first divergence stays in view
  // a loaded script spans its last action, even before the run has been computed that far
  const lastAction = session().tm.actions.at(-1)?.at ?? 0;
  // while the handle is dragged the scale stays put, so the handle stays under the pointer
  const [dragExtent, setDragExtent] = useState<number | null>(null);
  const extent = dragExtent ?? timelineExtent(Math.max(horizon, t, divergenceAt, lastAction));
  const width = size.width;
  const x = useMemo(() => scaleLinear().domain([0, extent]).range([PAD, width - PAD]), [extent, width]);
  // the axis's type grows with presentation mode's (9 px became 15 px at 1920×1080), the svg with it
  const axisFont = 9 * useTypeScale();
  const ticks = x.ticks(Math.max(2, Math.floor(width / (90 * (axisFont / 9)))));

  // marks change when the trace grows or is cut back: recompute on either
  const { index } = session();
  const marks = useMemo(() => thinMarks(index.marks, x), [index.marks, index.marks.length, x]); // eslint-disable-line react-hooks/exhaustive-deps
  // the future/past split of the marks only matters when a mark is in the future
  const firstFuture = marks.findIndex((m) => m.index >= traceLength);
  const marksTrace = firstFuture < 0 ? -1 : traceLength;

  const timeAt = (clientX: number, el: Element) => {
    const r = el.getBoundingClientRect();
    return Math.max(0, Math.min(extent, x.invert(clientX - r.left)));
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    dragging.current = true;
    setDragExtent(extent);
    wasPlaying.current = useApp.getState().playing;
    pause();
    setScrubbing(true);
    e.currentTarget.setPointerCapture(e.pointerId);
    seek(timeAt(e.clientX, e.currentTarget));
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!dragging.current) return;
    seek(timeAt(e.clientX, e.currentTarget));
  };
  const onPointerUp = () => {
    if (!dragging.current) return;
    dragging.current = false;
    setDragExtent(null);
    setScrubbing(false);
    if (wasPlaying.current) play();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const big = e.shiftKey ? 1000 : 100;
    let next: number | null = null;
    if (e.key === 'ArrowLeft') next = t - big;
    else if (e.key === 'ArrowRight') next = t + big;
    else if (e.key === 'PageDown') next = t - 1000;
    else if (e.key === 'PageUp') next = t + 1000;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = horizon;
    if (next !== null) {
      e.preventDefault();
      e.stopPropagation();
      pause();
      seek(Math.max(0, next));
    }
  };

  const inPast = t < horizon - 0.5;
  const hx = x(t);
  return (
    <footer className="timeline" aria-label="Timeline">
      <div className="tl-info tl-now">
        <strong>{formatTime(t)}</strong>
      </div>
      <div ref={wrap}>
        <svg
          style={{ height: 52 + (axisFont - 9) * 1.4 }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          role="slider"
          tabIndex={0}
          aria-label="Simulated time. Arrow keys move 100 ms (Shift: 1 s); Home and End jump to the start and the computed end."
          aria-valuemin={0}
          aria-valuemax={Math.round(horizon)}
          aria-valuenow={Math.round(t)}
          aria-valuetext={`${formatTime(t)} of ${formatTime(horizon)} computed`}
          onKeyDown={onKeyDown}
          data-testid="timeline"
        >
          <rect className="tl-track" x={PAD} y={6} width={Math.max(0, width - 2 * PAD)} height={36} rx={4} />
          <rect className="tl-past" x={PAD} y={6} width={Math.max(0, hx - PAD)} height={36} rx={4} />
          {inPast && <rect className="tl-computed" x={hx} y={6} width={Math.max(0, x(horizon) - hx)} height={36} />}
          {ticks.map((v) => (
            <g key={v} className="axis" transform={`translate(${x(v)},0)`}>
              <line y1={42} y2={46} />
              <text y={52 + (axisFont - 9) * 0.8} textAnchor="middle" style={{ fontSize: axisFont }}>
                {v >= 1000 ? `${v / 1000}s` : `${v}`}
              </text>
            </g>
          ))}
          <MarksLayer marks={marks} x={x} traceLength={marksTrace < 0 ? Number.MAX_SAFE_INTEGER : traceLength} />
          <DivergenceMark x={x} />
          <OutcomeMarks x={x} />
          <line className="tl-handle-line" x1={hx} x2={hx} y1={2} y2={46} />
          <circle className="tl-handle" cx={hx} cy={4} r={5} />
        </svg>
      </div>
      <div className="tl-info tl-status">
        {inPast && !tourOnScript ? (
          <span className="past-note" title="You are looking at the past. Acting now starts a new branch of the future; the old one is kept (undo with Ctrl+Z).">
            ⟲ In the past{futureActions > 0 ? ` · ${futureActions} later action${futureActions === 1 ? '' : 's'}` : ''} · acting starts a new branch
          </span>
        ) : (
          <span>
            {actions} action{actions === 1 ? '' : 's'}
            {branches > 0 ? ` · ${branches} other branch${branches === 1 ? '' : 'es'}` : ''}
          </span>
        )}
      </div>
    </footer>
  );
}

/**
 * The timeline's end: the computed run plus some room, rounded up in steps so the scale (and
 * every mark's position) stays put while time runs.
 */
export function timelineExtent(end: number): number {
  const e = Math.max(2000, end * 1.08);
  const step = Math.pow(10, Math.floor(Math.log10(e))) / 2;
  return Math.ceil(e / step) * step;
}

const MarksLayer = memo(function MarksLayer({ marks, x, traceLength }: { marks: Mark[]; x: (v: number) => number; traceLength: number }) {
  return (
    <g>
      {marks.map((m) => (
        <MarkGlyph key={`${m.index}-${m.kind}`} m={m} x={x(m.at)} future={m.index >= traceLength} />
      ))}
    </g>
  );
});

/** Keeps at most one mark per kind per 3 px so a long run stays drawable. */
function thinMarks(marks: readonly Mark[], x: (v: number) => number): Mark[] {
  const out: Mark[] = [];
  const last = new Map<MarkKind, number>();
  for (const m of marks) {
    const px = x(m.at);
    const prev = last.get(m.kind);
    if (prev !== undefined && px - prev < 3 && m.kind !== 'violation') continue;
    last.set(m.kind, px);
    out.push(m);
  }
  return out;
}

function MarkGlyph({ m, x, future }: { m: Mark; x: number; future: boolean }) {
  const y = ROW[m.kind];
  const onClick = (e: React.PointerEvent | React.MouseEvent) => {
    e.stopPropagation();
    pause();
    seek(m.at);
  };
  const cls = `tl-mark tl-mark-${m.kind}${future ? ' future' : ''}`;
  const title = <title>{`${formatTime(m.at)}: ${m.label}${future ? ' (in the recorded future)' : ''}`}</title>;
  const common = { className: cls, onPointerDown: (e: React.PointerEvent) => e.stopPropagation(), onClick };
  switch (m.kind) {
    case 'leader':
      return (
        <polygon {...common} points={`${x},${y - 6} ${x + 5},${y - 1} ${x + 3},${y + 5} ${x - 3},${y + 5} ${x - 5},${y - 1}`}>
          {title}
        </polygon>
      );
    case 'crash':
      return (
        <g {...common}>
          {title}
          <rect x={x - 5} y={y - 5} width={10} height={10} fill="transparent" />
          <line x1={x - 4} y1={y - 4} x2={x + 4} y2={y + 4} />
          <line x1={x + 4} y1={y - 4} x2={x - 4} y2={y + 4} />
        </g>
      );
    case 'restart':
      return (
        <circle {...common} cx={x} cy={y} r={4}>
          {title}
        </circle>
      );
    case 'violation':
      return (
        <polygon {...common} points={`${x},${y - 7} ${x + 7},${y + 5} ${x - 7},${y + 5}`}>
          {title}
        </polygon>
      );
    case 'action':
      return (
        <rect {...common} x={x - 3} y={y - 3} width={6} height={6} transform={`rotate(45 ${x} ${y})`}>
          {title}
        </rect>
      );
    default:
      return (
        <rect {...common} x={x - 2} y={y - 6} width={4} height={12}>
          {title}
        </rect>
      );
  }
}
