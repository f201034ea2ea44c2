// A server's disk writes in flight, with a disk latency (issue 15): what the Disk section shows
// is in memory already, but only what is durable survives a crash (Figure 2: persistent state is
// "updated on stable storage before responding to RPCs"). Nothing is drawn without disk latency.

import { useApp } from '../store/app.ts';
import { formatTime } from '../store/describe.ts';
import './disk.css';

export function DiskWrites({ id }: { id: string }) {
  const disk = useApp((s) => s.frame.disks?.get(id));
  const min = useApp((s) => s.options.timing.diskLatencyMin ?? 0);
  const max = useApp((s) => s.options.timing.diskLatencyMax ?? 0);
  if (disk === undefined) return null;
  const d = disk.durable;
  return (
    <div className="disk-writes" data-testid="disk-writes">
      <div className="file-name">
        Writes take {min}–{max} ms{' '}
        <span className="hint">replies wait for them; a crash loses those not yet durable</span>
      </div>
      {disk.pending.length === 0 ? (
        <p className="hint" data-testid="disk-idle">
          Everything above is durable.
        </p>
      ) : (
        <ul className="disk-pending" data-testid="disk-pending" aria-label="Writes not yet durable">
          {disk.pending.map((p, i) => (
            <li key={i}>
              <span className="disk-dot" aria-hidden="true" /> term {p.term}, votedFor {p.votedFor ?? 'null'}, log to #{p.lastIndex}
              <span className="hint">
                {' '}
                — durable at {formatTime(p.doneAt)}
                {p.held > 0 ? `, ${p.held} message${p.held === 1 ? '' : 's'} waiting` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="hint" data-testid="disk-durable">
        On disk now: term {d.term}, votedFor {d.votedFor ?? 'null'}, log to #{d.lastIndex}
      </div>
    </div>
  );
}
