// The stage's words and buttons around the drawing: the banner (manual network; a partition or
// cut links, with Heal), the corner buttons (Legend, + Server, Compare), the hint line, and the
// script actions skipped on replay.

import { addServer, heal, setManualNetwork } from '../../store/actions.ts';
import { openCompareDialog } from '../../store/compare.ts';
import { openDialog } from '../../store/ui.ts';
import { usePane } from '../pane.ts';
import { SkippedActions } from '../SkippedActions.tsx';

/** Whether the stage shows a banner (the layout keeps a strip free for it at the bottom: it never covers a server). */
export function useStageBannerShown(): boolean {
  return usePane(
    (p) => p.frame.network.settings.manual || p.frame.network.groups.length > 0 || p.frame.network.links.some((l) => l.link.up === false),
  );
}

/** The strip the banner takes at the bottom of the stage, in px (its height and margin; presentation type is larger). */
export function bannerStrip(presentation: boolean): number {
  return presentation ? 64 : 46;
}

export function StageBanner() {
  const manual = usePane((p) => p.frame.network.settings.manual);
  const scheduler = usePane((p) => p.frame.network.settings.frozenTimers === true);
  const waiting = usePane((p) => (p.frame.network.settings.manual ? p.frame.messages.filter((m) => m.deliverAt === null).length : 0));
  const leader = usePane((p) => p.frame.leader);
  const partitioned = usePane((p) => p.frame.network.groups.length > 0);
  const cutLinks = usePane((p) => p.frame.network.links.filter((l) => l.link.up === false).length);
  if (manual) {
    return (
      <div className="stage-banner manual" role="status">
        <span>
          {scheduler ? (
            <>
              <strong>You are the scheduler.</strong> Timers frozen, {waiting} message{waiting === 1 ? '' : 's'} waiting.
            </>
          ) : (
            <>
              <strong>You are the network.</strong> {waiting} message{waiting === 1 ? '' : 's'} waiting: click one, then deliver or drop it.
            </>
          )}
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

/** Legend, + Server and Compare (pane A only; Compare hidden while comparing). */
export function StageCorner({ comparing }: { comparing: boolean }) {
  return (
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
  );
}

/** The hint line, and (not comparing: each pane's header lists its own) the skipped script actions. */
export function StageHint({ comparing }: { comparing: boolean }) {
  return (
    <>
      <p className="stage-hint" aria-hidden="true">
        Click a server: inspect · right-click: actions · drag onto another: partition · click a link: cut
      </p>
      {!comparing && <SkippedActions label="Skipped" className="stage-skipped" />}
    </>
  );
}
