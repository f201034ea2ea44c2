// The cluster stage: the layers of one drawing, bottom to top —
//   NetworkLayer.tsx   partition groups, links (cut ones marked)
//   ClientsLayer.tsx   the simulated clients' column
//   ServersLayer.tsx   the servers on the ring (dragged into partition groups: useServerDrag.ts, drag.ts)
//   MessageCanvas.tsx  every message in flight at its exact position for the displayed time (a canvas)
//   OverlayLayer.tsx   timer arcs, dropped-message bursts, the drag hint (per-frame, an SVG of its own)
//   StageChrome.tsx    the banner, the corner buttons, the hint line, skipped script actions
// React owns the DOM; geometry comes from pure functions (geometry.ts, stageLayout.ts). The
// pane (pane.ts) says which run is drawn: the main one, or compare pane B.

import { useMemo, useRef, useState, type MouseEvent } from 'react';
import { useApp } from '../../store/app.ts';
import { useCompare } from '../../store/compare.ts';
import { currentGroups } from '../../store/partition.ts';
import { openContextMenu, openLinkEditor, selectNode } from '../../store/ui.ts';
import { useSize } from '../hooks.ts';
import { usePane } from '../pane.ts';
import { ringSlots } from '../geometry.ts';
import { stageLayout } from '../stageLayout.ts';
import { session } from '../../store/session.ts';
import { clientsOnStage, ClientsLayer } from './ClientsLayer.tsx';
import { MessageCanvas } from './MessageCanvas.tsx';
import { GroupsLayer, LinksLayer } from './NetworkLayer.tsx';
import { OverlayLayer } from './OverlayLayer.tsx';
import { ServersLayer } from './ServersLayer.tsx';
import { DiskMarks } from './DiskMarks.tsx';
import { bannerStrip, StageBanner, StageCorner, StageHint, useStageBannerShown } from './StageChrome.tsx';
import { useServerDrag } from './useServerDrag.ts';

export function ClusterView() {
  const ref = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useSize(ref);
  const frame = usePane((p) => p.frame);
  // pane B of a comparison draws its own run; acting is done on pane A, the script both replay
  const mainPane = usePane((p) => p.id === 'a');
  const comparing = useCompare((c) => c.active);
  const presentation = useApp((s) => s.presentation);
  const selectedNode = useApp((s) => s.selectedNode);

  const clientIds = useMemo(() => clientsOnStage(frame.clients, frame.messages), [frame.clients, frame.messages]);
  const clientKey = clientIds.join(',');
  // Servers the script adds later are drawn "not yet added" in the place they will take, and
  // every server keeps its place on the ring as others join (ringSlots): nobody jumps.
  const plannedKey = useApp((s) => plannedServers(s.frame.ids, s.frame.actions));
  const planned = useMemo(() => (plannedKey === '' ? [] : plannedKey.split('\u0000')), [plannedKey]);
  const [slots, setSlots] = useState(() => ringSlots(null, frame.ids, planned));
  const nextSlots = ringSlots(slots, frame.ids, planned);
  if (nextSlots !== slots) setSlots(nextSlots);
  const placed = useMemo(() => [...frame.ids, ...planned.filter((id) => !frame.ids.includes(id))], [frame.ids, planned]);
  // a banner (manual network, partition) keeps a strip at the bottom: it never sits on a server
  const banner = useStageBannerShown();
  const layoutHeight = banner ? Math.max(120, size.height - bannerStrip(presentation)) : size.height;
  const layout = useMemo(
    () => stageLayout(placed, clientKey === '' ? [] : clientKey.split(','), size.width, layoutHeight, presentation, nextSlots),
    [placed, clientKey, size.width, layoutHeight, presentation, nextSlots],
  );
  // a server not yet added is no drop target: dragging works on the run's servers only
  const dragLayout = useMemo(
    () => (placed.length === frame.ids.length ? layout : { ...layout, nodes: new Map([...layout.nodes].filter(([id]) => frame.ids.includes(id))) }),
    [layout, placed.length, frame.ids],
  );
  const { drag, target, onServerPointerDown, onPointerMove, onPointerUp, onPointerCancel } = useServerDrag(svgRef, dragLayout);

  const onBackgroundClick = (e: MouseEvent) => {
    if (e.target === svgRef.current) {
      selectNode(null);
      openContextMenu(null);
      openLinkEditor(null);
    }
  };

  const groups = frame.network.groups.length > 0 ? currentGroups(frame) : [];

  return (
    <div className="stage" ref={ref}>
      <svg
        ref={svgRef}
        className={`cluster${drag?.moved === true ? ' dragging' : ''}`}
        viewBox={`0 0 ${size.width} ${size.height}`}
        role="group"
        aria-label={`Cluster of ${frame.ids.length} servers${frame.leader !== null ? `, leader ${frame.leader}` : ', no leader'}. Drag a server onto another to put them in one partition group; drag it away to isolate it.`}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onClick={onBackgroundClick}
      >
        <GroupsLayer groups={groups} layout={layout} />
        <LinksLayer ids={frame.ids} network={frame.network} layout={layout} />
        <ClientsLayer clients={frame.clients} ids={clientIds} layout={layout} />
        <ServersLayer
          ids={frame.ids}
          planned={placed.length > frame.ids.length ? placed.slice(frame.ids.length) : NONE}
          leader={frame.leader}
          nodes={frame.nodes}
          layout={layout}
          selected={selectedNode}
          drag={drag}
          target={target}
          onServerPointerDown={onServerPointerDown}
        />
        <DiskMarks ids={frame.ids} layout={layout} />
      </svg>
      {/* What moves every frame lives in layers of its own, so the static drawing is not repainted. */}
      <MessageCanvas layout={layout} />
      <OverlayLayer size={size} layout={layout} nodes={frame.nodes} ids={frame.ids} drag={drag} />
      <StageBanner />
      {mainPane && <StageCorner comparing={comparing} />}
      {mainPane && <StageHint comparing={comparing} />}
    </div>
  );
}

const NONE: readonly string[] = [];

/**
 * The servers the action script adds after the displayed time (addServer of a name the run does
 * not know yet), as one string (a stable store selection): the stage draws them "not yet added".
 * `actionCount` only makes the selection change when the script does.
 */
function plannedServers(ids: readonly string[], _actionCount: number): string {
  const out: string[] = [];
  for (const a of session().tm.actions) {
    if (a.type === 'addServer' && !ids.includes(a.node) && !out.includes(a.node)) out.push(a.node);
  }
  return out.join('\u0000');
}
