// The actions of a run's script that were skipped: when their time came the live call would
// have been refused (cluster.refusedActions(): a hand-edited link, or compare pane B replaying
// pane A's script). One line with the latest, every one of them in the tooltip. Reads its pane,
// so the same line serves the main run and each pane of a comparison.

import { formatTime } from '../store/describe.ts';
import { usePane } from './pane.ts';

export function SkippedActions({ label, className = 'compare-refused' }: { label: string; className?: string }) {
  const skipped = usePane((p) => p.frame.skipped);
  if (skipped.length === 0) return null;
  const last = skipped[skipped.length - 1];
  const all = skipped.map((r) => `${formatTime(r.at)}: ${r.action} — ${r.reason}`).join('\n');
  return (
    <div className={className} role="note" data-testid="refused-actions" title={all}>
      <strong>
        {label}
        {skipped.length > 1 ? ` (${skipped.length})` : ''}:
      </strong>{' '}
      {last.action} at {formatTime(last.at)} — {shortReason(last.reason)}
    </div>
  );
}

/** "messageId 1 is not on the wire (delivered, …)" → "not on the wire". */
function shortReason(reason: string): string {
  const m = /is (not on the wire)|(already has an operation outstanding)|(unknown node id)/.exec(reason);
  return m === null ? reason : (m[1] ?? m[2] ?? m[3]);
}
