// The simulated clients (C1, C2, …) in a column at the left of the stage, each with its
// operation in progress (… put x=1) or its last result (✓ get x = 1); many clients: one line
// each, and past what fits, a "+ n more" box (clientColumn.ts).

import { memo } from 'react';
import { isClientName, type MessageView } from '../../sim/index.ts';
import { describeCommand } from '../../store/describe.ts';
import type { ClientView } from '../../store/frame.ts';
import { ellipsize } from '../geometry.ts';
import type { StageLayout } from '../stageLayout.ts';

/** The clients to draw: every known client and any client a message in flight comes from or goes to, by number. */
export function clientsOnStage(clients: readonly ClientView[], messages: readonly MessageView[]): string[] {
  const ids = new Set(clients.map((c) => c.id));
  for (const m of messages) {
    if (isClientName(m.from)) ids.add(m.from);
    if (isClientName(m.to)) ids.add(m.to);
  }
  return [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

export const ClientsLayer = memo(function ClientsLayer({
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
  const { compact, folded, more } = layout.clientColumn;
  const foldedSet = new Set(folded);
  const waiting = folded.filter((id) => byId.get(id)?.pending != null).length;
  return (
    <g className="clients">
      {more !== null && (
        <g transform={`translate(${more.x},${more.y})`} data-testid="clients-more">
          <title>{`${folded.length} more clients (${folded[0]} … ${folded[folded.length - 1]}); ${waiting} waiting for a reply. Their messages go to and from this box.`}</title>
          <rect className="client-box" x={-w / 2} y={-h / 2} width={w} height={h} rx={6} strokeDasharray="4 3" />
          <text className="client-text" x={-w / 2 + 6} y={4} style={{ fontSize: 11 }}>
            +{folded.length} more{waiting > 0 ? ` · ${waiting} …` : ''}
          </text>
        </g>
      )}
      {ids.map((id) => {
        if (foldedSet.has(id)) return null;
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
            {compact ? (
              // one line: the name, then the status
              <text className="client-text" x={-w / 2 + 5} y={4} style={{ fontSize: 10 }}>
                <tspan fontWeight={700}>{id}</tspan>
                <tspan className="muted"> {ellipsize(status, 11)}</tspan>
              </text>
            ) : (
              <>
                <text className="client-text" x={-w / 2 + 6} y={-2} fontWeight={700}>
                  {id}
                </text>
                <text className="client-text muted" x={-w / 2 + 6} y={11} style={{ fontSize: 10 }}>
                  {ellipsize(status, 15)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </g>
  );
});
