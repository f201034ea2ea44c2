// storedPrefix: how much of a server's log its disk holds (thesis §10.2.1, Figure 2). The crash
// that loses a write reports the restored log from just after it (src/sim/disk.ts).

import { describe, expect, it } from 'vitest';
import { emptyList, pushItem } from './chunked.ts';
import { storedPrefix, type Persistent } from './storage.ts';
import type { LogEntry, NodeState, Snapshot } from './types.ts';

const entry = (term: number): LogEntry => ({ term, command: null, kind: 'command' });

/** A log whose first entry is at `base + 1`, with these terms. */
function log(base: number, terms: number[]) {
  const l = emptyList<LogEntry>(base);
  for (const t of terms) pushItem(l, entry(t));
  return l;
}
const snap = (index: number, term: number) => ({ index, term }) as Snapshot;

describe('storedPrefix', () => {
  it('the common prefix of the disk and the log, where neither is compacted', () => {
    const p = { currentTerm: 3, votedFor: null, log: log(0, [1, 1, 2]), snapshot: null } as Persistent;
    const node = { log: log(0, [1, 1, 3, 3]), snapshot: null } as unknown as NodeState;
    expect(storedPrefix(p, node)).toBe(2);
  });

  it('a compaction of the node’s own log: what the snapshot covers is held (its term is the disk’s term there)', () => {
    const p = { currentTerm: 3, votedFor: null, log: log(0, [1, 1, 2, 2]), snapshot: null } as Persistent;
    const node = { log: log(3, [2]), snapshot: snap(3, 2) } as unknown as NodeState;
    expect(storedPrefix(p, node)).toBe(4);
  });

  it('InstallSnapshot laid over uncommitted entries of another term: the disk holds only up to its own snapshot (seed 104026)', () => {
    // Disk: snapshot 20/term 30, entries 21–24 of term 30. Memory: the leader's snapshot 21/term 33.
    const p = { currentTerm: 56, votedFor: 'S1', log: log(20, [30, 30, 30, 30]), snapshot: snap(20, 30) } as Persistent;
    const node = { log: log(21, []), snapshot: snap(21, 33) } as unknown as NodeState;
    expect(storedPrefix(p, node)).toBe(20);
  });
});
