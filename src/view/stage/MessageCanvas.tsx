// The messages in flight on the stage, painted on a canvas (see messagePaint.ts for why),
// redrawn when what is in flight changes and moved every frame without re-rendering. The
// pointer finds them by hit-testing: a click inspects one (or picks it for a tour step), and
// hovering shows its label as the stage's tooltip.

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { MessageView, NetworkView, NodeView } from '../../sim/index.ts';
import { useApp } from '../../store/app.ts';
import { pause } from '../../store/playback.ts';
import { linkUp } from '../../store/partition.ts';
import { selectMessage } from '../../store/ui.ts';
import { currentHighlights, pickMessage, useTour } from '../../store/tour.ts';
import { useCssColours, useDisplayedTime } from '../hooks.ts';
import { drawMessages, hitTest, hoverLabel, messagePoint, messagesSvg, readPalette, type DrawOptions, type MessageDraw } from '../messagePaint.ts';
import { usePane } from '../pane.ts';
import { laneFor, type StageLayout } from '../stageLayout.ts';
import { waitingSpots, type Segment } from '../geometry.ts';
import { MESSAGE_SIZE } from '../Glyphs.tsx';

/** The lane moved sideways by `by` px (to the right of its direction, as lanes are). */
function besideLane(lane: Segment, by: number): Segment {
  const dx = lane.to.x - lane.from.x;
  const dy = lane.to.y - lane.from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ox = (-dy / len) * by;
  const oy = (dx / len) * by;
  return { from: { x: lane.from.x + ox, y: lane.from.y + oy }, to: { x: lane.to.x + ox, y: lane.to.y + oy } };
}

function isDoomed(m: MessageView, network: NetworkView, nodes: ReadonlyMap<string, NodeView>): boolean {
  if (!linkUp(network, m.from, m.to)) return true;
  const dest = nodes.get(m.to);
  return dest !== undefined && !dest.alive;
}

/** Lanes by (from, to) for one layout. */
class LaneCache {
  private lanes = new Map<string, Segment | null>();
  constructor(private readonly layout: StageLayout) {}
  get(from: string, to: string): Segment | null {
    const key = from + '\u0000' + to;
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = laneFor(this.layout, from, to);
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

interface Drawn {
  draws: MessageDraw[];
  options: DrawOptions;
}

/** What pane A shows, for the SVG export of the cluster view. */
let shownForExport: Drawn | null = null;

/** The messages pane A shows at time t, as SVG elements with the app's classes (for export). */
export function messagesForExport(doc: Document, t: number): SVGGElement | null {
  return shownForExport === null ? null : messagesSvg(doc, shownForExport.draws, t, shownForExport.options);
}

export function MessageCanvas({ layout }: { layout: StageLayout }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const messages = usePane((p) => p.frame.messages);
  const network = usePane((p) => p.frame.network);
  const nodes = usePane((p) => p.frame.nodes);
  // message ids belong to one run: selection, "why" and tour highlights are pane A's
  const mainPane = usePane((p) => p.id === 'a');
  const selected = useApp((s) => (mainPane ? s.selectedMessage : null));
  const why = useApp((s) => (mainPane ? s.why : null));
  const labels = useApp((s) => s.showMessageLabels);
  const tourMessages = useTour((s) => (mainPane ? (currentHighlights(s)?.messages ?? null) : null));

  const lanes = useMemo(() => new LaneCache(layout), [layout]);
  const drawn = useMemo((): Drawn => {
    const whySet = new Set(why?.messages ?? []);
    const highlighted = new Set(tourMessages ?? []);
    // messages held by a manual network wait near their sender, fanned out along the lane, clear
    // of the sender's shape and within its half of the lane however many wait (waitingSpots)
    const scale = layout.fontScale > 1 ? 1.2 : 1;
    const perLane = new Map<string, number>();
    for (const m of messages) {
      if (m.deliverAt !== null) continue;
      const key = m.from + '\u0000' + m.to;
      perLane.set(key, (perLane.get(key) ?? 0) + 1);
    }
    const spots = new Map<string, { at: number[]; next: number }>();
    const draws: MessageDraw[] = [];
    for (const m of messages) {
      const original = lanes.get(m.from, m.to);
      if (original === null) continue;
      // a copy (Duplicate) travels beside its original, never hidden under it
      const lane = m.copyOf === undefined ? original : besideLane(original, MESSAGE_SIZE * 1.1 * scale);
      let waiting: number | null = null;
      if (m.deliverAt === null) {
        const key = m.from + '\u0000' + m.to;
        let s = spots.get(key);
        if (s === undefined) {
          const length = Math.hypot(lane.to.x - lane.from.x, lane.to.y - lane.from.y);
          s = { at: waitingSpots(perLane.get(key) ?? 1, length, MESSAGE_SIZE * 1.45 * scale), next: 0 };
          spots.set(key, s);
        }
        waiting = s.at[s.next++] ?? 0.5;
      }
      draws.push({ m, lane, waiting, selected: selected === m.id, why: whySet.has(m.id), doomed: isDoomed(m, network, nodes), highlighted: highlighted.has(m.id) });
    }
    return { draws, options: { labels, scale } };
  }, [messages, lanes, network, nodes, selected, why, tourMessages, labels, layout.fontScale]);

  // the theme's colours, read again when the theme changes
  const palette = useCssColours(canvasRef, readPalette);

  // Painted once per frame: when the data changed, by the layout effect after React rendered
  // it; when only the time moved, by the time subscription — deferred to a microtask, so that
  // when both happen in one frame the second sees the first already painted that moment.
  const painted = useRef<{ t: number; drawn: Drawn | null }>({ t: -1, drawn: null });
  const paint = useCallback(
    (t: number) => {
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (canvas === null || ctx === null || ctx === undefined || palette === null) return;
      if (painted.current.t === t && painted.current.drawn === drawn) return;
      painted.current = { t, drawn };
      const dpr = window.devicePixelRatio || 1;
      const w = Math.round(layout.width * dpr);
      const h = Math.round(layout.height * dpr);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, layout.width, layout.height);
      drawMessages(ctx, drawn.draws, t, palette, drawn.options, dpr);
      // where each message is, for tests and tools that drive the page (cheap: one attribute)
      canvas.dataset.drawn = JSON.stringify(
        drawn.draws.map((d) => {
          const p = messagePoint(d, t);
          return [d.m.id, Math.round(p.x), Math.round(p.y), `${d.highlighted ? 'h' : ''}${d.selected ? 's' : ''}`];
        }),
      );
    },
    [drawn, layout.width, layout.height, palette],
  );
  useLayoutEffect(() => {
    painted.current.drawn = null; // a new theme or size: paint again
    paint(useApp.getState().displayedTime);
  }, [paint]);
  const paintRef = useRef(paint);
  useLayoutEffect(() => {
    paintRef.current = paint;
  }, [paint]);
  const paintLater = useCallback((t: number) => queueMicrotask(() => paintRef.current(t)), []);
  useDisplayedTime(paintLater);

  useEffect(() => {
    if (!mainPane) return;
    shownForExport = drawn;
    return () => {
      if (shownForExport === drawn) shownForExport = null;
    };
  }, [drawn, mainPane]);

  // The pointer: the canvas lets every event through to the stage; the stage asks it first.
  useEffect(() => {
    const canvas = canvasRef.current;
    const stage = canvas?.parentElement;
    if (canvas === null || stage === null || stage === undefined) return;
    const at = (e: MouseEvent): MessageDraw | null => {
      const r = canvas.getBoundingClientRect();
      return hitTest(drawn.draws, useApp.getState().displayedTime, e.clientX - r.left, e.clientY - r.top, drawn.options.scale);
    };
    const onClick = (e: MouseEvent) => {
      const d = at(e);
      if (d === null) return;
      e.stopPropagation();
      e.preventDefault();
      if (!mainPane) return; // pane B: its messages are shown, not selected (their ids are not pane A's)
      if (pickMessage(d.m.id)) return; // the tour editor's pick mode
      pause();
      selectMessage(d.m.id);
    };
    const onMove = (e: PointerEvent) => {
      const d = at(e);
      stage.classList.toggle('over-message', d !== null);
      if (d !== null) stage.title = hoverLabel(d);
      else if (stage.title !== '') stage.removeAttribute('title');
    };
    const onLeave = () => {
      stage.classList.remove('over-message');
      stage.removeAttribute('title');
    };
    stage.addEventListener('click', onClick, true);
    stage.addEventListener('pointermove', onMove);
    stage.addEventListener('pointerleave', onLeave);
    return () => {
      stage.removeEventListener('click', onClick, true);
      stage.removeEventListener('pointermove', onMove);
      stage.removeEventListener('pointerleave', onLeave);
    };
  }, [drawn, mainPane]);

  return (
    <canvas
      ref={canvasRef}
      className="messages-canvas"
      data-testid="messages"
      style={{ width: layout.width, height: layout.height }}
      aria-label={`${messages.length} message${messages.length === 1 ? '' : 's'} in flight (listed in the Message tab)`}
      role="img"
    />
  );
}
