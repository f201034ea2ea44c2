// A running video or GIF export: frames done of total, the time left, Cancel. Not a modal: the
// page stays usable while the export renders its frames off-screen.

import { useMediaExport } from './mediaExportState.ts';

function formatLeft(ms: number | null): string {
  if (ms === null) return 'estimating the time left…';
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `about ${s} s left` : `about ${Math.floor(s / 60)} min ${s % 60} s left`;
}

export default function MediaExportProgress() {
  const run = useMediaExport((s) => s.run);
  const cancel = useMediaExport((s) => s.cancel);
  if (run === null) return null;
  return (
    <div className="media-export-progress" role="status" aria-label={`${run.kind === 'gif' ? 'GIF' : 'Video'} export`} data-testid="media-progress">
      <span>{run.kind === 'gif' ? 'GIF' : 'Video'}: frame {run.done} of {run.total}</span>
      <progress max={Math.max(1, run.total)} value={run.done} aria-label="Export progress" />
      <span className="sc-muted">{formatLeft(run.leftMs)}</span>
      <button className="btn small" onClick={() => cancel?.()} data-testid="media-cancel">
        Cancel
      </button>
    </div>
  );
}
