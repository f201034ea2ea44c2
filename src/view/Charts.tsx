// Charts (D3 scales and line generators, drawn by React): the term of each server over time,
// each server's commit index over time, and messages per second by type. A cursor marks the
// displayed time; clicking a chart jumps there.

import { scaleLinear } from 'd3-scale';
import { line as d3line, curveStepAfter } from 'd3-shape';
import { memo, useMemo, useRef } from 'react';
import { useApp } from '../store/app.ts';
import { pause, seek } from '../store/playback.ts';
import { formatTime } from '../store/describe.ts';
import { session } from '../store/session.ts';
import { BIN_MS, type Series } from '../store/traceIndex.ts';
import { useSize } from './hooks.ts';
import { shortName } from './names.ts';
import { timelineExtent } from './Timeline.tsx';
import { useTypeScale } from './useTypeScale.ts';

const TYPE_ORDER = [
  'RequestVote',
  'RequestVoteReply',
  'AppendEntries',
  'heartbeat',
  'AppendEntriesReply',
  'ClientRequest',
  'ClientReply',
  'PreVote',
  'InstallSnapshot',
] as const;

export function Charts() {
  const wrap = useRef<HTMLDivElement>(null);
  const size = useSize(wrap, { width: 900, height: 170 });
  const horizon = useApp((s) => s.frame.horizon);
  const ids = useApp((s) => s.frame.ids);
  const traceLength = useApp((s) => s.frame.traceLength);
  const { index, tm } = session();
  // recompute the series every 64 events while they only grow, and at once when the trace was
  // cut back (a branch: the index was rebuilt, and the abandoned future's curves must go)
  const bucket = Math.floor(traceLength / 64);
  const generation = tm.generation;
  const end = timelineExtent(horizon);
  const data = useMemo(() => {
    void bucket;
    void generation;
    return {
      terms: new Map(index.terms),
      commits: new Map(index.commits),
      rate: new Map(index.rate),
    };
  }, [index, bucket, generation, end]); // eslint-disable-line react-hooks/exhaustive-deps

  // the titles grow with the presentation type like the rest of the text (typeScale.ts)
  const titleFont = 11 * useTypeScale();
  const w = Math.max(200, (size.width - 24) / 3);
  const h = size.height;
  return (
    <div className="charts">
      <div className="charts-toolbar">
        <span>The whole run computed so far (to {formatTime(horizon)}); the blue line is the displayed time. Click to jump.</span>
      </div>
      <div ref={wrap} style={{ flex: 1, minHeight: 0, display: 'flex', gap: 12, padding: '0 6px' }}>
        <StepChart title="Term of each server" series={data.terms} ids={ids} width={w} height={h} end={end} titleFont={titleFont} />
        <StepChart title="Commit index of each server" series={data.commits} ids={ids} width={w} height={h} end={end} titleFont={titleFont} />
        <RateChart rate={data.rate} width={w} height={h} end={end} titleFont={titleFont} />
      </div>
    </div>
  );
}

const M = { top: 16, right: 8, bottom: 18, left: 30 };

/** The plot's top: below the title, whose size follows the type. */
function plotTop(titleFont: number): number {
  return Math.max(M.top, Math.ceil(titleFont + 5));
}

/** A chart's scales: time from 0 to `end` across, values from 0 to `maxV` (rounded up to a nice value) up. */
function chartScales(end: number, maxV: number, width: number, height: number, titleFont: number) {
  const x = scaleLinear().domain([0, end]).range([M.left, width - M.right]);
  const y = scaleLinear()
    .domain([0, maxV])
    .nice()
    .range([height - M.bottom, plotTop(titleFont)]);
  return { x, y };
}

function ChartTitle({ text, size }: { text: string; size: number }) {
  return (
    <text className="chart-title" x={M.left} y={Math.ceil(size)} style={{ fontSize: size }}>
      {text}
    </text>
  );
}

function useSeek(x: (v: number) => number, invert: (px: number) => number) {
  void x;
  return (e: React.PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    pause();
    seek(Math.max(0, invert(e.clientX - r.left)));
  };
}

/** The displayed time's cursor: the only part of a chart that moves every frame. */
function Cursor({ x, height, top }: { x: (v: number) => number; height: number; top: number }) {
  const t = useApp((s) => s.displayedTime);
  return <line className="st-now" x1={x(t)} x2={x(t)} y1={top} y2={height - M.bottom} />;
}

const StepChart = memo(function StepChart({
  title,
  series,
  ids,
  width,
  height,
  end,
  titleFont,
}: {
  title: string;
  series: Map<string, Series>;
  ids: readonly string[];
  width: number;
  height: number;
  end: number;
  titleFont: number;
}) {
  // the series keep their points compactly; made once here per render
  const points = new Map<string, [number, number][]>();
  for (const [id, s] of series) points.set(id, s.points);
  let maxV = 1;
  for (const pts of points.values()) for (const p of pts) maxV = Math.max(maxV, p[1]);
  const { x, y } = chartScales(end, maxV, width, height, titleFont);
  const gen = d3line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]))
    .curve(curveStepAfter);
  const onDown = useSeek(x, (px) => x.invert(px));
  return (
    <svg width={width} height={height} onPointerDown={onDown} role="img" aria-label={`${title}, up to ${formatTime(end)}`} data-max={maxV}>
      <ChartTitle text={title} size={titleFont} />
      <Axes x={x} y={y} width={width} height={height} />
      {ids.map((id, i) => {
        const s = points.get(id);
        if (s === undefined || s.length === 0) return null;
        const pts = [...s, [end, s[s.length - 1][1]] as [number, number]];
        return (
          <path key={id} className={`chart-line series-${i % 9}`} d={gen(pts) ?? ''} fill="none" style={{ fill: 'none', strokeDasharray: i >= 9 ? '4 2' : undefined }}>
            <title>{id}</title>
          </path>
        );
      })}
      <Cursor x={x} height={height} top={plotTop(titleFont)} />
      <Key ids={ids} x={width - M.right} titleFont={titleFont} />
    </svg>
  );
});

const RateChart = memo(function RateChart({
  rate,
  width,
  height,
  end,
  titleFont,
}: {
  rate: Map<string, number[]>;
  width: number;
  height: number;
  end: number;
  titleFont: number;
}) {
  const perSecond = 1000 / BIN_MS;
  let maxV = 1;
  for (const bins of rate.values()) for (const b of bins) maxV = Math.max(maxV, b * perSecond);
  const { x, y } = chartScales(end, maxV, width, height, titleFont);
  const gen = d3line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const onDown = useSeek(x, (px) => x.invert(px));
  const present = TYPE_ORDER.filter((k) => rate.has(k));
  // merge bins so a long run has at most ~width/2 points per series
  const binsPerPoint = Math.max(1, Math.ceil(end / BIN_MS / Math.max(20, width / 2)));
  return (
    <svg width={width} height={height} onPointerDown={onDown} role="img" aria-label={`Messages per second by type, up to ${formatTime(end)}`}>
      <ChartTitle text="Messages per second by type" size={titleFont} />
      <Axes x={x} y={y} width={width} height={height} />
      {present.map((k, i) => {
        const bins = rate.get(k) ?? [];
        const pts: [number, number][] = [];
        for (let b = 0; b < bins.length; b += binsPerPoint) {
          let sum = 0;
          for (let j = b; j < b + binsPerPoint && j < bins.length; j++) sum += bins[j];
          pts.push([(b + binsPerPoint / 2) * BIN_MS, (sum / binsPerPoint) * perSecond]);
        }
        return (
          <path key={k} className={`chart-line series-${i % 9}`} d={gen(pts) ?? ''} style={{ fill: 'none' }}>
            <title>{k}</title>
          </path>
        );
      })}
      <Cursor x={x} height={height} top={plotTop(titleFont)} />
      <Key ids={present.map((k) => (k === 'heartbeat' ? 'heartbeats' : k.replace('AppendEntries', 'AE').replace('RequestVote', 'RV')))} x={width - M.right} titleFont={titleFont} />
    </svg>
  );
});

function Axes({ x, y, width, height }: { x: ReturnType<typeof scaleLinear<number>>; y: ReturnType<typeof scaleLinear<number>>; width: number; height: number }) {
  const xt = x.ticks(Math.max(2, Math.floor(width / 80)));
  const yt = y.ticks(3).filter((v) => Number.isInteger(v));
  return (
    <g className="axis">
      <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
      {xt.map((v) => (
        <text key={`x${v}`} x={x(v)} y={height - 5} textAnchor="middle">
          {v >= 1000 ? `${v / 1000}s` : v}
        </text>
      ))}
      {yt.map((v) => (
        <g key={`y${v}`}>
          <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} opacity={0.4} />
          <text x={M.left - 4} y={y(v) + 3} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A chart's key: series names (server names shortened from the side they share, names.ts). */
/** The series' names, top right; rows as tall as their type (views.css sizes it in presentation mode). */
function Key({ ids, x, titleFont }: { ids: readonly string[]; x: number; titleFont: number }) {
  const scale = titleFont / 11;
  const row = scale > 1 ? Math.max(11, 7.7 * scale + 2) : 11;
  return (
    <g className="chart-key" aria-hidden="true">
      {ids.slice(0, 9).map((id, i) => (
        <g key={id} transform={`translate(${x - 4},${plotTop(titleFont) + 2 + i * row})`}>
          <text textAnchor="end" x={-12} y={3}>
            {shortName(id, ids, 10)}
          </text>
          <line className={`series-${i % 9}`} x1={-9} x2={0} y1={0} y2={0} strokeWidth={2} />
        </g>
      ))}
    </g>
  );
}
