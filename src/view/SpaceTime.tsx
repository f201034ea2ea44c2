// The space-time (message sequence) diagram: one lane per server (and one for the clients),
// every message an arrow from its send to its delivery (dashed and crossed when dropped),
// elections (★), commits (|) and crashes (✕) marked; synchronised with the timeline: it
// shows a window ending at the displayed time, clicking the background seeks, clicking an
// arrow selects that message.

import { scaleLinear } from 'd3-scale';
import { memo, useId, useMemo, useRef, useState } from 'react';
import { isClientName, type MessageView } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { pause, seek } from '../store/playback.ts';
import { selectMessage } from '../store/ui.ts';
import { formatTime, messageLabel } from '../store/describe.ts';
import { session, type Session } from '../store/session.ts';
import { formatTourTime } from '../store/tourTime.ts';
import { pickMessage } from '../store/tour.ts';
import { lowerBound } from '../store/traceIndex.ts';
import { useSize } from './hooks.ts';
import { shortNameFor } from './names.ts';
import { useTypeScale } from './useTypeScale.ts';
import { messageStyle } from './visuals.ts';
import { aggregateArrows, arrowBudget, type Bundle } from './spaceTimeAggregate.ts';

const WINDOWS = [100, 250, 500, 1000, 2000, 5000];
const LABEL_W = 92; // at the normal type; grows with presentation mode's (typeScale.ts)

interface Arrow {
  m: MessageView;
  endAt: number;
  /** The arrow reaches its receiver (false: still in flight, drawn to where it is). */
  arrived: boolean;
  dropped: boolean;
  /** Its style class (its colour), and its kind for bundling: style class and message type. */
  cls: string;
  kind: string;
}

/** What a send event says about its message, for the diagram (null: the event is not a send). */
interface Send {
  m: MessageView;
  /** Trace index of the message's latest send (a delayed message is sent again). */
  latest: number;
  /** Its deliver or drop, once it has ended. */
  ended?: { index: number; at: number; delivered: boolean };
  /** A heartbeat or its ack (hidden by default). */
  routine: boolean;
  cls: string;
  kind: string;
}

function readSend(tm: Session['tm'], index: Session['index'], i: number): Send | null {
  const e = tm.trace.get(i);
  if (e.type !== 'send') return null;
  const m = e.message;
  const fate = index.fates.get(m.id);
  const cls = messageStyle(m).cls;
  const s: Send = { m, latest: fate?.sent ?? i, routine: isRoutine(m), cls, kind: `${cls}|${m.type}` };
  if (fate?.ended !== undefined) {
    const end = tm.trace.get(fate.ended);
    s.ended = { index: fate.ended, at: end.at, delivered: end.type === 'deliver' };
  }
  return s;
}

/**
 * The sends already read whose messages have ended, by trace index, for each run (a frame under
 * heavy load draws from thousands of sends, and reading each from the trace every frame was most
 * of the diagram's work). Forgotten when the trace is cut back (a new branch reuses indexes);
 * trimmed to the window's start when it grows large.
 */
const sendCache = new WeakMap<object, { generation: number; byIndex: Map<number, Send | null> }>();
function endedSends(tm: Session['tm'], from: number): Map<number, Send | null> {
  let c = sendCache.get(tm);
  if (c === undefined || c.generation !== tm.generation) {
    c = { generation: tm.generation, byIndex: new Map() };
    sendCache.set(tm, c);
  }
  if (c.byIndex.size > 50_000) for (const i of c.byIndex.keys()) if (i < from) c.byIndex.delete(i);
  return c.byIndex;
}

export function SpaceTime() {
  const wrap = useRef<HTMLDivElement>(null);
  const size = useSize(wrap, { width: 900, height: 170 });
  const t = useApp((s) => s.displayedTime);
  const ids = useApp((s) => s.frame.ids);
  const traceLength = useApp((s) => s.frame.traceLength);
  const selected = useApp((s) => s.selectedMessage);
  const why = useApp((s) => s.why);
  // while the run plays the bundles are drawn as one path for each look (their titles and
  // elements when paused): under heavy load at 10× the window is new every few frames, and an
  // element for each bundle was made and removed by the hundred every frame
  const playing = useApp((s) => s.playing);
  const [windowMs, setWindowMs] = useState(500);
  const [hideHeartbeats, setHideHeartbeats] = useState(true);
  const { tm, index } = session();
  const whySet = useMemo(() => new Set(why?.messages ?? []), [why]);
  const clipId = `st-plot-${useId().replace(/:/g, '')}`;

  const scale = useTypeScale();
  const labelW = Math.round(LABEL_W * scale);
  const labelFont = 11 * scale;
  const hasClients = useApp((s) => s.frame.clients.length > 0);
  const lanes = useMemo(() => (hasClients ? ['clients', ...ids] : [...ids]), [ids, hasClients]);
  const width = size.width;
  const height = size.height;
  const laneH = Math.max(14, (height - 22) / Math.max(1, lanes.length));
  const laneY = (id: string) => {
    const i = isClientName(id) ? 0 : lanes.indexOf(id);
    return 6 + (i + 0.5) * laneH;
  };
  const t1 = Math.max(t, windowMs * 0.9);
  const t0 = t1 - windowMs * 0.9;
  const tEnd = t0 + windowMs;
  const x = scaleLinear().domain([t0, tEnd]).range([labelW, width - 8]);
  // Arrows and marks are drawn in the coordinates of a fixed origin, moved by one transform as
  // the window slides: an arrow that did not change keeps its element and attributes (under
  // heavy load re-setting every arrow's ends each frame was most of the diagram's cost).
  const k = (width - 8 - labelW) / windowMs;
  const origin = Math.floor(t0 / (4 * windowMs)) * 4 * windowMs; // moved every four windows
  const gx = (v: number) => Math.round((v - origin) * k * 10) / 10;
  const shift = labelW + (origin - t0) * k;

  // arrows for messages sent in [t0 - slack, t]; their ends come from the message fates
  const arrows: Arrow[] = [];
  const slack = 2000;
  const sends = index.sends;
  const from = lowerBound(sends, tm.trace.firstIndexAt(t0 - slack), (i) => i);
  const known = endedSends(tm, from);
  for (let k = from; k < sends.length; k++) {
    const i = sends[k];
    if (i >= traceLength) break;
    let s = known.get(i);
    if (s === undefined) {
      s = readSend(tm, index, i);
      // a message that has ended (delivered or dropped) ends so for good: read it once
      if (s === null || s.ended !== undefined) known.set(i, s);
    }
    if (s === null) continue;
    const m = s.m;
    if (hideHeartbeats && s.routine && !whySet.has(m.id) && selected !== m.id) continue;
    // a delayed message is sent again (same id): draw only its latest send
    if (s.latest !== i && s.latest < traceLength) continue;
    let endAt: number;
    let arrived = false;
    let dropped = false;
    if (s.ended !== undefined && s.ended.index < traceLength) {
      endAt = s.ended.at;
      arrived = s.ended.delivered;
      dropped = !s.ended.delivered;
    } else {
      endAt = Math.min(t, m.deliverAt ?? t);
    }
    if (endAt < t0 && m.sentAt < t0) continue;
    arrows.push({ m, endAt, arrived, dropped, cls: s.cls, kind: s.kind });
  }

  // milestones: elections, commits on leaders, crashes
  const marks: React.ReactNode[] = [];
  let commits = '';
  const milestones = index.milestones;
  const mFrom = lowerBound(milestones, tm.trace.firstIndexAt(t0), (i) => i);
  for (let k = mFrom; k < milestones.length; k++) {
    const i = milestones[k];
    if (i >= traceLength) break;
    const e = tm.trace.get(i);
    if (e.type === 'role' && e.role === 'leader') {
      const cx = gx(e.at);
      const cy = laneY(e.node);
      marks.push(
        <polygon key={`l${i}`} className="st-mark-leader" points={`${cx},${cy - 7} ${cx + 6},${cy - 1} ${cx + 4},${cy + 6} ${cx - 4},${cy + 6} ${cx - 6},${cy - 1}`}>
          <title>{`${e.node} became leader of term ${e.term} at ${formatTime(e.at)}`}</title>
        </polygon>,
      );
    } else if (e.type === 'commit') {
      const cx = gx(e.at);
      const cy = laneY(e.node);
      // playing: the commits as one path (under heavy load every server commits every few ms)
      if (playing) {
        commits += `M${cx},${(cy - 5).toFixed(1)}v10`;
      } else {
        marks.push(
          <line key={`c${i}`} className="st-mark-commit" x1={cx} x2={cx} y1={cy - 5} y2={cy + 5}>
            <title>{`${e.node} commit index ${e.commitIndex} at ${formatTime(e.at)}`}</title>
          </line>,
        );
      }
    }
  }
  for (const mk of index.marks) {
    if (mk.at < t0 || mk.index >= traceLength) continue;
    if (mk.at > tEnd) break;
    if ((mk.kind === 'crash' || mk.kind === 'restart') && mk.node !== undefined) {
      const cx = gx(mk.at);
      const cy = laneY(mk.node);
      marks.push(
        mk.kind === 'crash' ? (
          <g key={`k${mk.index}`} className="st-mark-crash">
            <title>{mk.label}</title>
            <line x1={cx - 5} y1={cy - 5} x2={cx + 5} y2={cy + 5} />
            <line x1={cx + 5} y1={cy - 5} x2={cx - 5} y2={cy + 5} />
          </g>
        ) : (
          <circle key={`k${mk.index}`} cx={cx} cy={cy} r={4} fill="var(--ok)">
            <title>{mk.label}</title>
          </circle>
        ),
      );
    }
  }

  // more arrows than the width can show apart: bundle them (spaceTimeAggregate.ts)
  const { single, bundles } = aggregateArrows(
    arrows.map((a) => ({ id: a.m.id, from: a.m.from, to: a.m.to, kind: a.kind, sentAt: a.m.sentAt, endAt: a.endAt, arrived: a.arrived, dropped: a.dropped, a })),
    arrowBudget(width - 8 - x.range()[0]),
    windowMs,
    (id) => id === selected || whySet.has(id),
  );

  const ticks = x.ticks(Math.max(2, Math.floor(width / 110)));
  const onBackground = (e: React.PointerEvent<SVGSVGElement>) => {
    if ((e.target as Element).classList.contains('st-arrow-hit')) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    if (px < labelW) return;
    pause();
    seek(Math.max(0, x.invert(px)));
  };

  // a click on an arrow (the arrows leave it to the diagram, so that they can be memoised)
  const onArrow = (e: React.MouseEvent<SVGSVGElement>) => {
    const hit = (e.target as Element).closest<SVGElement>('.st-arrow-hit[data-hit]');
    const id = Number(hit?.dataset.hit);
    if (hit === null || !Number.isInteger(id)) return;
    if (pickMessage(id)) return; // the tour editor's pick mode
    pause();
    selectMessage(id);
  };

  return (
    <div className="spacetime">
      <div className="st-toolbar">
        <label>
          window{' '}
          <select className="compact" value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {formatTime(w)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={hideHeartbeats} onChange={(e) => setHideHeartbeats(e.target.checked)} /> hide heartbeats and their acks
        </label>
        <span>★ leader elected · | commit · ✕ crash · click an arrow to inspect it, the background to jump there</span>
      </div>
      <div ref={wrap} style={{ flex: 1, minHeight: 0 }}>
        <svg
          width={width}
          height={height}
          onPointerDown={onBackground}
          onClick={onArrow}
          role="img"
          aria-label={`Space-time diagram from ${formatTime(t0)} to ${formatTime(t)}: ${arrows.length} messages${bundles.length > 0 ? `, ${bundles.length} bundles of messages of one kind between two servers` : ''}`}
          data-testid="spacetime"
          data-arrows={single.length}
          data-bundles={bundles.length}
        >
          {lanes.map((id) => (
            <g key={id}>
              <line className="st-lane" x1={labelW} x2={width - 8} y1={laneY(id === 'clients' ? 'C1' : id)} y2={laneY(id === 'clients' ? 'C1' : id)} />
              <text className="st-lane-label" x={6} y={laneY(id === 'clients' ? 'C1' : id) + labelFont * 0.36} style={{ fontSize: labelFont }}>
                {id === 'clients' ? id : shortNameFor(id, ids, labelW - 10, labelFont)}
              </text>
            </g>
          ))}
          <g transform={`translate(${shift},0)`}>
            {ticks.map((v) => (
              <g key={v} className="st-tick axis">
                <line x1={gx(v)} x2={gx(v)} y1={height - 16} y2={height - 12} />
                <text x={gx(v)} y={height - 3} textAnchor="middle">
                  {formatTourTime(v)}
                </text>
              </g>
            ))}
          </g>
          <clipPath id={clipId}>
            <rect x={labelW} y={0} width={Math.max(0, width - 8 - labelW)} height={height} />
          </clipPath>
          <g clipPath={`url(#${clipId})`}>
            <g transform={`translate(${shift},0)`}>
              {playing && <BundlePaths bundles={bundles} gx={gx} laneY={laneY} />}
              {!playing &&
                bundles.map((b) => {
                  const [cls, type] = b.kind.split('|');
                  return (
                    <BundleArrow
                      key={b.key}
                      cls={cls}
                      x1={gx(b.sentAt)}
                      y1={laneY(b.from)}
                      x2={gx(b.endAt)}
                      y2={laneY(b.to)}
                      width={Math.min(7, 1.3 + Math.log2(b.count))}
                      allDropped={b.dropped === b.count}
                      arrived={b.arrived}
                      title={`${b.count} ${type} messages ${b.from} → ${b.to}, sent ${formatTime(b.firstSent)}–${formatTime(b.lastSent)}${b.dropped > 0 ? `, ${b.dropped} dropped` : ''} (bundled: too many to draw apart; a shorter window shows them one by one)`}
                    />
                  );
                })}
              {single.map(({ a }) => {
                const y1 = laneY(a.m.from);
                const yTo = laneY(a.m.to);
                const span = (a.m.deliverAt ?? a.endAt) - a.m.sentAt;
                const f = a.arrived || a.dropped ? 1 : span > 0 ? Math.min(1, (a.endAt - a.m.sentAt) / span) : 1;
                return (
                  <SingleArrow
                    key={a.m.id}
                    id={a.m.id}
                    cls={a.cls}
                    lineCls={`st-arrow${a.dropped ? ' dropped' : ''}${selected === a.m.id ? ' selected' : ''}${whySet.has(a.m.id) ? ' why' : ''}`}
                    x1={gx(a.m.sentAt)}
                    y1={y1}
                    x2={gx(a.endAt)}
                    y2={a.dropped ? y1 + (yTo - y1) * 0.8 : y1 + (yTo - y1) * f}
                    arrived={a.arrived}
                    dropped={a.dropped}
                    title={`#${a.m.id} ${messageLabel(a.m)}: ${a.m.from} → ${a.m.to}, sent ${formatTime(a.m.sentAt)}${a.arrived ? `, delivered ${formatTime(a.endAt)}` : a.dropped ? `, dropped ${formatTime(a.endAt)}` : ', in flight'}`}
                  />
                );
              })}
              {marks}
              {commits !== '' && <path className="st-mark-commit" d={commits} style={{ fill: 'none' }} />}
            </g>
          </g>
          <line className="st-now" x1={x(t)} x2={x(t)} y1={2} y2={height - 14} />
        </svg>
      </div>
    </div>
  );
}

interface SingleArrowProps {
  id: number;
  /** The message's style class (its colour). */
  cls: string;
  lineCls: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  arrived: boolean;
  dropped: boolean;
  title: string;
}

/** One message's arrow (in the diagram's fixed-origin coordinates), with a wider line to click. */
const SingleArrow = memo(function SingleArrow({ id, cls, lineCls, x1, y1, x2, y2, arrived, dropped, title }: SingleArrowProps) {
  return (
    <g className={cls}>
      <line className={lineCls} x1={x1} y1={y1} x2={x2} y2={y2} data-message={id} />
      {arrived && <circle className="st-head" cx={x2} cy={y2} r={2.5} />}
      {dropped && (
        <text x={x2} y={y2 + 4} textAnchor="middle" style={{ fill: 'var(--danger)', fontSize: 11, fontWeight: 700 }}>
          ✗
        </text>
      )}
      <line className="st-arrow-hit" x1={x1} y1={y1} x2={x2} y2={y2} data-hit={id}>
        <title>{title}</title>
      </line>
    </g>
  );
});

interface BundleArrowProps {
  cls: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  allDropped: boolean;
  arrived: boolean;
  title: string;
}

/** A bundle of arrows of one kind between two lanes (spaceTimeAggregate.ts). */
const BundleArrow = memo(function BundleArrow({ cls, x1, y1, x2, y2, width, allDropped, arrived, title }: BundleArrowProps) {
  return (
    <g className={cls}>
      <line className={`st-arrow st-bundle${allDropped ? ' dropped' : ''}`} x1={x1} y1={y1} x2={x2} y2={y2} style={{ strokeWidth: width }} />
      {arrived && <circle className="st-head" cx={x2} cy={y2} r={2.5} />}
      <line className="st-arrow-hit" x1={x1} y1={y1} x2={x2} y2={y2}>
        <title>{title}</title>
      </line>
    </g>
  );
});

/** The bundles as a few paths: one for each kind, thickness and droppedness, and their heads. */
function BundlePaths({ bundles, gx, laneY }: { bundles: readonly Bundle[]; gx: (v: number) => number; laneY: (id: string) => number }) {
  const lines = new Map<string, { cls: string; width: number; dropped: boolean; d: string }>();
  const heads = new Map<string, string>();
  for (const b of bundles) {
    const cls = b.kind.slice(0, b.kind.indexOf('|'));
    // thickness in half pixels, so that bundles of about one size share a path
    const width = Math.round(Math.min(7, 1.3 + Math.log2(b.count)) * 2) / 2;
    const dropped = b.dropped === b.count;
    const key = `${cls}|${width}|${dropped ? 1 : 0}`;
    const x2 = gx(b.endAt);
    const y2 = laneY(b.to);
    const seg = `M${gx(b.sentAt)},${laneY(b.from).toFixed(1)}L${x2},${y2.toFixed(1)}`;
    const l = lines.get(key);
    if (l === undefined) lines.set(key, { cls, width, dropped, d: seg });
    else l.d += seg;
    if (b.arrived) heads.set(cls, `${heads.get(cls) ?? ''}M${x2 - 2.5},${y2.toFixed(1)}a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0`);
  }
  return (
    <>
      {[...lines].map(([key, l]) => (
        <g key={key} className={l.cls}>
          <path className={`st-arrow st-bundle${l.dropped ? ' dropped' : ''}`} d={l.d} style={{ strokeWidth: l.width }} />
        </g>
      ))}
      {[...heads].map(([cls, d]) => (
        <g key={`h-${cls}`} className={cls}>
          <path className="st-head" d={d} />
        </g>
      ))}
    </>
  );
}

function isRoutine(m: MessageView): boolean {
  return (m.type === 'AppendEntries' && m.entries.length === 0) || (m.type === 'AppendEntriesReply' && m.success);
}
