// The network under the servers: partition groups as shaded blobs, and the links between
// servers — each a focusable button that opens the link editor; a cut link red and dashed
// with ✂ (and an arrow when only one direction is cut). Above 12 servers only cut links are drawn.

import { memo, type ReactNode } from 'react';
import type { NetworkView } from '../../sim/index.ts';
import { linkUp } from '../../store/partition.ts';
import { openLinkEditor } from '../../store/ui.ts';
import { groupOutline, type Point } from '../geometry.ts';
import type { StageLayout } from '../stageLayout.ts';

export function GroupsLayer({ groups, layout }: { groups: string[][]; layout: StageLayout }) {
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

export const LinksLayer = memo(function LinksLayer({ ids, network, layout }: { ids: readonly string[]; network: NetworkView; layout: StageLayout }) {
  const items: ReactNode[] = [];
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
