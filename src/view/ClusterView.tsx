// The cluster view: servers on a ring, links (cut ones marked), partition groups shaded,
// simulated clients in a column, and every message in flight at its exact position for the
// displayed time (painted on a canvas: MessageCanvas.tsx). React owns the DOM; geometry comes from pure functions (geometry.ts,
// stageLayout.ts). Layers that move every frame subscribe to the displayed time on their own.

import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { NetworkView, NodeView } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import type { ClientView } from '../store/frame.ts';
import { addServer, heal, setManualNetwork, moveToGroup } from '../store/actions.ts';
import { currentGroups, linkUp } from '../store/partition.ts';
import { openContextMenu, openDialog, openLinkEditor, selectNode } from '../store/ui.ts';
import { describeCommand } from '../store/describe.ts';
import { openCompareDialog, useCompare } from '../store/compare.ts';
import type { Session } from '../store/session.ts';
import { pickNode } from '../store/tour.ts';
import {
  ellipsize,
  groupOutline,
  pointAlong,
  polygonPoints,
  timerArcPath,
  timerFraction,
  type Point,
} from './geometry.ts';
import { useDisplayedTime, useSize } from './hooks.ts';
import { MessageCanvas } from './MessageCanvas.tsx';
import { SkippedActions } from './SkippedActions.tsx';
import { usePane } from './pane.ts';
import { labelPlacement, laneFor, stageLayout, type StageLayout } from './stageLayout.ts';
import { roleStyle } from './visuals.ts';

const BURST_MS = 60;
const SHORT_REASON: Record<string, string> = {
  loss: 'lost',
  partition: 'partition',
  'link-down': 'link cut',
  crashed: 'crashed',
  user: 'dropped',
  removed: 'removed',
};

interface DragState {
  id: string;
  pointerId: number;
  start: Point;
  at: Point;
  moved: boolean;
}

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
  const [drag, setDrag] = useState<DragState | null>(null);

  const clientIds = useMemo(() => {
    const ids = new Set(frame.clients.map((c) => c.id));
    for (const m of frame.messages) {
      if (/^C\d+$/.test(m.from)) ids.add(m.from);
      if (/^C\d+$/.test(m.to)) ids.add(m.to);
    }
    return [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }, [frame.clients, frame.messages]);
  const clientKey = clientIds.join(',');
  const layout = useMemo(
    () => stageLayout(frame.ids, clientKey === '' ? [] : clientKey.split(','), size.width, size.height, presentation),
    [frame.ids, clientKey, size.width, size.height, presentation],
  );

  const toSvg = useCallback((e: { clientX: number; clientY: number }): Point => {
    const r = svgRef.current?.getBoundingClientRect();
    return r === undefined ? { x: e.clientX, y: e.clientY } : { x: e.clientX - r.left, y: e.clientY - r.top };
  }, []);

  const dropTarget = useMemo(() => {
    if (drag === null || !drag.moved) return null;
    let best: string | null = null;
    let bestD = layout.nodeRadius * 1.8;
    for (const [id, p] of layout.nodes) {
      if (id === drag.id) continue;
      const d = Math.hypot(p.x - drag.at.x, p.y - drag.at.y);
      if (d < bestD) {
        best = id;
        bestD = d;
      }
    }
    return best;
  }, [drag, layout]);

  const onNodePointerDown = (id: string, e: ReactPointerEvent) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = toSvg(e);
    setDrag({ id, pointerId: e.pointerId, start: p, at: p, moved: false });
  };
  const onPointerMove = (e: ReactPointerEvent) => {
    if (drag === null || e.pointerId !== drag.pointerId) return;
    const p = toSvg(e);
    const moved = drag.moved || Math.hypot(p.x - drag.start.x, p.y - drag.start.y) > 6;
    setDrag({ ...drag, at: p, moved });
  };
  const onPointerUp = (e: ReactPointerEvent) => {
    if (drag === null || e.pointerId !== drag.pointerId) return;
    setDrag(null);
    if (!drag.moved) {
      if (!pickNode(drag.id)) selectNode(drag.id); // a click, unless the tour editor is picking
      return;
    }
    if (dropTarget !== null) {
      moveToGroup(drag.id, dropTarget);
      return;
    }
    const home = layout.nodes.get(drag.id);
    if (home !== undefined && Math.hypot(home.x - drag.at.x, home.y - drag.at.y) > layout.nodeRadius * 2.2) {
      moveToGroup(drag.id, null);
    }
  };

  const onBackgroundClick = (e: React.MouseEvent) => {
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
        onPointerCancel={() => setDrag(null)}
        onClick={onBackgroundClick}
      >
        <GroupsLayer groups={groups} layout={layout} />
        <LinksLayer ids={frame.ids} network={frame.network} layout={layout} />
        <ClientsLayer clients={frame.clients} ids={clientIds} layout={layout} />
        <g className="nodes">
          {(drag?.moved === true ? [...frame.ids.filter((x) => x !== drag.id), drag.id] : frame.ids).map((id) => {
            const n = frame.nodes.get(id);
            const home = layout.nodes.get(id);
            if (n === undefined || home === undefined) return null;
            const dragged = drag !== null && drag.moved && drag.id === id;
            return (
              <NodeGlyph
                key={id}
                compact={layout.namesOnly}
                stacked={layout.labelsStacked}
                n={n}
                at={dragged ? drag.at : home}
                angle={home.angle}
                nx={home.nx}
                ny={home.ny}
                r={layout.nodeRadius}
                fontScale={layout.fontScale}
                single={frame.ids.length === 1}
                selected={selectedNode === id}
                dropTarget={dropTarget === id}
                dragged={dragged}
                onPointerDown={onNodePointerDown}
              />
            );
          })}
        </g>
      </svg>
      {/* What moves every frame lives in layers of its own, so the static drawing is not repainted. */}
      <MessageCanvas layout={layout} />
      <svg className="cluster overlay" viewBox={`0 0 ${size.width} ${size.height}`} aria-hidden="true">
        <TimersLayer layout={layout} nodes={frame.nodes} ids={frame.ids} />
        <DropBursts layout={layout} />
        {drag?.moved === true && dropTarget === null && (
          <text x={drag.at.x} y={drag.at.y - layout.nodeRadius - 12} textAnchor="middle" className="group-label">
            {Math.hypot((layout.nodes.get(drag.id)?.x ?? 0) - drag.at.x, (layout.nodes.get(drag.id)?.y ?? 0) - drag.at.y) >
            layout.nodeRadius * 2.2
              ? 'release to isolate'
              : 'drop on a server to join its group'}
          </text>
        )}
      </svg>
      <StageBanner />
      {mainPane && (
        <div className="stage-corner">
          <button className="btn small" onClick={() => openDialog('legend')} title="What every shape and colour means (G)">
            Legend
          </button>
          <button className="btn small" onClick={() => addServer()} title="Add a server: the leader catches it up, then adds it to the configuration (one at a time)">
            + Server
          </button>
          {!comparing && (
            <button
              className="btn small"
              onClick={openCompareDialog}
              title="Compare side by side: this seed and action script with one option changed, in lockstep, with the first divergence marked"
              data-testid="compare"
            >
              Compare
            </button>
          )}
        </div>
      )}
      {mainPane && (
        <p className="stage-hint" aria-hidden="true">
          Click a server: inspect · right-click: actions · drag onto another: partition · click a link: cut
        </p>
      )}
      {/* comparing, each pane's header lists what its replay skipped */}
      {mainPane && !comparing && <SkippedActions label="Skipped" className="stage-skipped" />}
    </div>
  );
}

// ------------------------------------------------------------------ groups and links

function GroupsLayer({ groups, layout }: { groups: string[][]; layout: StageLayout }) {
  if (groups.length === 0) return null;
  return (
    <g className="groups" aria-hidden="true">
      {groups.map((g, i) => {
        const pts = g.map((id) => layout.nodes.get(id)).filter((p): p is NonNullable<typeof p> => p !== undefined);
        const d = groupOutline(pts);
        const colour = `var(--group-${i % 5})`;
        return (
          <path
            key={g.join('\u0000')}
            className="group-blob"
            d={d}
            fill={colour}
            stroke={colour}
            strokeWidth={layout.nodeRadius * 2 + 30}
          />
        );
      })}
    </g>
  );
}

const LinksLayer = memo(function LinksLayer({ ids, network, layout }: { ids: readonly string[]; network: NetworkView; layout: StageLayout }) {
  const items: React.ReactNode[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i];
      const b = ids[j];
      const pa = layout.nodes.get(a);
      const pb = layout.nodes.get(b);
      if (pa === undefined || pb === undefined) continue;
      const ab = linkUp(network, a, b);
      const ba = linkUp(network, b, a);
      const cut = !ab || !ba;
      if (layout.compact && !cut) continue;
      const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
      const label = `Link ${a} – ${b}: ${ab && ba ? 'up' : !ab && !ba ? 'cut both ways' : !ab ? `${a} → ${b} cut` : `${b} → ${a} cut`}. Click to cut or restore.`;
      const open = (x: number, y: number) => openLinkEditor({ a, b, x, y });
      items.push(
        <g key={`${a}\u0000${b}`}>
          <line
            className="link-hit"
            x1={pa.x}
            y1={pa.y}
            x2={pb.x}
            y2={pb.y}
            tabIndex={ids.length <= 9 ? 0 : -1}
            role="button"
            aria-label={label}
            onClick={(e) => {
              e.stopPropagation();
              open(e.clientX, e.clientY);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                const r = (e.currentTarget as Element).getBoundingClientRect();
                open(r.left + r.width / 2, r.top + r.height / 2);
              }
            }}
          >
            <title>{label}</title>
          </line>
          <line className={`link-line${cut ? ' cut' : ''}`} x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} pointerEvents="none" />
          {cut && (
            <text className="cut-mark" x={mid.x} y={mid.y} textAnchor="middle" dominantBaseline="central" pointerEvents="none">
              {ab === ba ? '✂' : ab ? `✂${arrowFor(pb, pa)}` : `✂${arrowFor(pa, pb)}`}
            </text>
          )}
        </g>,
      );
    }
  }
  return <g className="links">{items}</g>;
});

/** An arrow character pointing roughly from a to b (for one-way cuts). */
function arrowFor(a: Point, b: Point): string {
  const ang = Math.atan2(b.y - a.y, b.x - a.x);
  const arrows = ['→', '↘', '↓', '↙', '←', '↖', '↑', '↗'];
  const k = Math.round(ang / (Math.PI / 4));
  return arrows[((k % 8) + 8) % 8];
}

// ------------------------------------------------------------------ clients

const ClientsLayer = memo(function ClientsLayer({
  clients,
  ids,
  layout,
}: {
  clients: readonly ClientView[];
  ids: readonly string[];
  layout: StageLayout;
}) {
  if (ids.length === 0) return null;
  const byId = new Map(clients.map((c) => [c.id, c]));
  const { w, h } = layout.clientSize;
  return (
    <g className="clients">
      {ids.map((id) => {
        const p = layout.clients.get(id);
        if (p === undefined) return null;
        const c = byId.get(id);
        const status =
          c?.pending != null
            ? `… ${describeCommand(c.pending.op)}`
            : c?.last != null
              ? `✓ ${describeCommand(c.last.op)}${c.last.op.type === 'get' ? ` = ${c.last.result ?? '∅'}` : ''}`
              : 'idle';
        return (
          <g key={id} transform={`translate(${p.x},${p.y})`}>
            <title>{`Client ${id}: ${c?.pending != null ? 'waiting for ' + describeCommand(c.pending.op) : 'idle'}; ${c?.completed ?? 0} operations completed`}</title>
            <rect className="client-box" x={-w / 2} y={-h / 2} width={w} height={h} rx={6} />
            <text className="client-text" x={-w / 2 + 6} y={-2} fontWeight={700}>
              {id}
            </text>
            <text className="client-text muted" x={-w / 2 + 6} y={11} style={{ fontSize: 10 }}>
              {ellipsize(status, 15)}
            </text>
          </g>
        );
      })}
    </g>
  );
});

// ------------------------------------------------------------------ nodes

interface NodeGlyphProps {
  /** Labels show the name only. */
  compact: boolean;
  /** Names above and below servers (a narrow stage). */
  stacked: boolean;
  n: NodeView;
  at: Point;
  angle: number;
  /** The ring's outward normal at the server's home. */
  nx: number;
  ny: number;
  r: number;
  fontScale: number;
  single: boolean;
  selected: boolean;
  dropTarget: boolean;
  dragged: boolean;
  onPointerDown: (id: string, e: ReactPointerEvent) => void;
}

const NodeGlyph = memo(function NodeGlyph({ compact, stacked, n, at, angle, nx, ny, r, fontScale, single, selected, dropTarget, dragged, onPointerDown }: NodeGlyphProps) {
  const st = roleStyle(n.role, n.alive);
  const label = labelPlacement({ x: at.x, y: at.y, angle, nx, ny }, r, single, compact, stacked);
  const vote = n.votedFor === null ? 'no vote' : n.votedFor === n.id ? 'voted self' : `voted ${n.votedFor}`;
  const sub = `${st.label} · ${vote}`;
  const nameSize = 13 * fontScale;
  const subSize = 11 * fontScale;
  const maxChars = Math.max(8, Math.round(18 / fontScale));
  const name = ellipsize(n.id, maxChars);
  const aria = `${n.id}: ${n.alive ? st.label : 'crashed'}, term ${n.term}, ${vote}${n.leaderId !== null && n.leaderId !== n.id ? `, knows leader ${n.leaderId}` : ''}, commit index ${n.commitIndex}`;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectNode(n.id);
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      const rect = e.currentTarget.getBoundingClientRect();
      openContextMenu({ node: n.id, x: rect.right, y: rect.top + rect.height / 2 });
    }
  };

  const termSize = Math.max(12, r * (n.term >= 100 ? 0.62 : 0.82));
  return (
    <g
      className={`node ${st.cls}${selected ? ' selected' : ''}${dropTarget ? ' drop-target' : ''}${dragged ? ' dragged' : ''}`}
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
        <text className="term-caption" y={-r * 0.48}>
          term
        </text>
      )}
      <text className="term" y={r >= 18 ? r * 0.1 : 0} style={{ fontSize: termSize }}>
        {n.term}
      </text>
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

// ------------------------------------------------------------------ per-frame layers

function timerArc(n: NodeView, t: number, inner: number, outer: number, options: { heartbeatInterval: number; electionTimeoutMax: number }): string {
  if (!n.alive) return '';
  if (n.role === 'leader') return timerArcPath(timerFraction(n.heartbeatDue, t, options.heartbeatInterval), inner, inner + 2.5);
  return timerArcPath(timerFraction(n.electionDeadline, t, options.electionTimeoutMax), inner, outer);
}

function TimersLayer({ layout, nodes, ids }: { layout: StageLayout; nodes: ReadonlyMap<string, NodeView>; ids: readonly string[] }) {
  const timing = usePane((p) => p.options.timing);
  const inner = layout.nodeRadius + 4;
  const outer = layout.nodeRadius + 8;
  const arcs = useRef(new Map<string, SVGPathElement>());
  const update = useCallback(
    (t: number) => {
      for (const id of ids) {
        const n = nodes.get(id);
        const el = arcs.current.get(id);
        if (n === undefined || el === undefined) continue;
        el.setAttribute('d', timerArc(n, t, inner, outer, timing));
      }
    },
    [ids, nodes, inner, outer, timing],
  );
  useDisplayedTime(update);
  return (
    <g className="timers" aria-hidden="true" pointerEvents="none">
      {ids.map((id) => {
        const n = nodes.get(id);
        const p = layout.nodes.get(id);
        if (n === undefined || p === undefined || !n.alive) return null;
        return (
          <g key={id} transform={`translate(${p.x},${p.y})`}>
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
    const e = tm.trace[i];
    if (e.at < t - BURST_MS) break;
    if (e.type === 'drop' && e.at <= t) out.push({ id: e.message.id, at: e.at, from: e.message.from, to: e.message.to, reason: e.reason });
  }
  return out;
}

// ------------------------------------------------------------------ banner

function StageBanner() {
  const manual = usePane((p) => p.frame.network.settings.manual);
  const waiting = usePane((p) => (p.frame.network.settings.manual ? p.frame.messages.filter((m) => m.deliverAt === null).length : 0));
  const leader = usePane((p) => p.frame.leader);
  const partitioned = usePane((p) => p.frame.network.groups.length > 0);
  const cutLinks = usePane((p) => p.frame.network.links.filter((l) => l.link.up === false).length);
  if (manual) {
    return (
      <div className="stage-banner manual" role="status">
        <span>
          <strong>You are the network.</strong> {waiting} message{waiting === 1 ? '' : 's'} waiting: click one, then deliver or drop it.
        </span>
        <button className="btn small" onClick={() => setManualNetwork(false)}>
          Automatic
        </button>
      </div>
    );
  }
  if (partitioned || cutLinks > 0) {
    const what = [partitioned ? 'The network is partitioned' : '', cutLinks > 0 ? `${cutLinks} link direction${cutLinks === 1 ? ' is' : 's are'} cut` : '']
      .filter((x) => x !== '')
      .join('; ');
    return (
      <div className="stage-banner" role="status">
        <span>
          {what}
          {leader === null ? '; no leader is known' : ''}.
        </span>
        <button className="btn small" onClick={heal} title="Remove every partition and cut link (H)">
          Heal <kbd>H</kbd>
        </button>
      </div>
    );
  }
  return null;
}
