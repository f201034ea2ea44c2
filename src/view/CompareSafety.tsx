// The Safety tab while comparing: its properties are run A's; this line gives run B's status
// (from B's own monitor, up to the displayed time), each violation a button to jump there.

import { useStore } from 'zustand';
import { PROPERTY_NAMES } from '../check/invariants.ts';
import { useCompare } from '../store/compare.ts';
import { formatTime } from '../store/describe.ts';
import type { PaneData, PaneStore } from '../store/panes.ts';
import { pause, seek } from '../store/playback.ts';

/** B's violations shown now, first per property: "property@at" joined (a stable selector result). */
function violationsKey(p: PaneData): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of p.session.index.violations) {
    if (v.event >= p.frame.traceLength || seen.has(v.property)) continue;
    seen.add(v.property);
    out.push(`${PROPERTY_NAMES[v.property]}@${v.at}`);
  }
  return out.join('|');
}

export function CompareSafety() {
  const pane = useCompare((c) => c.pane);
  const title = useCompare((c) => c.titles.b);
  if (pane === null) return null;
  return <RunB pane={pane} title={title} />;
}

function RunB({ pane, title }: { pane: PaneStore; title: string }) {
  const key = useStore(pane, violationsKey);
  const list = key === '' ? [] : key.split('|').map((s) => ({ name: s.slice(0, s.lastIndexOf('@')), at: Number(s.slice(s.lastIndexOf('@') + 1)) }));
  return (
    <p className="compare-safety" data-testid="compare-safety">
      <span className="compare-letter pane-b">B</span> <strong>{title}</strong>:{' '}
      {list.length === 0 ? (
        <span className="po-safe">✓ every property holds so far</span>
      ) : (
        list.map((v, i) => (
          <span key={v.name}>
            {i > 0 ? ', ' : ''}
            <span className="po-violated">✗ {v.name} violated</span>{' '}
            <button
              className="btn small"
              onClick={() => {
                pause();
                seek(v.at);
              }}
            >
              {formatTime(v.at)}
            </button>
          </span>
        ))
      )}
      <span className="hint"> (the properties below are run A’s)</span>
    </p>
  );
}
