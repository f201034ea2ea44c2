// Opening a long run (store/longReplay.ts): a modal with the replay's progress in simulated time
// and a Cancel button (Escape cancels too). The page behind is inert while it replays.

import { cancelReplay, useReplay } from '../store/longReplay.ts';
import { formatDuration } from '../scenario/replayWork.ts';
import { Modal } from './Modal.tsx';

export function ReplayProgress() {
  const progress = useReplay((s) => s.progress);
  if (progress === null) return null;
  const { target, reached } = progress;
  const share = target > 0 ? Math.min(1, reached / target) : 1;
  return (
    <Modal
      title="Opening a long run"
      labelId="replay-progress-title"
      onClose={cancelReplay}
      footer={
        <button className="btn" onClick={cancelReplay}>
          Cancel
        </button>
      }
    >
      <p>
        This run is replayed from its start to {formatDuration(target)} of simulated time, exactly as it was recorded. Cancel shows it where the
        replay got.
      </p>
      <progress max={1} value={share} aria-label="Replay progress" style={{ width: '100%' }} />
      <p className="sc-muted" aria-live="polite">
        {formatDuration(reached)} of {formatDuration(target)} ({Math.floor(share * 100)} %)
      </p>
    </Modal>
  );
}
