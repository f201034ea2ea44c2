// The servers on the ring: each one's shape and colour by role (and a ✕ when crashed), its
// term inside, its name, role and vote beside it; a focusable button that selects it (Enter)
// and is dragged into partition groups (useServerDrag.ts). The actions menu (Shift+F10 / Menu
// key on a focused server) is in the shortcut table (shortcuts.ts).

import { memo, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { NodeView } from '../../sim/index.ts';
import { memberStatus, type MemberStatus } from '../../store/membership.ts';
import { openContextMenu, selectNode } from '../../store/ui.ts';
import { pickNode } from '../../store/tour.ts';
import { polygonPoints, type Point } from '../geometry.ts';
import { shortName, shortNameFor } from '../names.ts';
import { labelPlacement, type StageLayout } from '../stageLayout.ts';
import { roleStyle, STATUS_BADGE, STATUS_LABEL } from '../visuals.ts';
import { drawOrder, type Drag } from './drag.ts';

export function ServersLayer({
  ids,
  planned,
  leader,
  nodes,
  layout,
  selected,
  drag,
  target,
  onServerPointerDown,
}: {
  ids: readonly string[];
  /** Servers the script adds later: drawn where they will be, "not yet added". */
  planned: readonly string[];
  leader: string | null;
  nodes: ReadonlyMap<string, NodeView>;
  layout: StageLayout;
  selected: string | null;
  drag: Drag | null;
  /** The drop target of the drag, highlighted. */
  target: string | null;
  onServerPointerDown: (id: string, e: ReactPointerEvent) => void;
}) {
  return (
    <g className="nodes">
      {planned.map((id) => {
        const home = layout.nodes.get(id);
        return home === undefined ? null : <PlannedGlyph key={id} id={id} all={planned} at={home} r={layout.nodeRadius} fontScale={layout.fontScale} />;
      })}
      {drawOrder(ids, drag).map((id) => {
        const n = nodes.get(id);
        const home = layout.nodes.get(id);
        if (n === undefined || home === undefined) return null;
        const dragged = drag !== null && drag.moved && drag.id === id;
        return (
          <NodeGlyph
            key={id}
            compact={layout.namesOnly}
            stacked={layout.labelsStacked}
            n={n}
            status={memberStatus({ leader, nodes }, id)}
            at={dragged ? drag.at : home}
            angle={home.angle}
            nx={home.nx}
            ny={home.ny}
            r={layout.nodeRadius}
            fontScale={layout.fontScale}
            single={ids.length === 1}
            ids={ids}
            selected={selected === id}
            dropTarget={target === id}
            dragged={dragged}
            onPointerDown={onServerPointerDown}
          />
        );
      })}
    </g>
  );
}

interface NodeGlyphProps {
  /** Labels show the name only. */
  compact: boolean;
  /** Names above and below servers (a narrow stage). */
  stacked: boolean;
  n: NodeView;
  /** Voter, learner, removed or outside the configuration (membership.ts): a badge and the role line say so. */
  status: MemberStatus;
  at: Point;
  angle: number;
  /** The ring's outward normal at the server's home. */
  nx: number;
  ny: number;
  r: number;
  fontScale: number;
  single: boolean;
  /** Every server's name: a long name is shortened from the side it shares with them (names.ts). */
  ids: readonly string[];
  selected: boolean;
  dropTarget: boolean;
  dragged: boolean;
  onPointerDown: (id: string, e: ReactPointerEvent) => void;
}

const NodeGlyph = memo(function NodeGlyph({ compact, stacked, n, status, at, angle, nx, ny, r, fontScale, single, ids, selected, dropTarget, dragged, onPointerDown }: NodeGlyphProps) {
  const st = roleStyle(n.role, n.alive);
  const label = labelPlacement({ x: at.x, y: at.y, angle, nx, ny }, r, single, compact, stacked);
  const vote = n.votedFor === null ? 'no vote' : n.votedFor === n.id ? 'voted self' : `voted ${n.votedFor}`;
  const nameSize = 13 * fontScale;
  const subSize = 11 * fontScale;
  const maxChars = Math.max(8, Math.round(18 / fontScale));
  const name = shortName(n.id, ids, maxChars);
  const shortVote = n.votedFor === null || n.votedFor === n.id ? vote : `voted ${shortName(n.votedFor, ids, Math.max(6, maxChars - 4))}`;
  const sub = status === 'voter' ? `${st.label} · ${shortVote}` : `${STATUS_LABEL[status]} · ${st.label}`;
  const aria = `${n.id}: ${status === 'voter' ? '' : `${STATUS_LABEL[status]}, `}${n.alive ? st.label : 'crashed'}, term ${n.term}, ${vote}${n.leaderId !== null && n.leaderId !== n.id ? `, knows leader ${n.leaderId}` : ''}, commit index ${n.commitIndex}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (!pickNode(n.id)) selectNode(n.id); // the tour editor's pick mode takes Enter too
    }
  };

  const termSize = Math.max(12, r * (n.term >= 100 ? 0.62 : 0.82));
  return (
    <g
      className={`node ${st.cls}${status === 'voter' ? '' : ` member-${status}`}${selected ? ' selected' : ''}${dropTarget ? ' drop-target' : ''}${dragged ? ' dragged' : ''}`}
      transform={`translate(${at.x},${at.y})`}
      tabIndex={0}
      role="button"
      aria-label={aria}
      aria-pressed={selected}
      data-node={n.id}
      onPointerDown={(e) => onPointerDown(n.id, e)}
      onContextMenu={(e) => {
        e.preventDefault();
        e.stopPropagation();
        openContextMenu({ node: n.id, x: e.clientX, y: e.clientY });
      }}
      onKeyDown={onKeyDown}
    >
      <title>{aria}</title>
      <circle className="focus-ring" r={r + 13} fill="transparent" stroke="none" />
      {selected && <circle className="sel-ring" r={r + 11} />}
      <NodeBody shape={st.shape} r={r} />
      {r >= 18 && (
        <text className="term-caption" y={-r * 0.48} style={{ fontSize: Math.max(9, Math.min(r * 0.3, 9 * fontScale)) }}>
          term
        </text>
      )}
      <text className="term" y={r >= 18 ? r * 0.1 : 0} style={{ fontSize: termSize }}>
        {n.term}
      </text>
      {status !== 'voter' && <StatusBadge status={status} r={r} fontScale={fontScale} />}
      {!n.alive && (
        <g className="crash-mark" aria-hidden="true">
          <line x1={-r * 0.7} y1={-r * 0.7} x2={r * 0.7} y2={r * 0.7} />
          <line x1={r * 0.7} y1={-r * 0.7} x2={-r * 0.7} y2={r * 0.7} />
        </g>
      )}
      <text
        className="name"
        x={label.x - at.x}
        y={label.y - at.y + (label.position === 'above' ? (compact ? 0 : -subSize - 3) : label.position === 'below' ? nameSize : compact ? nameSize / 3 : -3)}
        textAnchor={label.anchor}
        style={{ fontSize: nameSize }}
      >
        {name}
      </text>
      {!compact && (
        <text
          className="sub"
          x={label.x - at.x}
          y={label.y - at.y + (label.position === 'above' ? 0 : label.position === 'below' ? nameSize + subSize + 3 : subSize + 1)}
          textAnchor={label.anchor}
          style={{ fontSize: subSize }}
        >
          {sub}
        </text>
      )}
    </g>
  );
});

function NodeBody({ shape, r }: { shape: string; r: number }) {
  switch (shape) {
    case 'diamond':
      return <polygon className="body" points={polygonPoints(4, r * 1.18)} />;
    case 'hexagon':
      return <polygon className="body" points={polygonPoints(6, r * 1.08, Math.PI / 6)} />;
    default:
      return <circle className="body" r={r} />;
  }
}

function StatusBadge({ status, r, fontScale }: { status: Exclude<MemberStatus, 'voter'>; r: number; fontScale: number }) {
  const br = Math.max(9, 9 * fontScale);
  return (
    <g className={`member-badge ${status}`} transform={`translate(${-r * 0.8},${-r * 0.8})`} aria-hidden="true">
      <circle r={br} />
      <text y={br * 0.36} style={{ fontSize: br * 1.15 }}>
        {STATUS_BADGE[status]}
      </text>
    </g>
  );
}

/** A server the script adds later: a dashed outline where it will stand, its name, "not yet added". */
function PlannedGlyph({ id, all, at, r, fontScale }: { id: string; all: readonly string[]; at: Point; r: number; fontScale: number }) {
  return (
    <g className="node planned" transform={`translate(${at.x},${at.y})`} data-planned={id} aria-label={`${id}: not yet added`} role="img">
      <circle className="body" r={r} />
      <text className="name" y={-2} style={{ fontSize: 12 * fontScale }}>
        {shortNameFor(id, all, 2 * r - 4, 12 * fontScale)}
      </text>
      <text className="sub" y={r + 12 * fontScale} style={{ fontSize: 10 * fontScale }}>
        not yet added
      </text>
    </g>
  );
}
