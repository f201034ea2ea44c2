// The drag gesture on the stage's servers: a press that does not move is a click (select the
// server, or pick it for a tour step); dragged onto another server it joins that server's
// partition group; dragged away from home it is isolated. The maths is drag.ts.

import { useCallback, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { moveToGroup } from '../../store/actions.ts';
import { pickNode } from '../../store/tour.ts';
import { selectNode } from '../../store/ui.ts';
import type { Point } from '../geometry.ts';
import type { StageLayout } from '../stageLayout.ts';
import { dragTo, dropTarget, release, type Drag } from './drag.ts';

export interface ServerDrag {
  drag: Drag | null;
  /** The server the dragged one would join if released now. */
  target: string | null;
  onServerPointerDown: (id: string, e: ReactPointerEvent) => void;
  /** For the stage's SVG: */
  onPointerMove: (e: ReactPointerEvent) => void;
  onPointerUp: (e: ReactPointerEvent) => void;
  onPointerCancel: () => void;
}

export function useServerDrag(svgRef: RefObject<SVGSVGElement | null>, layout: StageLayout): ServerDrag {
  const [drag, setDrag] = useState<Drag | null>(null);

  const toSvg = useCallback(
    (e: { clientX: number; clientY: number }): Point => {
      const r = svgRef.current?.getBoundingClientRect();
      return r === undefined ? { x: e.clientX, y: e.clientY } : { x: e.clientX - r.left, y: e.clientY - r.top };
    },
    [svgRef],
  );

  const onServerPointerDown = useCallback(
    (id: string, e: ReactPointerEvent) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      e.currentTarget.setPointerCapture(e.pointerId);
      const p = toSvg(e);
      setDrag({ id, pointerId: e.pointerId, start: p, at: p, moved: false });
    },
    [toSvg],
  );
  const onPointerMove = (e: ReactPointerEvent) => {
    if (drag === null || e.pointerId !== drag.pointerId) return;
    setDrag(dragTo(drag, toSvg(e)));
  };
  const onPointerUp = (e: ReactPointerEvent) => {
    if (drag === null || e.pointerId !== drag.pointerId) return;
    setDrag(null);
    const r = release(drag, layout.nodes, layout.nodeRadius);
    if (r.kind === 'click') {
      if (!pickNode(drag.id)) selectNode(drag.id); // a click, unless the tour editor is picking
    } else if (r.kind === 'join') {
      moveToGroup(drag.id, r.target);
    } else if (r.kind === 'isolate') {
      moveToGroup(drag.id, null);
    }
  };

  return {
    drag,
    target: dropTarget(drag, layout.nodes, layout.nodeRadius),
    onServerPointerDown,
    onPointerMove,
    onPointerUp,
    onPointerCancel: () => setDrag(null),
  };
}
