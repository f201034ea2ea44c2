// The cluster stage: the layers of one drawing, bottom to top —
//   NetworkLayer.tsx   partition groups, links (cut ones marked)
//   ClientsLayer.tsx   the simulated clients' column
//   ServersLayer.tsx   the servers on the ring (dragged into partition groups: useServerDrag.ts, drag.ts)
//   MessageCanvas.tsx  every message in flight at its exact position for the displayed time (a canvas)
//   OverlayLayer.tsx   timer arcs, dropped-message bursts, the drag hint (per-frame, an SVG of its own)
//   StageChrome.tsx    the banner, the corner buttons, the hint line, skipped script actions
// React owns the DOM; geometry comes from pure functions (geometry.ts, stageLayout.ts). The
// pane (pane.ts) says which run is drawn: the main one, or compare pane B.

import { useMemo, useRef, type MouseEvent } from 'react';
import { useApp } from '../../store/app.ts';
import { useCompare } from '../../store/compare.ts';
import { currentGroups } from '../../store/partition.ts';
import { openContextMenu, openLinkEditor, selectNode } from '../../store/ui.ts';
import { useSize } from '../hooks.ts';
import { usePane } from '../pane.ts';
import { stageLayout } from '../stageLayout.ts';
import { clientsOnStage, ClientsLayer } from './ClientsLayer.tsx';
import { MessageCanvas } from './MessageCanvas.tsx';
import { GroupsLayer, LinksLayer } from './NetworkLayer.tsx';
import { OverlayLayer } from './OverlayLayer.tsx';
import { ServersLayer } from './ServersLayer.tsx';
import { StageBanner, StageCorner, StageHint } from './StageChrome.tsx';
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
  const layout = useMemo(
    () => stageLayout(frame.ids, clientKey === '' ? [] : clientKey.split(','), size.width, size.height, presentation),
    [frame.ids, clientKey, size.width, size.height, presentation],
  );
  const { drag, target, onServerPointerDown, onPointerMove, onPointerUp, onPointerCancel } = useServerDrag(svgRef, layout);

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
          nodes={frame.nodes}
          layout={layout}
          selected={selectedNode}
          drag={drag}
          target={target}
          onServerPointerDown={onServerPointerDown}
        />
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
