// The experiment's plots (d3 scales and shapes, drawn by React): the CDF per value in the
// paper's style (the fraction of trials at or below each time), or a histogram; a log-scale
// time axis when the spread asks for it. Every CDF point is a trial: clicking it (or near it)
// opens that exact run in the simulator, paused just before the crash.

import { line as d3line, curveStepAfter } from 'd3-shape';
import { useMemo, useRef, useState, type MouseEvent } from 'react';
import type { TrialResult } from '../../experiment/types.ts';
import { useSize } from '../hooks.ts';
import { cdfPoints, colourOf, histogram, wantsLog, xScale, type CdfPoint } from './plotData.ts';

const M = { top: 12, right: 16, bottom: 42, left: 52 };
/** Above this many trials the points are not drawn one by one (a click still finds the nearest). */
const MAX_DRAWN_POINTS = 3000;

export interface PlotProps {
  trials: readonly TrialResult[];
  labels: readonly string[];
  unit: string;
  kind: 'cdf' | 'histogram';
  /** null: log when the spread asks for it. */
  log: boolean | null;
  onOpen: (value: number, seed: number) => void;
}

function formatTick(x: number): string {
  return x >= 10_000 ? `${x / 1000} s` : String(x);
}

export function ExperimentPlot({ trials, labels, unit, kind, log, onOpen }: PlotProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const size = useSize(wrap, { width: 760, height: 340 });
  const width = Math.max(320, size.width);
  const height = Math.max(220, Math.min(size.height, 520));
  const points = useMemo(() => cdfPoints(trials, labels.length), [trials, labels.length]);
  const useLog = log ?? wantsLog(points);
  const x = useMemo(() => xScale(points, useLog, [M.left, width - M.right]), [points, useLog, width]);
  const y = (p: number) => M.top + (height - M.top - M.bottom) * (1 - p);
  const [hover, setHover] = useState<CdfPoint | null>(null);
  const total = points.reduce((a, l) => a + l.length, 0);
  const ticks = x.ticks(useLog ? 6 : 8).filter((t, i, all) => !useLog || all.length <= 10 || [1, 2, 5].includes(Number(String(t)[0])) || i === 0);

  const nearest = (px: number, py: number): CdfPoint | null => {
    let best: CdfPoint | null = null;
    let bestD = 14 * 14;
    for (const line of points) for (const q of line) {
      const dx = x(q.x) - px;
      const dy = y(q.p) - py;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  };
  const local = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * width) / r.width, ((e.clientY - r.top) * height) / r.height] as const;
  };

  let body: React.ReactNode;
  if (kind === 'cdf') {
    const path = d3line<CdfPoint>()
      .x((q) => x(q.x))
      .y((q) => y(q.p))
      .curve(curveStepAfter);
    body = points.map((line, v) =>
      line.length === 0 ? null : (
        <g key={v} data-value={v} className="xp-line">
          <path d={path([{ ...line[0], p: 0 }, ...line]) ?? ''} stroke={colourOf(v)} fill="none" strokeWidth={2} />
          {total <= MAX_DRAWN_POINTS &&
            line.map((q) => (
              <circle
                key={q.seed}
                className="xp-point"
                cx={x(q.x)}
                cy={y(q.p)}
                r={3}
                fill={colourOf(v)}
                data-seed={q.seed}
                data-value={v}
                data-metric={q.x}
              />
            ))}
        </g>
      ),
    );
  } else {
    const bins = histogram(points, x, useLog);
    const most = Math.max(1, ...bins.flatMap((b) => b.counts.map((c, v) => c / Math.max(1, trials.filter((t) => t.value === v).length))));
    const yh = (f: number) => M.top + (height - M.top - M.bottom) * (1 - f / most);
    const n = labels.map((_, v) => trials.filter((t) => t.value === v).length);
    body = bins.map((b, i) => {
      const w = Math.max(1, x(b.x1) - x(b.x0));
      const each = w / labels.length;
      return (
        <g key={i}>
          {b.counts.map((c, v) => {
            const seed = b.seeds[v];
            if (c === 0 || seed === null) return null;
            return (
              <rect
                key={v}
                className="xp-bar"
                x={x(b.x0) + each * v}
                y={yh(c / n[v])}
                width={Math.max(1, each - 0.5)}
                height={height - M.bottom - yh(c / n[v])}
                fill={colourOf(v)}
                data-value={v}
                data-seed={seed}
                onClick={() => onOpen(v, seed)}
              >
                <title>{`${labels[v]}: ${c} of ${n[v]} trials in ${Math.round(b.x0)}–${Math.round(b.x1)} ${unit}; click for the middle one (seed ${seed})`}</title>
              </rect>
            );
          })}
        </g>
      );
    });
  }

  return (
    <div className="xp-plot" ref={wrap}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label={kind === 'cdf' ? 'Cumulative fraction of trials per value; click a point to open its run' : 'Histogram of trials per value'}
        data-testid="experiment-plot"
        data-log={useLog || undefined}
        onMouseMove={kind === 'cdf' ? (e) => setHover(nearest(...local(e))) : undefined}
        onMouseLeave={() => setHover(null)}
        onClick={
          kind === 'cdf'
            ? (e) => {
                const q = nearest(...local(e));
                if (q !== null) onOpen(q.value, q.seed);
              }
            : undefined
        }
      >
        <g className="xp-axis">
          <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},${height - M.bottom})`}>
              <line y2={5} />
              <text y={18} textAnchor="middle">
                {formatTick(t)}
              </text>
            </g>
          ))}
          <text x={(M.left + width - M.right) / 2} y={height - 6} textAnchor="middle" className="xp-axis-title">
            {unit}
            {useLog ? ' (log scale)' : ''}
          </text>
          {kind === 'cdf' &&
            [0, 0.25, 0.5, 0.75, 1].map((p) => (
              <g key={p} transform={`translate(${M.left},${y(p)})`}>
                <line x2={width - M.left - M.right} className="xp-grid" />
                <text x={-6} dy="0.32em" textAnchor="end">
                  {`${p * 100}%`}
                </text>
              </g>
            ))}
        </g>
        {body}
        {hover !== null && kind === 'cdf' && (
          <g className="xp-hover" transform={`translate(${x(hover.x)},${y(hover.p)})`}>
            <circle r={6} fill="none" stroke={colourOf(hover.value)} strokeWidth={2} />
            <text x={x(hover.x) > width / 2 ? -10 : 10} dy={-10} textAnchor={x(hover.x) > width / 2 ? 'end' : 'start'}>
              {`${labels[hover.value]} · seed ${hover.seed}: ${hover.x} ${unit} — click to open`}
            </text>
          </g>
        )}
      </svg>
    </div>
  );
}
