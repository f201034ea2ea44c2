// What is drawn over the servers and changes with the displayed time: each server's timer arc
// (election timeout draining; a leader's heartbeat countdown), a fading ✗ where a message was
// dropped, and the hint beside a dragged server. An SVG of its own above the messages canvas,
// so the static drawing below is not repainted every frame; the timer arcs are written to the
// DOM from a transient subscription to the displayed time (no re-render).

import { useCallback, useRef } from 'react';
import type { NodeView } from '../../sim/index.ts';
import { useApp } from '../../store/app.ts';
import type { Session } from '../../store/session.ts';
import { pointAlong, timerArcPath, timerFraction } from '../geometry.ts';
import { useDisplayedTime, type Size } from '../hooks.ts';
import { usePane } from '../pane.ts';
import { labelPlacement, laneFor, type StageLayout } from '../stageLayout.ts';
import { dragHint, hintPoint, type Drag } from './drag.ts';

/** How long a drop's ✗ stays, in simulated ms. */
export const BURST_MS = 60;

const SHORT_REASON: Record<string, string> = {
  loss: 'lost',
  partition: 'partition',
  'link-down': 'link cut',
  crashed: 'crashed',
  user: 'dropped',
  removed: 'removed',
};

export function OverlayLayer({
  size,
  layout,
  nodes,
  ids,
  drag,
}: {
  size: Size;
  layout: StageLayout;
  nodes: ReadonlyMap<string, NodeView>;
  ids: readonly string[];
  drag: Drag | null;
}) {
  const hint = dragHint(drag, layout.nodes, layout.nodeRadius);
  const home = drag === null ? undefined : layout.nodes.get(drag.id);
  const at =
    drag === null || home === undefined
      ? null
      : hintPoint(
          drag.at,
          layout.nodeRadius,
          labelPlacement({ ...home, x: drag.at.x, y: drag.at.y }, layout.nodeRadius, ids.length === 1, layout.namesOnly, layout.labelsStacked).position === 'above',
        );
  return (
    <svg className="cluster overlay" viewBox={`0 0 ${size.width} ${size.height}`} aria-hidden="true">
      <TimersLayer layout={layout} nodes={nodes} ids={ids} />
      <DropBursts layout={layout} />
      {at !== null && hint !== null && (
        <text x={at.x} y={at.y} textAnchor="middle" className="group-label">
          {hint}
        </text>
      )}
    </svg>
  );
}

// ------------------------------------------------------------------ timers

function timerArc(n: NodeView, t: number, inner: number, outer: number, options: { heartbeatInterval: number; electionTimeoutMax: number }): string {
  if (!n.alive) return '';
  if (n.role === 'leader') return timerArcPath(timerFraction(n.heartbeatDue, t, options.heartbeatInterval), inner, inner + 2.5);
  return timerArcPath(timerFraction(n.electionDeadline, t, options.electionTimeoutMax), inner, outer);
}

function TimersLayer({ layout, nodes, ids }: { layout: StageLayout; nodes: ReadonlyMap<string, NodeView>; ids: readonly string[] }) {
  const timing = usePane((p) => p.options.timing);
  // In the scheduler mode no timer runs down: a draining ring would tell the student a timeout
  // is coming that never will. The ring is drawn frozen; the student fires timers by hand.
  const frozen = usePane((p) => p.frame.network.settings.frozenTimers === true);
  const inner = layout.nodeRadius + 4;
  const outer = layout.nodeRadius + 8;
  const arcs = useRef(new Map<string, SVGPathElement>());
  const update = useCallback(
    (t: number) => {
      for (const id of ids) {
        const n = nodes.get(id);
        const el = arcs.current.get(id);
        if (n === undefined || el === undefined) continue;
        el.setAttribute('d', frozen ? '' : timerArc(n, t, inner, outer, timing));
      }
    },
    [ids, nodes, inner, outer, timing, frozen],
  );
  useDisplayedTime(update);
  return (
    <g className="timers" aria-hidden="true" pointerEvents="none">
      {ids.map((id) => {
        const n = nodes.get(id);
        const p = layout.nodes.get(id);
        if (n === undefined || p === undefined || !n.alive) return null;
        return (
          <g key={id} transform={`translate(${p.x},${p.y})`} className={frozen ? 'frozen' : undefined} data-timer-frozen={frozen || undefined}>
            <circle className="timer-track" r={(inner + outer) / 2} />
            <path
              className={`timer-arc${n.role === 'leader' ? ' leader' : ''}`}
              ref={(el) => {
                if (el === null) arcs.current.delete(id);
                else arcs.current.set(id, el);
              }}
            />
          </g>
        );
      })}
    </g>
  );
}

// ------------------------------------------------------------------ drops

/** A red ✗ where a message was dropped, fading over BURST_MS of simulated time. */
function DropBursts({ layout }: { layout: StageLayout }) {
  const t = useApp((s) => s.displayedTime);
  const source = usePane((p) => p.session);
  const bursts = recentDrops(t, source);
  if (bursts.length === 0) return null;
  return (
    <g aria-hidden="true">
      {bursts.map((b) => {
        const lane = laneFor(layout, b.from, b.to);
        if (lane === null) return null;
        const p = b.reason === 'user' ? pointAlong(lane, 0.5) : pointAlong(lane, 0.92);
        const age = (t - b.at) / BURST_MS;
        const s = 6 + age * 4;
        return (
          <g key={`d${b.id}-${b.at}`} transform={`translate(${p.x},${p.y})`} opacity={Math.max(0, 1 - age)}>
            <line className="drop-burst" x1={-s} y1={-s} x2={s} y2={s} />
            <line className="drop-burst" x1={s} y1={-s} x2={-s} y2={s} />
            <text className="drop-burst-text" y={s + 11} textAnchor="middle">
              {SHORT_REASON[b.reason] ?? b.reason}
            </text>
          </g>
        );
      })}
    </g>
  );
}

interface Burst {
  id: number;
  at: number;
  from: string;
  to: string;
  reason: string;
}

/** Drops that happened within BURST_MS before t (drawn as a fading ✗ where they failed). */
function recentDrops(t: number, source: Session): Burst[] {
  const { tm } = source;
  const out: Burst[] = [];
  for (let i = tm.traceLength - 1; i >= 0 && i >= tm.traceLength - 4000; i--) {
    const e = tm.trace.get(i);
    if (e.at < t - BURST_MS) break;
    if (e.type === 'drop' && e.at <= t) out.push({ id: e.message.id, at: e.at, from: e.message.from, to: e.message.to, reason: e.reason });
  }
  return out;
}
