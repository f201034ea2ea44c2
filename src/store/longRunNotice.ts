// Long runs without snapshots (issue 14): with snapshots off every server's log holds every
// entry, and the engine's memory grows with them (9 servers under heavy load: ~0.05 MB per
// simulated second; with a snapshot every 1,000 entries about half — `npm run bench`, memory).
// When a run's logs pass LONG_LOG entries, the page says so once and where to turn snapshots on.

import type { ResolvedOptions } from '../sim/index.ts';
import { useApp } from './app.ts';
import { toast } from './ui.ts';

/** Entries in one log from which a run without snapshots is told about them. */
export const LONG_LOG = 20_000;

/** The advice for a run whose longest log has `longestLog` entries, or null (none needed). */
export function snapshotAdvice(options: ResolvedOptions, longestLog: number): string | null {
  if (options.features.snapshotThreshold > 0 || longestLog < LONG_LOG) return null;
  return (
    `The logs now hold over ${LONG_LOG.toLocaleString('en')} entries each and keep every one (snapshots are off), so memory grows with the run. ` +
    'For a long run, turn on snapshots in Settings (Snapshot every … entries); that starts the run again.'
  );
}

/** Watches the frames drawn and gives the advice once per run (per set of options). */
export function watchLongRuns(): () => void {
  let toldFor: ResolvedOptions | null = null;
  return useApp.subscribe((s, prev) => {
    if (s.frame === prev.frame || s.options === toldFor) return;
    let longest = 0;
    for (const n of s.frame.nodes.values()) longest = Math.max(longest, n.log.length);
    const advice = snapshotAdvice(s.options, longest);
    if (advice === null) return;
    toldFor = s.options;
    toast(advice);
  });
}
