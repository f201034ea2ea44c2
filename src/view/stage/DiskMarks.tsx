// A small disk on a server while it has writes not yet durable (disk latency, issue 15): its
// replies are waiting for them, and a crash now would lose them. Nothing without disk latency.

import type { StageLayout } from '../stageLayout.ts';
import { usePane } from '../pane.ts';
import { formatTime } from '../../store/describe.ts';
import '../disk.css';

export function DiskMarks({ ids, layout }: { ids: readonly string[]; layout: StageLayout }) {
  const disks = usePane((p) => p.frame.disks);
  const nodes = usePane((p) => p.frame.nodes);
  if (disks === undefined) return null;
  const r = layout.nodeRadius;
  const w = Math.max(8, r * 0.42);
  const h = w * 0.9;
  return (
    <g className="disk-marks" pointerEvents="none">
      {ids.map((id) => {
        const pending = disks.get(id)?.pending ?? [];
        const home = layout.nodes.get(id);
        if (pending.length === 0 || home === undefined || nodes.get(id)?.alive !== true) return null;
        const last = pending[pending.length - 1];
        return (
          <g key={id} className="disk-mark" data-disk={id} transform={`translate(${home.x + r * 0.72},${home.y + r * 0.5})`}>
            <title>{`${id} is writing to disk (${pending.length} write${pending.length === 1 ? '' : 's'}, durable at ${formatTime(last.doneAt)}): its replies wait; a crash now loses it`}</title>
            <rect x={-w / 2} y={-h / 2} width={w} height={h} rx={w * 0.12} />
            <ellipse cx={0} cy={-h / 2} rx={w / 2} ry={h * 0.22} />
            <ellipse className="disk-lip" cx={0} cy={h * 0.05} rx={w / 2} ry={h * 0.22} />
          </g>
        );
      })}
    </g>
  );
}
